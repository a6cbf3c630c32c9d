"""The doctor's still picture in the call windows (issue 16): *Ask for a still picture* on the
doctor's window; on the spoke the camera service's next picture at the camera's full resolution
(not the call's scaled-down one) becomes an attachment of the consult (encrypted, queued for the
hub), and the operator reads "The doctor took a picture"; the doctor's window says the picture
was received and will appear in the consult's attachments (the review lists it once the spoke's
sync has sent it). The room protocol is ``desktop.call.still``.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton

from desktop import logs
from desktop.call.still import (
    CAMERA_OFF,
    NO_CALL,
    NO_CAMERA,
    StillFailed,
    StillRequester,
    StillResponder,
)
from desktop.core.call import CallState
from desktop.media import snapshot
from desktop.media.camera_service import CameraService
from desktop.media.frames import VideoFrame
from desktop.ui.call.call_window import CallWindow
from desktop.ui.call.controller import CallController
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.tasks import Operation

log = logs.get("ui")

TAKE_SECONDS = 10.0  # the camera gives a picture within this, or the still failed
NOTICE_MS = 8000  # how long the operator's notice stays
NOT_SENT = "not-sent"  # the doctor's request did not leave (no room)

# Keeps the still in the spoke's storage: (consult id, BGR picture) -> done when it is an
# attachment of the consult with its upload queued. Blocking; never on the UI thread.
StillStore = Callable[[str, npt.NDArray[np.uint8]], object]


def store_with(services: Any) -> StillStore:
    """The app's way: the picture encrypted into the blob store (JPEG, with its thumbnail),
    then attached to the consult with its upload row (``ConsultService.attach_still``)."""
    title = QCoreApplication.translate("CallStill", "Still picture from the call")

    def store(consult_id: str, image: npt.NDArray[np.uint8]) -> object:
        shot = snapshot.save(services.media.blobs, image)
        future = services.consults.attach_still(
            consult_id, shot.ref, shot.thumbnail, shot.media_type, title
        )
        return future.result()

    return store


class SpokeStill(QObject):
    """The spoke's part for one call: answers the doctor's still requests with the camera's
    next full-resolution picture, stored by ``store``; tells the operator.

    Signals:
        stored(object): a still is an attachment of the consult (what ``store`` returned).
    """

    stored = Signal(object)

    def __init__(
        self,
        consult_id: str,
        window: CallWindow,
        controller: CallController,
        camera: CameraService,
        store: StillStore,
    ) -> None:
        super().__init__(controller)
        self.consult_id = consult_id
        self.window = window
        self.controller = controller
        self.camera = camera
        self.store = store
        self.pictures: list[tuple[int, int]] = []  # (width, height) of each still taken
        self.responder = StillResponder(self.take, self.in_call)
        self._work = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="call-still")
        self.notice = QLabel()
        self.notice.setObjectName("callStillNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("font-weight: 600;")  # the operator should notice it
        self.notice.hide()
        window.video_column.addWidget(self.notice)
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.setInterval(NOTICE_MS)
        self._hide.timeout.connect(self.notice.hide)
        controller.room_extras.append(self.responder.attach)
        controller.finished.connect(self.on_call_finished)
        self.stored.connect(self.on_stored)
        self.camera_on = True  # the operator's *Camera off* holds for stills too
        window.camera_changed.connect(self.on_camera_changed)

    @Slot(bool)
    def on_camera_changed(self, on: bool) -> None:
        self.camera_on = on

    def in_call(self) -> bool:
        """On the call's loop: a still only while the call is connected."""
        session = self.controller.session
        return session is not None and session.machine.state is CallState.CONNECTED

    def take(self, still_id: str) -> concurrent.futures.Future[object]:
        """On the call's loop: the camera's next picture, stored on the still's thread."""
        done: concurrent.futures.Future[object] = concurrent.futures.Future()
        if not self.camera_on:
            done.set_exception(StillFailed(CAMERA_OFF))
            return done
        if not self.camera.is_open:
            done.set_exception(StillFailed(NO_CAMERA))
            return done
        taken = threading.Lock()

        def on_frame(frame: VideoFrame) -> None:  # the capture thread: hand over, return
            if not taken.acquire(blocking=False):
                return
            self.camera.frames.unsubscribe(on_frame)
            try:
                self._work.submit(self._keep, frame.image.copy(), done)
            except RuntimeError:  # the call ended meanwhile
                done.cancel()

        def given_up() -> None:
            if taken.acquire(blocking=False):
                self.camera.frames.unsubscribe(on_frame)
                if done.set_running_or_notify_cancel():
                    done.set_exception(StillFailed(NO_CAMERA))

        self.camera.frames.subscribe(on_frame)
        timer = threading.Timer(TAKE_SECONDS, given_up)
        timer.daemon = True
        timer.start()
        done.add_done_callback(lambda _f: timer.cancel())
        return done

    def _keep(self, image: npt.NDArray[np.uint8], done: concurrent.futures.Future[object]) -> None:
        if not done.set_running_or_notify_cancel():
            return
        try:
            result = self.store(self.consult_id, image)
        except BaseException as exc:  # noqa: BLE001 -- answered as not stored
            log.warning("still not stored: %s", type(exc).__name__)
            done.set_exception(exc)
            return
        self.pictures.append((int(image.shape[1]), int(image.shape[0])))
        done.set_result(result)
        self.stored.emit(result)

    @Slot(object)
    def on_stored(self, _result: object) -> None:
        self.notice.setText(self.tr("The doctor took a picture. It is attached to this consult."))
        self.notice.show()
        self._hide.start()

    @Slot(object)
    def on_call_finished(self, _result: object) -> None:
        self._work.shutdown(wait=False, cancel_futures=True)


