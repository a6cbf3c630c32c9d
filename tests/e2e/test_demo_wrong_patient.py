"""Issue 12 through the whole app (demo mode, embedded hub): patient A's consult with a
picture, a camera snapshot, consent, marked ready and queued at the hub; then patient B, a
child: B's consult, the Camera page, the hub status line and the banners show nothing of
A's; A's draft shows no guardian of B's; A's sent consult shows its own hub status again."""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop import paths
from desktop.changes import changes
from desktop.core.consent import GivenBy
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.services.hub_news import announcer
from desktop.settings import Settings
from desktop.storage import patient_repo
from desktop.storage.hub_news import HubNews
from desktop.sync.news import StorageSink
from desktop.ui.clinic_app import ClinicApp
from tests.desktop.ui.consult.consult_screen import adult, child, picture, screen_text
from tests.helpers.rx import Doctor

# Set to a folder to also write the screenshot pair there (docs/screenshots).
SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
pytestmark = pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")


def _register(clinic: ClinicApp, p: Patient) -> Patient:
    storage, session = clinic.storage, clinic.session
    assert storage is not None and session is not None and session.current is not None
    actor = session.current.actor(storage.device)
    storage.writer.run(
        lambda s: patient_repo.register(s, p, actor, date.today(), Decision.NEW_PATIENT)
    )
    return p


def test_the_next_patient_sees_nothing_of_the_one_before_through_the_app(
    profile: paths.Locations,
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    clinic = ClinicApp(Settings(), demo_mode=True)
    try:
        assert clinic.open_storage()
        assert clinic.sign_in(unattended=True)
        shell = clinic.build_window()
        qtbot.addWidget(shell.window)
        shell.window.resize(1366, 768)
        shell.window.show()
        window, workspace, camera = shell.window, clinic.workspace, clinic.camera_page
        notifier, capture = clinic.notifier, clinic.capture
        assert workspace is not None and camera is not None
        assert notifier is not None and capture is not None
        intake, label = workspace.intake, notifier.queue_label
        asha = _register(clinic, adult("Asha", "Verma"))
        chotu = _register(clinic, child("Chotu", "Kumar", guardian="Suresh Kumar"))

        # A: a picture, a snapshot from the Camera page, consent; marked ready.
        window.show_page("patients")
        workspace.on_patient_saved(asha)
        qtbot.waitUntil(lambda: intake.consult is not None, timeout=10_000)
        asha_consult = intake.consult.id  # type: ignore[union-attr]
        intake.on_attach_file(str(picture(tmp_path / "asha-rash.png", "red")), "image/png")
        qtbot.waitUntil(lambda: intake.attachments.model.rowCount() == 1, timeout=20_000)
        window.show_page("camera")
        assert "Asha Verma" in camera.target.text()
        qtbot.waitUntil(capture.snapshot_button.isEnabled, timeout=20_000)
        qtbot.mouseClick(capture.snapshot_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: intake.attachments.model.rowCount() == 2, timeout=20_000)
        window.show_page("patients")
        intake.consent.teleconsultation.setChecked(True)
        intake.consent.recording.setChecked(True)
        intake.consent.on_record()
        qtbot.waitUntil(lambda: "Teleconsultation: yes" in intake.consent.summary.text())
        intake.complaint_text.setPlainText("Rash on the forearm")
        intake.specialty.setCurrentIndex(intake.specialty.findData("general_medicine"))
        with qtbot.waitSignal(intake.ready, timeout=20_000):
            intake.on_mark_ready()
        # The embedded hub has it: its queue news is shown for A.
        qtbot.waitUntil(lambda: label.text().startswith("Hub: waiting"), timeout=120_000)
        if SCREENSHOT_DIR:
            window.grab().save(str(Path(SCREENSHOT_DIR) / "consult-switch-a-en.png"))

        # B, a child: nothing of A's anywhere.
        workspace.on_patient_saved(chotu)
        qtbot.waitUntil(
            lambda: intake.consult is not None and intake.consult.patient_id == chotu.id,
            timeout=10_000,
        )
        assert label.text() == "" and not label.isVisible()
        assert intake.attachments.model.rowCount() == 0 and intake.consent.summary.text() == ""
        assert intake.consent.given_by.currentData() == GivenBy.GUARDIAN.value
        assert intake.consent.guardian_name.text() == "Suresh Kumar"
        text = screen_text(intake, camera)
        for of_a in ("Asha", "asha-rash.png", "Camera snapshot", "Rash on the", "yes —"):
            assert of_a not in text, of_a
        assert "Chotu Kumar" in camera.target.text()
        assert not capture.recording_allowed  # A's consent to record is not B's
        if SCREENSHOT_DIR:
            window.grab().save(str(Path(SCREENSHOT_DIR) / "consult-switch-b-en.png"))

        # A prescription for A arrives (stored by the puller) while B is shown: the one
        # banner names A, and B stays B's.
        assert clinic.storage is not None
        sink = StorageSink(clinic.storage.writer, announcer(changes))
        rx = Doctor().prescription(str(uuid.UUID(asha_consult)))  # signed: it verifies
        sink(HubNews(str(uuid.UUID(asha_consult)), "in_progress", prescriptions=[rx]))
        want = "A prescription has arrived from the hub doctor for Asha Verma."
        qtbot.waitUntil(lambda: notifier.banner_text.text() == want, timeout=10_000)
        assert label.text() == "" and intake.consult.patient_id == chotu.id  # type: ignore[union-attr]

        # A's new draft: A answers for herself; no guardian of B's.
        workspace.on_open_patient(asha.id)
        qtbot.waitUntil(
            lambda: intake.consult is not None and intake.consult.patient_id == asha.id,
            timeout=10_000,
        )
        assert intake.consult.id != asha_consult  # type: ignore[union-attr]
        assert intake.consent.given_by.currentData() == GivenBy.PATIENT.value
        assert intake.consent.guardian_name.text() == ""
        assert "Suresh" not in screen_text(intake, camera)
        assert intake.attachments.model.rowCount() == 0 and label.text() == ""

        # A's sent consult: its own attachments and hub news again.
        intake.open_for(asha, asha_consult)
        qtbot.waitUntil(
            lambda: intake.consult is not None and intake.consult.id == asha_consult,
            timeout=10_000,
        )
        assert intake.attachments.model.rowCount() == 2
        assert label.text() == "Hub: prescription received" and label.isVisible()
    finally:
        clinic.shutdown()
