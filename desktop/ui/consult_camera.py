"""Joins the camera panel to the consult open in the intake page: recording is allowed only
with consent to record on file, and a snapshot becomes an attachment of that consult."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.storage import consult_repo
from desktop.storage.blobs import BlobRef
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.media.capture_panel import CapturePanel


def link(
    intake: ConsultIntakePage,
    capture: CapturePanel,
    notify: Callable[[str], None],
    context: ClinicContext | None = None,
    on_queued: Callable[[], None] | None = None,
) -> None:
    """Wire the two pages; ``notify`` shows a short message (e.g. in the status bar).

    With ``context``, each finished recording segment is queued for upload to the hub as
    the recording goes on (``on_queued`` wakes the sync engine)."""
    capture.set_recording_allowed(intake.may_record())
    intake.recording_allowed.connect(capture.set_recording_allowed)
    if context is not None:
        _queue_segments(intake, capture, context, on_queued)

    def on_snapshot(snapshot: Any) -> None:
        if intake.consult is None:
            notify(
                QCoreApplication.translate(
                    "ConsultCamera", "Open a consult first to attach a snapshot to it."
                )
            )
            return
        title = QCoreApplication.translate("ConsultCamera", "Camera snapshot")
        intake.attach_stored(snapshot.ref, snapshot.thumbnail, snapshot.media_type, title)
        notify(
            QCoreApplication.translate("ConsultCamera", "Snapshot attached to the open consult.")
        )

    capture.snapshot_saved.connect(on_snapshot)


def _queue_segments(
    intake: ConsultIntakePage,
    capture: CapturePanel,
    context: ClinicContext,
    on_queued: Callable[[], None] | None,
) -> None:
    recording_for: list[str] = []  # the consult a running recording belongs to

    def on_recording(on: bool) -> None:  # main thread
        recording_for[:] = [intake.consult.id] if on and intake.consult is not None else []

    def sink(ref: BlobRef) -> None:  # recording thread: database writer only, no widgets
        if not recording_for:
            return
        consult_id = recording_for[0]
        future = context.writer.submit(
            lambda s: consult_repo.queue_recording_segment(s, consult_id, ref, context.actor)
        )
        if on_queued is not None:
            future.add_done_callback(lambda f: on_queued() if f.exception() is None else None)

    capture.recording_state_changed.connect(on_recording)
    capture.segment_sink = sink
