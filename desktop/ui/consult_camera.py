"""Joins the camera panel to the consult open in the intake page: recording is allowed only
with consent to record on file, a snapshot becomes an attachment of that consult, and the
Camera page names the patient and consult they go to and lists the consult's recordings
for playback and audited export. The page is a panel of the intake's ``ConsultBinding``:
it follows the bound consult and keeps nothing of the one before. The camera runs while
the page is shown (and on through a recording begun there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.services.media import BlobRef, RecordingManifest, Recovery
from desktop.ui import messages
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.binding import ConsultView
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.media.recordings import PlayerDialog, RecordingsPanel
from desktop.ui.tasks import Operation

PAGE_KEY = "camera"


def consult_words(view: ConsultView) -> str:
    """The patient and consult as the operator knows them: name, patient code, state."""
    return (
        QCoreApplication.translate("ConsultCamera", "%1 (%2), consult: %3")
        .replace("%1", view.patient.full_name)
        .replace("%2", view.patient.code)
        .replace("%3", messages.label(view.consult.status.value))
    )


class CameraPage(QWidget):
    """The Camera page: which consult snapshots and recordings go to, the capture panel, and
    the bound consult's recordings. A panel of ``intake.binding``."""

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
        self.target = QLabel()
        self.target.setObjectName("cameraTarget")
        self.target.setWordWrap(True)
        self.target.setContentsMargins(9, 8, 9, 0)  # in line with the capture panel below
        self.target.setStyleSheet("font-weight: 600;")  # whose consult: read before shooting
        self.recordings = RecordingsPanel()
        self.players: list[PlayerDialog] = []
        self.listing: Operation[list[RecordingManifest]] | None = None  # the newest read
        self._view: ConsultView | None = None
        self._recording_for: ConsultView | None = None  # a recording still running
        self._refreshes = 0  # only the newest listing is shown (reads may finish out of order)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.target)
        layout.addWidget(capture, 1)
        layout.addWidget(self.recordings)
        if demo:
            capture.use_test_pattern_by_default()
        capture.recording_finished.connect(self.on_recording_finished)
        capture.recording_state_changed.connect(self.on_recording_state_changed)
        self.recordings.play_requested.connect(self.on_play_requested)
        intake.binding.register(self)  # shows the bound consult (or none) from now on

    # -- the bound consult ---------------------------------------------------------------
    def bind(self, view: ConsultView) -> None:
        """Another consult: its name on top, its recordings below; players of the one
        before are closed."""
        self._close_players()
        self._view = view
        self.recordings.set_recordings([], consult_open=True)
        self.retranslate()
        self.refresh()

    def clear(self) -> None:
        self._close_players()
        self._view = None
        self.retranslate()
        self.refresh()

    @Slot(bool)
    def on_recording_state_changed(self, recording: bool) -> None:
        self._recording_for = self._view if recording else None
        self.retranslate()

    def retranslate(self) -> None:
        view, recording = self._view, self._recording_for
        if view is None:
            text = self.tr("No consult selected: open a consult to take snapshots or record.")
        else:
            text = self.tr("Snapshots and recordings go to: %1").replace("%1", consult_words(view))
        if recording is not None and (view is None or recording.ticket is not view.ticket):
            text += "\n" + self.tr("Recording still running for: %1").replace(
                "%1", consult_words(recording)
            )
        self.target.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(str)
    def on_page_changed(self, key: str) -> None:
        """Connected to ``MainWindow.page_changed``: the camera runs while this page shows."""
        if key == PAGE_KEY:
            self.capture.hold(PAGE_KEY)
            self.refresh()
        else:
            self.capture.release(PAGE_KEY)

    def refresh(self) -> Operation[list[RecordingManifest]] | None:
        """List the bound consult's recordings (read in the background; shown only if it is
        still the newest listing of the consult still bound)."""
        self._refreshes += 1
        generation = self._refreshes
        view = self._view
        if view is None:
            self.listing = None
            self.recordings.set_recordings([], consult_open=False)
            return None
        cid = view.consult.id

        def show(found: list[RecordingManifest]) -> None:
            if generation == self._refreshes:
                self.recordings.set_recordings(found, consult_open=True)

        media = self.context.services.media
        op = Operation(lambda: media.consult_recordings(cid))
        self.listing = op.success(view.ticket.guard(show)).run()
        return self.listing

    def recover_interrupted(
        self,
        done: Callable[[list[RecordingManifest]], None],
    ) -> Operation[Recovery]:
        """At start: finalize recordings a crash cut off and queue journaled segments the
        database never got (background), then list them. ``done`` gets the recordings
        that were cut off and kept (at least one segment). (The outbox rows queued wake the
        sync engine through storage's ``OutboxWatch``, as every outbox row does.)"""
        media = self.context.services.media

        def recovered(result: Recovery) -> None:
            done(result.kept)
            if result.kept or result.queued:
                self.refresh()

        return Operation(media.recover_interrupted).success(recovered).run()

    @Slot(object)
    def on_recording_finished(self, _manifest: object) -> None:
        self.refresh()

    @Slot(object)
    def on_play_requested(self, manifest: RecordingManifest) -> None:
        if self._view is None:
            return
        ctx = self.context
        audit = ctx.services.media.playback_audit(self._view.patient.id)
        dialog = PlayerDialog(ctx.blobs, manifest, audit, self)
        dialog.finished.connect(lambda _r: self._forget(dialog))
        self.players.append(dialog)
        dialog.show()

    def _forget(self, dialog: PlayerDialog) -> None:
        if dialog in self.players:
            self.players.remove(dialog)
        dialog.deleteLater()

    def _close_players(self) -> None:
        for dialog in list(self.players):
            dialog.reject()

    def shutdown(self) -> None:
        """Close players (their threads) and the devices; a recording is finished."""
        self._close_players()
        self.capture.stop_capture()


