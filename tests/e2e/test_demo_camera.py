"""The Camera page of the running app (demo mode, in process): the camera starts when the
page is shown, a consult's recording is listed there, played, sought and exported with an
audit row, and a recording cut off by a crash is finalized at start."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from desktop import paths
from desktop import settings as settings_mod
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.media import journal
from desktop.media.journal import Journal, SegmentInfo
from desktop.settings import Settings
from desktop.storage import patient_repo
from desktop.storage.models.audit import AuditEntry
from desktop.ui.clinic_app import ClinicApp
from desktop.ui.consult_camera import CameraPage
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.media.indicator import RecordingIndicator
from desktop.ui.media.recordings import PlayerDialog
from tests.helpers.clinical import person

# Set to a folder to also write the Camera page screenshot there (docs/screenshots).
SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
pytestmark = pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")


@pytest.fixture
def clinic(profile: paths.Locations, qtbot) -> Iterator[ClinicApp]:  # type: ignore[no-untyped-def]
    app = ClinicApp(Settings(), demo_mode=True)
    try:
        assert app.open_storage()
        assert app.sign_in(unattended=True)
        shell = app.build_window()
        qtbot.addWidget(shell.window)
        shell.window.show()
        yield app
    finally:
        app.shutdown()


def _parts(clinic: ClinicApp) -> tuple[CameraPage, CapturePanel]:
    assert clinic.camera_page is not None and clinic.capture is not None
    return clinic.camera_page, clinic.capture


def test_camera_page_starts_the_test_pattern_and_stops_when_left(
    clinic: ClinicApp,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    page, capture = _parts(clinic)
    assert clinic.shell is not None
    window = clinic.shell.window
    assert not capture.capturing  # nothing runs before the page is shown
    window.show_page("camera")
    qtbot.waitUntil(lambda: capture.preview.painted >= 5, timeout=15_000)
    qtbot.waitUntil(capture.snapshot_button.isEnabled, timeout=5_000)
    assert capture.camera_box.currentData() == "test-pattern"
    assert capture.video is not None and capture.video.source.is_test_pattern
    assert not capture.record_button.isEnabled()  # no consult with consent to record
    frame = capture.latest_frame()
    assert frame is not None and frame.image.mean() > 20  # a picture, not black
    assert page.recordings.empty.text() == "Open a consult to see its recordings."

    image = window.grab()
    if SCREENSHOT_DIR:
        image.save(str(Path(SCREENSHOT_DIR) / "media-app-camera.png"))
    preview_box = QRect(capture.preview.mapTo(window, QPoint(0, 0)), capture.preview.size())
    crop = image.toImage().copy(preview_box)
    assert crop.pixelColor(crop.width() // 2, crop.height() // 3).value() > 30

    window.show_page("patients")
    assert not capture.capturing and capture.latest_frame() is None
    window.show_page("camera")
    qtbot.waitUntil(lambda: capture.latest_frame() is not None, timeout=15_000)

    # A changed choice is written to the settings file and the camera reopens with it.
    capture.fps_box.setCurrentIndex(capture.fps_box.findData(15))
    saved = settings_mod.load(paths.get().settings_file)
    assert (saved.camera_id, saved.camera_fps) == ("test-pattern", 15)
    assert capture.video is not None and capture.video.source.fps == 15


def test_a_consult_recording_is_listed_played_sought_and_exported_with_audit(
    clinic: ClinicApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    page, capture = _parts(clinic)
    assert clinic.shell is not None and clinic.workspace is not None
    window, intake, ctx = clinic.shell.window, clinic.workspace.intake, page.context
    patient = ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(
            s, person("Sunita", "Devi", sex="female"), ctx.actor, date.today()
        )
    ).patient
    assert patient is not None
    intake.open_for(patient)
    qtbot.waitUntil(lambda: intake.consult is not None, timeout=10_000)
    consult = intake.consult
    assert consult is not None
    yes = Consent(ConsentKind.RECORDING, True, GivenBy.PATIENT, "demo-operator", datetime.now(UTC))
    intake.consult = consult = dataclasses.replace(consult, consents=[yes])

    window.show_page("camera")
    qtbot.waitUntil(capture.record_button.isEnabled, timeout=15_000)
    qtbot.waitUntil(
        lambda: page.recordings.empty.text() == "No recordings in this consult yet.",
        timeout=5_000,
    )
    qtbot.mouseClick(capture.record_button, Qt.MouseButton.LeftButton)
    assert capture.recorder is not None
    (indicator,) = window.statusBar().findChildren(RecordingIndicator)
    assert indicator.recording  # seen on every page, not only on the camera page
    # The recording goes on while the operator looks at another page.
    window.show_page("patients")
    assert capture.capturing
    qtbot.waitUntil(
        lambda: capture.recorder is not None and capture.recorder.elapsed > 2.5, timeout=20_000
    )
    window.show_page("camera")
    with qtbot.waitSignal(capture.recording_finished, timeout=30_000) as finished:
        qtbot.mouseClick(capture.record_button, Qt.MouseButton.LeftButton)
    manifest = finished.args[0]
    assert manifest.consult_id == consult.id
    assert not indicator.recording
    qtbot.waitUntil(lambda: page.recordings.model.rowCount() == 1, timeout=10_000)
    assert page.recordings.model.recordings[0].recording_id == manifest.recording_id

    qtbot.mouseClick(page.recordings.play_button, Qt.MouseButton.LeftButton)
    assert len(page.players) == 1
    dialog: PlayerDialog = page.players[0]
    player = dialog.player
    assert dialog.isVisible() and player.export_button.isEnabled()
    qtbot.waitUntil(lambda: player.preview.frame is not None, timeout=10_000)
    player.seek(1.5)
    qtbot.waitUntil(
        lambda: player.preview.frame is not None and abs(player.preview.frame.time - 1.5) < 0.1,
        timeout=10_000,
    )
    if SCREENSHOT_DIR:
        player.on_refresh()  # the slider and clock at the sought moment
        qtbot.wait(100)  # and laid out
        window.grab().save(str(Path(SCREENSHOT_DIR) / "media-app-recordings.png"))
        dialog.grab().save(str(Path(SCREENSHOT_DIR) / "media-app-player.png"))

    target = tmp_path / "consult.mp4"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    with qtbot.waitSignal(player.exported, timeout=20_000):
        qtbot.mouseClick(player.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes()[4:8] == b"ftyp"
    with ctx.services.clinic.db.read_session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
        exports = [(r.entity_type, r.entity_id, r.patient_id, r.actor) for r in rows]
    assert exports == [("recording", manifest.recording_id, patient.id, "demo-operator")]

    dialog.reject()  # closing the window stops its playback thread
    assert page.players == [] and not player.player._thread.is_alive()  # type: ignore[union-attr]


def test_an_orphan_recording_is_finalized_at_start_and_announced(
    profile: paths.Locations,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    clinic = ClinicApp(Settings(), demo_mode=True)
    try:
        assert clinic.open_storage()
        assert clinic.storage is not None
        # A recording cut off by a kill: one committed segment, no "end" line, a torn line.
        with clinic.storage.blobs.create("recording-segment") as writer:
            writer.write(b"\x00" * 1024)
        ref = writer.ref
        orphan = Journal.start(journal.recordings_dir(), "standard", 640, 480, 30, 48000)
        orphan.segment(SegmentInfo(0, ref.blob_id, ref.sha256, ref.size, 0.0, 4.0, 120, 192000))
        with open(orphan.path, "ab") as fh:
            fh.write(b'{"event":"segment","ind')
        journal._live.clear()  # it belongs to a process that is gone
        assert not journal.load(orphan.path).finished

        assert clinic.sign_in(unattended=True)
        shell = clinic.build_window()
        qtbot.addWidget(shell.window)
        status = shell.window.statusBar()
        qtbot.waitUntil(
            lambda: status.currentMessage() == "1 interrupted recording was recovered and kept.",
            timeout=15_000,
        )
        again = journal.load(orphan.path)
        assert again.finished and again.recovered
        assert [s.index for s in again.segments] == [0]
    finally:
        clinic.shutdown()
