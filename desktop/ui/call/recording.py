"""Recording the call (issue 16), only with the patient's recorded consent to recording: *Record
the call* on the spoke's call window (disabled, with the reason in words, without that consent
or while the call is not connected); the spoke's camera and both parties' sound go through the
consult recorder into encrypted segments, each queued for the hub as it is committed, like any
consult recording. Both windows show that the call is being recorded (the spoke tells the
doctor's window with a room message ``{"type": "recording", "on": bool}``); the end of the call
finishes the recording.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton

from desktop import logs
from desktop.call.room_tap import RoomTap
from desktop.call.signaling import SignalingError
from desktop.core.call import CallState
from desktop.media.call_recording import CallRecording
from desktop.media.journal import RecordingManifest
from desktop.ui.call.call_window import CallWindow
from desktop.ui.call.controller import CallController
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.tasks import Operation

log = logs.get("ui")

NOTICE = "recording"

# (consult id) -> a new, not yet started recording of the call; blocking-free.
RecordingFactory = Callable[[str], CallRecording]
# (consult id) -> the consult has a recorded, granted consent to recording. Blocking.
ConsentCheck = Callable[[str], bool]


def _indicator(window: CallWindow) -> QLabel:
    label = QLabel()
    label.setObjectName("callRecordingIndicator")
    label.setStyleSheet("color: #b3261e; font-weight: 600;")  # red: a recording runs
    label.hide()
    window.header.insertWidget(1, label)
    return label


class SpokeRecording(QObject):
    """The spoke's *Record the call* for one call.

    Signals:
        finished(object): the recording's manifest (None if no picture came) once stopped.
    """

    finished = Signal(object)

    def __init__(
        self,
        consult_id: str,
        window: CallWindow,
        controller: CallController,
        make: RecordingFactory,
        consent: ConsentCheck,
    ) -> None:
        super().__init__(controller)
        self.consult_id = consult_id
        self.window = window
        self.controller = controller
        self.make = make
        self.allowed: bool | None = None  # None while the consent is being read
        self.recording: CallRecording | None = None
        self.stopping: Operation[RecordingManifest | None] | None = None
        self.manifests: list[RecordingManifest | None] = []
        self._room: RoomTap | None = None
        self.button = QPushButton()
        self.button.setObjectName("callRecord")
        self.reason = QLabel()
        self.reason.setObjectName("callRecordReason")
        self.reason.setWordWrap(True)
        self.indicator = _indicator(window)
        window.controls.insertWidget(window.controls.indexOf(window.mute_button), self.button)
        window.video_column.addWidget(self.reason)
        self.button.clicked.connect(self.on_clicked)
        controller.room_extras.append(self._attach)
        controller.remote_sound_taps.append(self._remote_sound)
        controller.state_changed.connect(self.on_state)
        controller.finished.connect(self.on_call_finished)
        window.closed.connect(self.on_call_finished)  # at sign-out the window just closes
        window.mute_changed.connect(self.on_mute_changed)
        window.camera_changed.connect(self.on_camera_changed)
        self.muted, self.camera_on = False, True
        window.installEventFilter(self)
        self.checking = Operation(lambda: consent(consult_id))
        self.checking.success(self.on_consent).failure(self.on_consent_failed)
        self.checking.run_in_background()
        self.retranslate()

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        return False

    def _attach(self, room: RoomTap) -> None:  # the call's loop
        self._room = room
        room.watch("peer-joined", self._doctor_back)

    def _doctor_back(self, _message: dict[str, Any]) -> None:  # the call's loop
        """The doctor (re)joined the room: tell them again that the call is recorded."""
        room = self._room
        if self.recording is not None and room is not None:
            asyncio.ensure_future(self._send(room, True))

    @staticmethod
    async def _send(room: RoomTap, on: bool) -> None:
        try:
            await room.send({"type": NOTICE, "on": on})
        except SignalingError:
            log.info("recording notice not sent: no room")

    def _remote_sound(self, frame: Any) -> None:  # the call's decoding thread
        recording = self.recording
        if recording is not None:
            recording.remote_sound(frame)

    # -- consent and state -------------------------------------------------------------
    def on_consent(self, granted: bool) -> None:
        self.allowed = bool(granted)
        self.retranslate()

    def on_consent_failed(self, exc: BaseException) -> None:
        log.warning("consent to recording not read: %s", type(exc).__name__)
        self.allowed = False
        self.retranslate()

    @Slot(object)
    def on_state(self, _state: CallState) -> None:
        self.retranslate()

    @property
    def may_start(self) -> bool:
        return bool(self.allowed) and self.window.state is CallState.CONNECTED

    # -- recording -------------------------------------------------------------------------
    @Slot()
    def on_clicked(self) -> None:
        if self.recording is None:
            self.start()
        else:
            self.stop()

    def start(self) -> bool:
        """Start recording the call; refused (False) without consent or a connected call."""
        if self.recording is not None or self.stopping is not None:
            return False
        if not self.may_start:
            log.info("recording refused: %s", "no consent" if not self.allowed else "no call")
            return False
        recording = self.make(self.consult_id)
        recording.set_muted(self.muted)
        recording.set_camera_on(self.camera_on)
        recording.start()
        self.recording = recording
        self._tell(True)
        self.retranslate()
        return True

    def stop(self) -> Operation[RecordingManifest | None] | None:
        """Finish the recording (the last segment is committed in the background)."""
        recording, self.recording = self.recording, None
        if recording is None:
            return self.stopping
        self._tell(False)
        op: Operation[RecordingManifest | None] = Operation(recording.stop)
        op.success(self._stopped).failure(self._stop_failed)
        self.stopping = op.run_in_background()
        self.retranslate()
        return self.stopping

    def _stopped(self, manifest: RecordingManifest | None) -> None:
        self.stopping = None
        self.manifests.append(manifest)
        self.retranslate()
        self.finished.emit(manifest)

    def _stop_failed(self, exc: BaseException) -> None:
        log.warning("call recording did not finish: %s", type(exc).__name__)
        self._stopped(None)

    def _tell(self, on: bool) -> None:
        room = self._room
        if room is None or self.controller.ended:
            return

        self.controller.runtime.submit(self._send(room, on))

    @Slot(bool)
    def on_mute_changed(self, muted: bool) -> None:
        self.muted = muted
        if self.recording is not None:
            self.recording.set_muted(muted)

    @Slot(bool)
    def on_camera_changed(self, on: bool) -> None:
        self.camera_on = on
        if self.recording is not None:
            self.recording.set_camera_on(on)

    @Slot()
    @Slot(object)
    def on_call_finished(self, _result: object = None) -> None:
        self.stop()  # the end of the call finishes the recording

    # -- words ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        recording = self.recording is not None
        self.button.setText(self.tr("Stop recording") if recording else self.tr("Record the call"))
        self.button.setEnabled(recording or (self.may_start and self.stopping is None))
        if recording:
            reason = ""
        elif self.allowed is None:
            reason = self.tr("Checking the patient's consent to recording...")
        elif not self.allowed:
            reason = self.tr(
                "The call cannot be recorded: the patient's consent to recording is not on file."
            )
        elif self.stopping is not None:
            reason = self.tr("Saving the recording...")
        elif self.window.state is CallState.ENDED:
            reason = ""
        elif self.window.state is not CallState.CONNECTED:
            reason = self.tr("Recording can start once the call is connected.")
        else:
            reason = ""
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.indicator.setText(self.tr("● Recording the call"))
        self.indicator.setVisible(recording)


class DoctorRecordingNotice(QObject):
    """The doctor's window shows when the clinic records the call."""

    _heard = Signal(bool)

    def __init__(self, window: CallWindow, controller: CallController) -> None:
        super().__init__(controller)
        self.window = window
        self.recording = False
        self.indicator = _indicator(window)
        controller.room_extras.append(self._attach)
        controller.finished.connect(lambda _r: self.on_heard(False))
        self._heard.connect(self.on_heard)
        window.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        return False

    def _attach(self, room: RoomTap) -> None:
        room.on(NOTICE, lambda message: self._heard.emit(bool(message.get("on"))))

    @Slot(bool)
    def on_heard(self, on: bool) -> None:
        self.recording = on
        self.retranslate()

    def retranslate(self) -> None:
        self.indicator.setText(self.tr("● The clinic is recording this call"))
        self.indicator.setVisible(self.recording)


def install_spoke(
    launcher: CallLauncher,
    make: RecordingFactory,
    consent: ConsentCheck,
    parts: dict[str, SpokeRecording] | None = None,
) -> None:
    """Every spoke call window of ``launcher`` offers *Record the call*."""

    def extra(consult_id: str, window: CallWindow, controller: CallController) -> None:
        part = SpokeRecording(consult_id, window, controller, make, consent)
        if parts is not None:
            parts[consult_id] = part

    launcher.extras.append(extra)


def install_doctor(
    launcher: CallLauncher, parts: dict[str, DoctorRecordingNotice] | None = None
) -> None:
    """Every doctor call window of ``launcher`` shows when the clinic records the call."""

    def extra(consult_id: str, window: CallWindow, controller: CallController) -> None:
        part = DoctorRecordingNotice(window, controller)
        if parts is not None:
            parts[consult_id] = part

    launcher.extras.append(extra)