def link(
    intake: ConsultIntakePage,
    capture: CapturePanel,
    notify: Callable[[str], None],
    context: ClinicContext | None = None,
) -> None:
    """Wire the two pages; ``notify`` shows a short message (e.g. in the status bar).

    With ``context``, each finished recording segment is queued for upload to the hub as
    the recording goes on."""
    capture.set_recording_allowed(intake.may_record())
    intake.recording_allowed.connect(capture.set_recording_allowed)
    capture.recording_owner = lambda: intake.consult.id if intake.consult is not None else None
    if context is not None:
        _queue_segments(intake, capture, context)

    # The consult named on the Camera page when the snapshot button was pressed: the picture
    # goes there even if another consult is opened while it is being stored.
    taken_for: list[ConsultView | None] = [None]

    def on_snapshot_pressed() -> None:
        taken_for[0] = intake.binding.view

    def on_snapshot(snapshot: Any) -> None:
        view, taken_for[0] = taken_for[0] or intake.binding.view, None
        if view is None:
            notify(
                QCoreApplication.translate(
                    "ConsultCamera", "Open a consult first to attach a snapshot to it."
                )
            )
            return
        title = QCoreApplication.translate("ConsultCamera", "Camera snapshot")
        intake.attach_stored(
            snapshot.ref, snapshot.thumbnail, snapshot.media_type, title, view.ticket
        )
        notify(
            QCoreApplication.translate("ConsultCamera", "Snapshot attached to: %1").replace(
                "%1", consult_words(view)
            )
        )

    capture.snapshot_button.clicked.connect(on_snapshot_pressed)
    capture.snapshot_saved.connect(on_snapshot)
    capture.snapshot_failed.connect(notify)  # storage full while storing the snapshot
    intake.storage_failed.connect(notify)  # ... or while attaching it to the consult


def _queue_segments(
    intake: ConsultIntakePage,
    capture: CapturePanel,
    context: ClinicContext,
) -> None:
    recording_for: list[str] = []  # the consult a running recording belongs to

    def on_recording(on: bool) -> None:  # main thread
        recording_for[:] = [intake.consult.id] if on and intake.consult is not None else []

    def sink(ref: BlobRef) -> None:  # recording thread: database writer only, no widgets
        if not recording_for:
            return
        context.services.consults.queue_recording_segment(recording_for[0], ref)

    capture.recording_state_changed.connect(on_recording)
    capture.segment_sink = sink
