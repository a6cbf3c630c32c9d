"""Opens call windows for a host screen (the spoke's consult, the doctor's review): one call
runtime for the app, the app's camera service acquired while a call runs, and the hub's
address and access token fetched in the background right before each call.
"""

from __future__ import annotations

from collections.abc import Callable

from aiortc import MediaStreamTrack
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from desktop import logs
from desktop.call.camera_track import PushedAudioTrack, PushedVideoTrack
from desktop.call.runtime import CallRuntime
from desktop.media.camera_service import CameraService
from desktop.media.frames import AudioChunk
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.controller import CallController, CallRecord
from desktop.ui.call.devices_menu import DevicesButton, DevicesMenu
from desktop.ui.tasks import Operation

log = logs.get("ui")

HubAccess = Callable[[], tuple[str, str]]  # blocking: (hub base URL, access token)
AudioFactory = Callable[[], MediaStreamTrack | None]


class CallLauncher(QObject):
    """``open_call(...)`` shows a ``CallWindow`` and starts the call in it, sending the
    camera service's pictures and (unless ``audio`` makes another track) its microphone;
    ``record`` (the spoke's ``Services.calls``) keeps each call's chat and achieved mode."""

    def __init__(
        self,
        side: Side,
        hub: HubAccess,
        camera: CameraService,
        audio: AudioFactory | None = None,
        parent: QObject | None = None,
        *,
        record: CallRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self.side = side
        self.hub = hub
        self.camera = camera
        self.audio = audio  # None: the camera service's microphone
        self.record = record
        self._runtime: CallRuntime | None = None
        self.calls: dict[str, tuple[CallWindow, CallController]] = {}
        self._let_go: dict[str, Callable[[], None]] = {}
        self.fetches: dict[str, Operation[tuple[str, str]]] = {}  # hub access, per call
        self.keep: object = None  # what the camera's source choice needs kept alive
        # Called with (consult id, window, controller) for each new call window: the call's
        # extras (the doctor's still picture, recording the call) join it there.
        self.extras: list[Callable[[str, CallWindow, CallController], None]] = []
        # Makes the window's devices menu (switch camera, sound output), if any.
        self.devices: Callable[[CallWindow], DevicesMenu] | None = None

    @property
    def runtime(self) -> CallRuntime:
        if self._runtime is None or not self._runtime.running:
            self._runtime = CallRuntime().start()
        return self._runtime

    def open_call(
        self,
        consult_id: str,
        doctor_name: str,
        patient_name: str,
        side_panel: QWidget | None = None,
        answer: bool = False,
    ) -> CallWindow:
        """The consult's call window (the one already open, raised, if there is one);
        ``answer``: the spoke answers the doctor's call as soon as it rings."""
        if consult_id in self.calls:
            window, controller = self.calls[consult_id]
            if doctor_name:
                window.set_names(doctor_name, window.patient_name or patient_name)
            if answer:
                controller.auto_accept = True
                controller.on_accept()
            window.raise_()
            window.activateWindow()
            return window
        window = CallWindow(self.side)
        window.set_names(doctor_name, patient_name)
        if side_panel is not None:
            window.set_side_panel(side_panel)
        controller = CallController(
            window, self.runtime, caller=self.side is Side.DOCTOR, record=self.record
        )
        controller.auto_accept = answer
        if self.devices is not None:
            window.add_control(DevicesButton(self.devices(window)))
        holder = f"call-{consult_id}"
        self.calls[consult_id] = (window, controller)
        for extra in self.extras:
            extra(consult_id, window, controller)

        window_closed: list[bool] = []

        def dispose() -> None:
            # Only once the call ended (its peer closed: no more pictures to the window)
            # and the window is closed.
            if controller.ended and window_closed:
                self.calls.pop(consult_id, None)
                self._let_go.pop(consult_id, None)
                self.fetches.pop(consult_id, None)
                window.deleteLater()
                controller.deleteLater()

        microphone = PushedAudioTrack()
        video = PushedVideoTrack()  # each picture the camera service pushes, as it comes

        def to_call(chunk: AudioChunk) -> None:
            microphone.push(chunk.samples, chunk.sample_rate)

        # The corner shows the camera from the start (while waiting and ringing too).
        self.camera.frames.subscribe(window.self_sink)

        def let_go() -> None:  # idempotent: at the end of the call, or at shutdown
            self.camera.frames.unsubscribe(window.self_sink)
            self.camera.frames.unsubscribe(video.push)
            self.camera.sounds.unsubscribe(to_call)
            self.camera.release(holder)

        self._let_go[consult_id] = let_go

        def ended(_result: object) -> None:
            let_go()
            dispose()

        def closed() -> None:
            window_closed.append(True)
            controller.hang_up()  # a call still running ends; disposed when it has
            dispose()

        controller.finished.connect(ended)
        window.closed.connect(closed)
        window.resize(1366, 768)
        window.show()
        self.camera.acquire(holder)

        def start(access: tuple[str, str]) -> None:
            if self._let_go.get(consult_id) is not let_go:
                return  # shut down (or closed) while the token was fetched
            base_url, token = access
            # The service keeps its subscribers across a camera switch: the call goes on
            # with the other camera's pictures.
            self.camera.frames.subscribe(video.push)
            if self.audio is not None:
                audio = self.audio()
            else:
                self.camera.sounds.subscribe(to_call)
                audio = microphone
            controller.start(
                base_url,
                consult_id,
                token,
                video,
                audio,
                show_sent=False,
                fresh_token=lambda: self.hub()[1],  # rejoins the room after the hub comes back
            )

        self.fetches[consult_id] = (
            Operation(self.hub).success(start).failure(controller.on_failed).run_in_background()
        )
        return window

    @Slot()
    def shutdown(self) -> None:
        """At sign-out or exit: end the calls and stop the runtime."""
        for window, _controller in list(self.calls.values()):
            window.close()  # hangs up
        for let_go in list(self._let_go.values()):
            let_go()  # the camera, even if the hang-up does not finish before the runtime stops
        self._let_go.clear()
        if self._runtime is not None:
            self._runtime.stop()
            self._runtime = None
