"""The camera panel follows the open consult: record only with consent to record, and a
snapshot is attached to that consult (encrypted, with a thumbnail)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import numpy as np
import pytest

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.media import snapshot as snapshots
from desktop.settings import Settings
from desktop.storage import consult_repo, patient_repo
from desktop.ui import consult_camera
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.helpers.clinical import person

_ = ctx


@pytest.fixture
def linked(ctx: ClinicContext, qtbot):  # type: ignore[no-untyped-def]
    ws = SpokeWorkspace(ctx)
    capture = CapturePanel(ctx.services.clinic.blobs, Settings(), cameras=[], microphones=[])
    qtbot.addWidget(ws)
    qtbot.addWidget(capture)
    notes: list[str] = []
    consult_camera.link(ws.intake, capture, notes.append)
    yield ws, capture, notes
    capture.stop_capture()


def _open_consult(ctx: ClinicContext, ws: SpokeWorkspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    patient = person("Sunita", "Devi", sex="female")
    reg = ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, patient, ctx.services.clinic.actor, TODAY)
    )
    stored = reg.patient
    assert stored is not None
    ws.intake.open_for(stored)
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)


def test_recording_follows_the_consent_of_the_open_consult(linked, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws, capture, _notes = linked
    assert not capture.recording_allowed
    _open_consult(ctx, ws, qtbot)
    assert not capture.recording_allowed  # a consult, but no consent to record yet
    consult = ws.intake.consult
    yes = Consent(ConsentKind.RECORDING, True, GivenBy.PATIENT, "cho.meena", datetime.now(UTC))
    ws.intake.consult = dataclasses.replace(consult, consents=[yes])
    assert capture.recording_allowed
    ws.intake.consult = None
    assert not capture.recording_allowed


def test_snapshot_without_a_consult_says_so(linked, ctx) -> None:  # type: ignore[no-untyped-def]
    _ws, capture, notes = linked
    shot = snapshots.save(ctx.services.clinic.blobs, np.zeros((120, 160, 3), dtype=np.uint8))
    capture.snapshot_saved.emit(shot)
    assert notes and "Open a consult" in notes[-1]


def test_snapshot_is_attached_to_the_open_consult(linked, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws, capture, notes = linked
    _open_consult(ctx, ws, qtbot)
    frame = np.full((240, 320, 3), 90, dtype=np.uint8)
    shot = snapshots.save(ctx.services.clinic.blobs, frame)
    capture.snapshot_saved.emit(shot)
    qtbot.waitUntil(lambda: ws.intake.attachments.model.rowCount() == 1, timeout=10_000)
    assert "attached" in notes[-1]
    consult_id = ws.intake.consult.id
    with ctx.services.clinic.db.read_session() as s:
        stored = consult_repo.load(s, consult_id)
    assert [a.media_type for a in stored.attachments] == ["image/jpeg"]


def test_recording_segments_are_queued_for_upload_while_recording(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from desktop.storage.models.outbox import OutboxEntry
    from desktop.storage.outbox_watch import OutboxWatch

    ws = SpokeWorkspace(ctx)
    capture = CapturePanel(ctx.services.clinic.blobs, Settings(), cameras=[], microphones=[])
    qtbot.addWidget(ws)
    qtbot.addWidget(capture)
    woken: list[int] = []  # the sync engine's wake path: the new outbox row itself
    watch = OutboxWatch(ctx.services.clinic.writer, lambda: woken.append(1))
    consult_camera.link(ws.intake, capture, lambda _t: None, ctx)
    _open_consult(ctx, ws, qtbot)  # (its patient's registration queues a row: not heard)
    watch.start()
    consult_id = ws.intake.consult.id
    capture.recording_state_changed.emit(True)
    assert capture.segment_sink is not None
    with ctx.services.clinic.blobs.create(kind="recording-segment") as writer:
        writer.write(b"\x00" * 4096)
    capture.segment_sink(writer.ref)  # as the recording thread does
    qtbot.waitUntil(lambda: woken == [1], timeout=10_000)
    watch.stop()
    with ctx.services.clinic.db.read_session() as s:
        rows = s.scalars(
            select(OutboxEntry).where(OutboxEntry.entity_id == writer.ref.blob_id)
        ).all()
    assert [(r.entity_type, r.operation, r.payload["consult_id"]) for r in rows] == [
        ("blob", "upload", consult_id)
    ]
    capture.recording_state_changed.emit(False)
    capture.stop_capture()


def test_the_newest_recordings_listing_wins_over_a_slower_older_one(
    ctx: ClinicContext,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Listings are read in the background: one begun before a recording finished may come
    back after the one begun when it finished, and must not hide the new recording."""
    import threading

    from desktop.media import library
    from desktop.media.journal import RecordingManifest

    ws = SpokeWorkspace(ctx)
    capture = CapturePanel(ctx.services.clinic.blobs, Settings(), cameras=[], microphones=[])
    page = consult_camera.CameraPage(ws.intake, capture, ctx)
    qtbot.addWidget(ws)
    qtbot.addWidget(page)
    _open_consult(ctx, ws, qtbot)
    # Opening the consult lists its recordings: that read must be over before the listing
    # is replaced below, or it would be taken for the older one (it ran late once, under load).
    opened = page.listing
    assert opened is not None
    qtbot.waitUntil(opened.finished.is_set, timeout=10_000)
    done = RecordingManifest("r" * 32, "low", 480, 360, 15, 48000, "2026-11-25T10:00:00+00:00")
    release_first = threading.Event()
    calls: list[int] = []

    def listing(_session: object, _consult_id: str) -> list[RecordingManifest]:
        calls.append(1)
        if len(calls) == 1:  # the older read: slow, and from before the recording ended
            release_first.wait(10)
            return []
        return [done]

    monkeypatch.setattr(library, "consult_recordings", listing)
    older = page.refresh()
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)
    newer = page.refresh()
    assert older is not None and newer is not None
    qtbot.waitUntil(newer.finished.is_set, timeout=5000)
    qtbot.waitUntil(lambda: page.recordings.model.rowCount() == 1, timeout=5000)
    release_first.set()
    # Set on the main thread by the slot that delivers the result, before its callback runs
    # in that same slot: the older result has been handed over (and dropped) by now.
    qtbot.waitUntil(older.finished.is_set, timeout=5000)
    assert page.recordings.model.recordings == [done]
    capture.stop_capture()


