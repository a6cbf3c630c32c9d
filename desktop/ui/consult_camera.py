"""Joins the camera panel to the consult open in the intake page: recording is allowed only
with consent to record on file, a snapshot becomes an attachment of that consult, and the
Camera page lists the consult's recordings for playback and audited export. The camera runs
while the page is shown (and on through a recording begun there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.services.media import BlobRef, RecordingManifest, Recovery
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.media.recordings import PlayerDialog, RecordingsPanel
from desktop.ui.tasks import Operation

PAGE_KEY = "camera"


class CameraPage(QWidget):
    """The Camera page: the capture panel over the open consult's recordings."""

    def __init__(
        self,
        intake: ConsultIntakePage,
        capture: CapturePanel,
        context: ClinicContext,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cameraPage")
        self.intake = intake
        self.capture = capture
        self.context = context
        self.recordings = RecordingsPanel()
        self.players: list[PlayerDialog] = []
        self._patient_id: str | None = None
        self._refreshes = 0  # only the newest listing is shown (reads may finish out of order)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(capture, 1)
        layout.addWidget(self.recordings)
        if demo:
            capture.use_test_pattern_by_default()
        capture.recording_finished.connect(self.on_recording_finished)
        self.recordings.play_requested.connect(self.on_play_requested)

    @Slot(str)
    def on_page_changed(self, key: str) -> None:
        """Connected to ``MainWindow.page_changed``: the camera runs while this page shows."""
        if key == PAGE_KEY:
            self.capture.hold(PAGE_KEY)
            self.refresh()
        else:
            self.capture.release(PAGE_KEY)

    def refresh(self) -> Operation[list[RecordingManifest]] | None:
        """List the open consult's recordings (read in the background)."""
        self._refreshes += 1
        generation = self._refreshes
        consult = self.intake.consult
        if consult is None:
            self._patient_id = None
            self.recordings.set_recordings([], consult_open=False)
            return None
        cid = consult.id

        def show(found: list[RecordingManifest]) -> None:
            current = self.intake.consult
            if generation == self._refreshes and current is not None and current.id == cid:
                self._patient_id = current.patient_id
                self.recordings.set_recordings(found, consult_open=True)

        media = self.context.services.media
        op = Operation(lambda: media.consult_recordings(cid))
        return op.success(show).run()

    def recover_interrupted(
        self,
        done: Callable[[list[RecordingManifest]], None],
        on_queued: Callable[[], None] | None = None,
    ) -> Operation[Recovery]:
        """At start: finalize recordings a crash cut off and queue journaled segments the
        database never got (background), then list them. ``done`` gets the recordings
        that were cut off and kept (at least one segment); ``on_queued`` wakes the sync
        engine when segments were queued."""
        media = self.context.services.media

        def recovered(result: Recovery) -> None:
            done(result.kept)
            if result.queued and on_queued is not None:
                on_queued()
            if result.kept or result.queued:
                self.refresh()

        return Operation(media.recover_interrupted).success(recovered).run()

    @Slot(object)
    def on_recording_finished(self, _manifest: object) -> None:
        self.refresh()

    @Slot(object)
    def on_play_requested(self, manifest: RecordingManifest) -> None:
        ctx = self.context
        audit = ctx.services.media.playback_audit(self._patient_id)
        dialog = PlayerDialog(ctx.blobs, manifest, audit, self)
        dialog.finished.connect(lambda _r: self._forget(dialog))
        self.players.append(dialog)
        dialog.show()

    def _forget(self, dialog: PlayerDialog) -> None:
        if dialog in self.players:
            self.players.remove(dialog)
        dialog.deleteLater()

    def shutdown(self) -> None:
        """Close players (their threads) and the devices; a recording is finished."""
        for dialog in list(self.players):
            dialog.reject()
        self.capture.stop_capture()


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
    capture.recording_owner = lambda: intake.consult.id if intake.consult is not None else None
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
    capture.snapshot_failed.connect(notify)  # storage full while storing the snapshot
    intake.storage_failed.connect(notify)  # ... or while attaching it to the consult


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
        future = context.services.consults.queue_recording_segment(consult_id, ref)
        if on_queued is not None:
            future.add_done_callback(lambda f: on_queued() if f.exception() is None else None)

    capture.recording_state_changed.connect(on_recording)
    capture.segment_sink = sink
