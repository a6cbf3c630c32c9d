"""The Camera page's start-up recovery: a segment only the journal knows (a kill came
between its journal line and its database row) is filed under its consult and queued for
upload, the sync engine is woken, and the operator is told only of recordings that kept
something."""

from __future__ import annotations

from sqlalchemy import select

from desktop.media import journal
from desktop.media.journal import Journal, RecordingManifest, SegmentInfo
from desktop.settings import Settings
from desktop.storage import consult_repo, patient_repo
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult_camera import CameraPage
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.helpers.clinical import person

_ = ctx


def test_recovery_queues_segments_the_database_never_got(
    ctx: ClinicContext,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    ws = SpokeWorkspace(ctx)
    capture = CapturePanel(ctx.blobs, Settings(), cameras=[], microphones=[])
    page = CameraPage(ws.intake, capture, ctx)
    qtbot.addWidget(ws)
    qtbot.addWidget(page)
    reg = ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, person("Sunita", "Devi", sex="female"), ctx.actor, TODAY)
    )
    assert reg.patient is not None
    patient_id = reg.patient.id
    consult_id = ctx.services.clinic.writer.run(
        lambda s: consult_repo.create_draft(s, patient_id, ctx.actor)
    ).id

    folder = journal.recordings_dir()
    # Cut off right after a segment's journal line: the segment is on disk, not in the DB.
    ref = ctx.blobs.put("recording-segment", b"\x00" * 4096)
    cut = Journal.start(folder, "low", 480, 360, 15, 48000, consult_id=consult_id)
    cut.segment(SegmentInfo(0, ref.blob_id, ref.sha256, ref.size, 0.0, 4.0, 60, 192000))
    # Cut off before its first segment: nothing was kept, so nothing to announce.
    Journal.start(folder, "low", 480, 360, 15, 48000, consult_id=consult_id)
    journal._live.clear()  # both belong to a process that is gone

    told: list[list[RecordingManifest]] = []
    page.recover_interrupted(told.append)
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)

    assert [[m.recording_id for m in found] for found in told] == [[cut.manifest.recording_id]]
    with ctx.services.clinic.db.read_session() as s:
        row = s.get(BlobRecord, ref.blob_id)
        uploads = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == ref.blob_id)).all()
    assert row is not None and (row.owner_type, row.owner_id) == ("consult", consult_id)
    assert [(u.entity_type, u.operation, u.payload["consult_id"]) for u in uploads] == [
        ("blob", "upload", consult_id)
    ]
    capture.stop_capture()