def _two_patients(ctx: ClinicContext):  # type: ignore[no-untyped-def]
    from tests.desktop.ui.consult.consult_screen import adult, child

    asha, chotu = adult("Asha", "Verma"), child("Chotu", "Kumar", guardian="Suresh Kumar")
    for p in (asha, chotu):
        ctx.services.clinic.writer.run(
            lambda s, p=p: patient_repo.register(s, p, ctx.services.clinic.actor, TODAY)
        )
    return asha, chotu


def _show(ws: SpokeWorkspace, qtbot, patient) -> str:  # type: ignore[no-untyped-def]
    ws.intake.open_for(patient)
    qtbot.waitUntil(
        lambda: ws.intake.consult is not None and ws.intake.consult.patient_id == patient.id,
        timeout=10_000,
    )
    return ws.intake.consult.id


@pytest.fixture
def camera_page(ctx: ClinicContext, qtbot):  # type: ignore[no-untyped-def]
    ws = SpokeWorkspace(ctx)
    capture = CapturePanel(ctx.services.clinic.blobs, Settings(), cameras=[], microphones=[])
    page = consult_camera.CameraPage(ws.intake, capture, ctx)
    qtbot.addWidget(ws)
    qtbot.addWidget(page)
    notes: list[str] = []
    consult_camera.link(ws.intake, capture, notes.append, ctx)
    yield ws, page, capture, notes
    capture.stop_capture()