class DoctorStill(QObject):
    """The doctor's part for one call: *Ask for a still picture* (while connected) and what
    became of it, in words.

    Signals:
        received(str): the spoke stored the still (the consult's id): it comes with the
            consult's attachments once the spoke's sync has sent it.
    """

    received = Signal(str)
    _answered = Signal(str, str)  # (still id, "" or the reason it failed), from the loop

    def __init__(self, consult_id: str, window: CallWindow, controller: CallController) -> None:
        super().__init__(controller)
        self.consult_id = consult_id
        self.window = window
        self.controller = controller
        self.requester = StillRequester(
            on_sent=lambda still_id: self._answered.emit(still_id, ""),
            on_failed=self._answered.emit,
        )
        self.status = ""  # "asked", "received", or a failure's reason
        self.button = QPushButton()
        self.button.setObjectName("callAskStill")
        self.label = QLabel()
        self.label.setObjectName("callStillStatus")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("font-weight: 600;")
        self.label.hide()
        window.controls.insertWidget(window.controls.indexOf(window.mute_button), self.button)
        window.video_column.addWidget(self.label)
        controller.room_extras.append(self.requester.attach)
        self._answered.connect(self.on_answered)
        self.button.clicked.connect(self.on_ask)
        controller.finished.connect(lambda _r: self.retranslate())
        window.installEventFilter(self)  # a language change re-words the button
        controller.state_changed.connect(self.on_state)
        self.on_state(window.state)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        return False

    @Slot(object)
    def on_state(self, state: CallState) -> None:
        self.button.setEnabled(state is CallState.CONNECTED)  # a still only while connected

    @Slot()
    def on_ask(self) -> None:
        if self.window.state is not CallState.CONNECTED:
            return
        self.status = "asked"
        asked = Operation.from_future(self.controller.runtime.submit(self.requester.request()))
        asked.failure(self.on_not_asked).run()
        self.retranslate()

    def on_not_asked(self, exc: BaseException) -> None:
        log.warning("still request not sent: %s", type(exc).__name__)
        self.status = NOT_SENT
        self.retranslate()

    @Slot(str, str)
    def on_answered(self, _still_id: str, reason: str) -> None:
        self.status = reason or "received"
        self.retranslate()
        if not reason:
            self.received.emit(self.consult_id)

    def retranslate(self) -> None:
        self.button.setText(self.tr("Ask for a still picture"))
        self.button.setToolTip(
            self.tr("The clinic's camera takes a full-resolution picture for the consult.")
        )
        texts = {
            "asked": self.tr("Asking the clinic's camera for a picture..."),
            "received": self.tr("Picture received — it will appear in the consult's attachments."),
            NO_CALL: self.tr("The clinic is not in the call: no picture was taken."),
            NO_CAMERA: self.tr("The clinic's camera gave no picture. Try again."),
            CAMERA_OFF: self.tr("The clinic has turned its camera off: no picture was taken."),
            NOT_SENT: self.tr("The request did not reach the clinic. Try again."),
        }
        text = texts.get(self.status, self.tr("The picture could not be kept. Try again."))
        self.label.setText(text if self.status else "")
        self.label.setVisible(bool(self.status))


def install_spoke(
    launcher: CallLauncher, store: StillStore, stills: dict[str, SpokeStill] | None = None
) -> None:
    """Every spoke call window of ``launcher`` answers the doctor's still requests."""

    def extra(consult_id: str, window: CallWindow, controller: CallController) -> None:
        part = SpokeStill(consult_id, window, controller, launcher.camera, store)
        if stills is not None:
            stills[consult_id] = part

    launcher.extras.append(extra)


def install_doctor(
    launcher: CallLauncher,
    on_received: Callable[[str], None] | None = None,
    stills: dict[str, DoctorStill] | None = None,
) -> None:
    """Every doctor call window of ``launcher`` can ask for a still; ``on_received(consult
    id)`` when one was stored at the spoke (the review looks for it)."""

    def extra(consult_id: str, window: CallWindow, controller: CallController) -> None:
        part = DoctorStill(consult_id, window, controller)
        if on_received is not None:
            part.received.connect(on_received)
        if stills is not None:
            stills[consult_id] = part

    launcher.extras.append(extra)


__all__ = [
    "DoctorStill",
    "SpokeStill",
    "install_doctor",
    "install_spoke",
    "store_with",
]