def test_camera_page_names_the_patient_and_consult_it_works_for(camera_page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws, page, _capture, _notes = camera_page
    asha, chotu = _two_patients(ctx)
    assert page.target.text().startswith("No consult selected")
    _show(ws, qtbot, asha)
    assert (
        page.target.text()
        == f"Snapshots and recordings go to: Asha Verma ({asha.code}), consult: Draft"
    )
    _show(ws, qtbot, chotu)
    assert "Chotu Kumar" in page.target.text() and "Asha" not in page.target.text()
    ws.intake.on_close()
    assert page.target.text().startswith("No consult selected")
    assert page.recordings.empty.text() == "Open a consult to see its recordings."


def test_a_snapshot_goes_to_the_consult_named_when_it_was_taken(camera_page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws, _page, capture, notes = camera_page
    asha, chotu = _two_patients(ctx)
    asha_consult = _show(ws, qtbot, asha)
    capture.snapshot_button.clicked.emit()  # pressed while Asha's consult is named
    shot = snapshots.save(ctx.services.clinic.blobs, np.full((120, 160, 3), 200, dtype=np.uint8))
    chotu_consult = _show(ws, qtbot, chotu)  # another consult opens while it is stored
    capture.snapshot_saved.emit(shot)
    assert notes[-1] == f"Snapshot attached to: Asha Verma ({asha.code}), consult: Draft"

    def attached() -> bool:
        with ctx.services.clinic.db.read_session() as s:
            return consult_repo.load(s, asha_consult).attachments != []

    qtbot.waitUntil(attached, timeout=10_000)
    with ctx.services.clinic.db.read_session() as s:
        assert consult_repo.load(s, chotu_consult).attachments == []
    assert ws.intake.attachments.model.rowCount() == 0


def test_a_recording_still_running_for_another_consult_is_named(camera_page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    ws, page, capture, _notes = camera_page
    asha, chotu = _two_patients(ctx)
    _show(ws, qtbot, asha)
    capture.recording_state_changed.emit(True)
    player = QDialog(page)
    page.players.append(player)  # type: ignore[arg-type]
    player.show()
    _show(ws, qtbot, chotu)
    assert not player.isVisible()  # Asha's player closed with her consult
    lines = page.target.text().split("\n")
    assert "Chotu Kumar" in lines[0]
    assert lines[1] == f"Recording still running for: Asha Verma ({asha.code}), consult: Draft"
    capture.recording_state_changed.emit(False)
    assert "Asha" not in page.target.text()


def test_a_listing_finishing_after_the_window_is_gone_is_dropped(
    ctx: ClinicContext,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Closing the window (or a logout) while a background read is on its way: the result
    is dropped, not put into widgets that no longer exist."""
    import threading

    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from desktop.media import library

    window = QWidget()
    ws = SpokeWorkspace(ctx)
    capture = CapturePanel(ctx.services.clinic.blobs, Settings(), cameras=[], microphones=[])
    page = consult_camera.CameraPage(ws.intake, capture, ctx)
    layout = QVBoxLayout(window)
    layout.addWidget(ws)
    layout.addWidget(page)
    asha, _chotu = _two_patients(ctx)
    release = threading.Event()

    def slow(_session: object, _consult_id: str) -> list[object]:
        release.wait(10)
        return []

    monkeypatch.setattr(library, "consult_recordings", slow)
    _show(ws, qtbot, asha)  # the Camera page starts reading its recordings
    listing = page.listing
    assert listing is not None and not listing.finished.is_set()
    ticket = ws.intake.binding.view.ticket
    capture.stop_capture()
    with qtbot.waitSignal(window.destroyed, timeout=5_000):
        window.deleteLater()
    assert not ticket.live
    release.set()
    qtbot.waitUntil(listing.finished.is_set, timeout=10_000)  # delivered: no error raised
