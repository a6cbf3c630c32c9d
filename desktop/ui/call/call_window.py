"""The live call's window, one widget for both sides: the other side's video large with our
own picture in a corner, the call's state in plain words with both names, the link quality,
mute, camera off, low bandwidth, end, (on the spoke) accept, a chat panel and a side panel
(the patient). A connected call that carries no video (the link cannot: our adaptation sends
audio only, or the other side's pictures stopped while its sound comes) says so.

Pictures arrive from any thread through ``remote_sink``/``self_sink`` and are handed to the
UI thread newest-only (``LatestBridge``): a busy UI skips pictures, it never queues them.
The other side's sound (``remote_sound_sink``) is converted to 48 kHz mono on the decoding
thread and played in order (``QueueBridge``) on the default output, if the PC has one.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import sys
from typing import Any

import av
import cv2
import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.call.signaling import NotInRoom, NotSignedIn
from desktop.core.call import CallState
from desktop.core.call_quality import LinkQuality
from desktop.media.frames import VideoFrame
from desktop.media.playback import DecodedAudio
from desktop.ui.call.chat_panel import ChatPanel
from desktop.ui.media.audio_out import AudioOutput
from desktop.ui.media.bridge import LatestBridge, QueueBridge
from desktop.ui.media.preview import PreviewWidget

SOUND_RATE = 48_000


class Side(enum.Enum):
    SPOKE = "spoke"  # the clinic's operator with the patient: answers the doctor's call
    DOCTOR = "doctor"  # calls the spoke from the consult review


class LinkGrade(enum.Enum):
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


def link_grade(quality: LinkQuality) -> LinkGrade:
    """A plain grade of the link: poor when pictures or packets are clearly missing."""
    rtt = quality.rtt_ms or 0.0
    if quality.loss > 0.10 or rtt > 800 or quality.fps < 5:
        return LinkGrade.POOR
    if quality.loss > 0.02 or rtt > 300 or quality.fps < 12:
        return LinkGrade.FAIR
    return LinkGrade.GOOD


# Qt's RGB32 pixel (0xffRRGGBB in native byte order) as FFmpeg names its bytes: a decoded
# picture converted to it once, on the decoding side, is painted without another conversion.
PAINT_FORMAT = "bgra" if sys.byteorder == "little" else "argb"


def to_picture(frame: Any) -> VideoFrame:
    """A decoded call picture (PyAV ``VideoFrame``, converted straight to Qt's RGB32 layout:
    BGRA), a BGR array or a camera picture as the preview's frame."""
    if isinstance(frame, VideoFrame):  # the camera service's own picture
        return frame
    image = frame if isinstance(frame, np.ndarray) else frame.to_ndarray(format=PAINT_FORMAT)
    seq = int(getattr(frame, "pts", 0) or 0)
    return VideoFrame(np.ascontiguousarray(image, np.uint8), 0.0, seq)


def as_rgb32(picture: VideoFrame) -> VideoFrame:
    """``picture`` in Qt's RGB32 layout (BGRA bytes, opaque) if it is BGR."""
    image = picture.image
    if image.ndim != 3 or image.shape[2] != 3 or PAINT_FORMAT != "bgra":
        return picture
    bgra = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2BGRA), np.uint8)
    return VideoFrame(bgra, picture.time, picture.seq)


class CallWindow(QWidget):
    """Shows one call; the buttons only ask (``CallController`` does the work).

    Signals:
        accept_requested(): the spoke answers the ringing call.
        end_requested(): hang up (or close the window of an ended call).
        mute_changed(bool): the microphone muted (True) or back.
        camera_changed(bool): our camera on (True) or off.
        low_bandwidth_changed(bool): the manual low-bandwidth mode on (True) or off.
        closed(): the window was closed (a call still running is to be hung up).
    """

    accept_requested = Signal()
    end_requested = Signal()
    mute_changed = Signal(bool)
    camera_changed = Signal(bool)
    low_bandwidth_changed = Signal(bool)
    closed = Signal()

    def __init__(self, side: Side, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callWindow")
        self.side = side
        self.state = CallState.WAITING
        self.grade: LinkGrade | None = None
        self.doctor_name = ""
        self.patient_name = ""
        self.shown_remote = 0  # pictures of the other side handed to the screen
        self.failure = ""  # why the call could not start or was cut, in words
        self._failure_kind = ""
        self.sending_video = True  # our adaptation sends pictures (False: audio only)
        self.receiving_video = True  # the other side's pictures come while its sound does
        self._quality: LinkQuality | None = None

        self.names = QLabel()
        self.names.setObjectName("callNames")
        self.state_label = QLabel()
        self.state_label.setObjectName("callState")
        self.quality_label = QLabel()
        self.quality_label.setObjectName("callQuality")
        self.remote = PreviewWidget()
        self.remote.setObjectName("callRemoteVideo")
        self.own = PreviewWidget(self.remote)  # picture in picture, kept in the corner
        self.own.setObjectName("callSelfView")
        self.own.setMinimumSize(QSize(120, 90))
        # Not opaque to Qt (it still covers its whole rectangle): the other side's picture
        # then keeps a rectangular clip, which Qt's raster engine scales in one pass; cut
        # around an opaque corner it is drawn span by span on Qt's worker threads.
        self.own.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("callAccept")
        self.mute_button = QPushButton()
        self.mute_button.setCheckable(True)
        self.camera_button = QPushButton()
        self.camera_button.setCheckable(True)
        self.low_bandwidth_button = QPushButton()
        self.low_bandwidth_button.setObjectName("callLowBandwidth")
        self.low_bandwidth_button.setCheckable(True)
        self.end_button = QPushButton()
        self.end_button.setObjectName("callEnd")
        self.chat = ChatPanel()
        self.side_area = QVBoxLayout()
        self.side_area.setContentsMargins(0, 0, 0, 0)

        header = QHBoxLayout()
        header.addWidget(self.names, 1)
        header.addWidget(self.quality_label)
        controls = QHBoxLayout()
        controls.addWidget(self.accept_button)
        controls.addStretch(1)
        controls.addWidget(self.mute_button)
        controls.addWidget(self.camera_button)
        controls.addWidget(self.low_bandwidth_button)
        controls.addWidget(self.end_button)
        self.controls = controls  # add_control: the devices menu's button (devices_menu.py)
        video_column = QVBoxLayout()
        video_column.addLayout(header)
        video_column.addWidget(self.state_label)
        video_column.addWidget(self.remote, 1)
        video_column.addLayout(controls)
        self.header, self.controls, self.video_column = header, controls, video_column  # extras
        side_box = QFrame()
        side_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        side_column = QVBoxLayout(side_box)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addLayout(self.side_area, 3)
        side_column.addWidget(self.chat, 2)
        self.side_frame = side_box
        layout = QHBoxLayout(self)
        layout.addLayout(video_column, 3)
        layout.addWidget(side_box, 2)

        self._remote_frames = LatestBridge(self)
        self._remote_frames.deliver_to(self.on_remote_frame)
        self._own_frames = LatestBridge(self)
        self._own_frames.deliver_to(self.own.on_frame)
        self.speaker = AudioOutput(self)
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SOUND_RATE)
        self._sound = QueueBridge(self)
        self._sound.deliver_to(self.on_remote_sound)
        self.heard: collections.deque[np.ndarray] = collections.deque(maxlen=50)  # ~1 s
        self.accept_button.clicked.connect(self.accept_requested)
        self.end_button.clicked.connect(self.end_requested)
        self.mute_button.toggled.connect(self.on_mute_toggled)
        self.camera_button.toggled.connect(self.on_camera_toggled)
        self.low_bandwidth_button.toggled.connect(self.on_low_bandwidth_toggled)
        self.retranslate()

    # -- what is shown -----------------------------------------------------------------
    def set_names(self, doctor: str, patient: str) -> None:
        self.doctor_name, self.patient_name = doctor, patient
        self.retranslate()

    def set_side_panel(self, widget: QWidget) -> None:
        """Beside the video: the patient summary on the spoke, the review on the doctor's."""
        self.side_area.addWidget(widget, 1, Qt.AlignmentFlag.AlignTop)

    def add_control(self, widget: QWidget) -> None:
        """Another control before Mute (the devices menu's button)."""
        self.controls.insertWidget(self.controls.indexOf(self.mute_button), widget)

    @Slot(object)
    def set_state(self, state: CallState) -> None:
        self.state = state
        self.retranslate()

    @Slot(object)
    def set_quality(self, quality: LinkQuality | None) -> None:
        self._quality = quality
        self.grade = None if quality is None else link_grade(quality)
        self.retranslate()

    @property
    def audio_only(self) -> bool:
        """The call is connected but carries no video (either way)."""
        return self.state is CallState.CONNECTED and not (
            self.sending_video and self.receiving_video
        )

    def set_sending_video(self, on: bool) -> None:
        """Our adaptation's level: False while it sends audio only."""
        if on != self.sending_video:
            self.sending_video = on
            self.retranslate()

    def set_receiving_video(self, on: bool) -> None:
        """False while the other side's sound comes without its pictures."""
        if on != self.receiving_video:
            self.receiving_video = on
            self.retranslate()

    def show_chat(self, mine: bool, text: str, at: dt.datetime) -> None:
        """A chat message of the call, with who wrote it."""
        if mine:
            author = self.tr("You")
        elif self.side is Side.SPOKE:
            author = self.doctor_name or self.tr("Doctor")
        else:
            author = self.tr("Clinic")
        self.chat.show_message(author, text, at)

    def set_failure(self, exc: BaseException) -> None:
        """Why the call stopped: said plainly under the state."""
        if isinstance(exc, NotSignedIn):
            self._failure_kind = "signed-out"
        elif isinstance(exc, NotInRoom):
            self._failure_kind = "not-in-room"
        else:
            self._failure_kind = "no-hub"
        self.retranslate()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.speaker.close()
        self._sound.clear()
        self.closed.emit()
        super().closeEvent(event)

    # -- pictures (any thread) ------------------------------------------------------------
    def remote_sink(self, frame: Any) -> None:
        """A picture of the other side; converted and scaled here, off the UI thread."""
        self._remote_frames.push(self.remote.prepare(to_picture(frame)))

    def self_sink(self, frame: Any) -> None:
        """Our own picture (the camera's, or as sent), for the corner view. Any thread.
        Shrunk to the corner, then made RGB32 here (cheap at that size): the corner is
        painted again with each picture of the other side, and Qt would convert it each time."""
        self._own_frames.push(as_rgb32(self.own.prepare(to_picture(frame))))

    def remote_sound_sink(self, frame: Any) -> None:
        """A decoded sound frame of the other side (the call's decoding thread, one thread)."""
        for out in self._resampler.resample(frame):
            self._sound.push(np.ascontiguousarray(out.to_ndarray()[0], np.float32))

    @Slot(object)
    def on_remote_sound(self, samples: np.ndarray) -> None:
        self.heard.append(samples)
        self.speaker.write(DecodedAudio(samples, 0.0))

    @Slot(object)
    def on_remote_frame(self, frame: VideoFrame) -> None:
        self.shown_remote += 1
        self.remote.on_frame(frame)

    # -- controls ---------------------------------------------------------------------------
    @Slot(bool)
    def on_mute_toggled(self, muted: bool) -> None:
        self.mute_changed.emit(muted)
        self.retranslate()

    @Slot(bool)
    def on_low_bandwidth_toggled(self, on: bool) -> None:
        self.low_bandwidth_changed.emit(on)

    @Slot(bool)
    def on_camera_toggled(self, off: bool) -> None:
        self.camera_changed.emit(not off)
        self.own.set_message(self.tr("Camera off") if off else "")
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_own()

    def _place_own(self) -> None:
        area = self.remote.size()
        width = max(120, area.width() // 4)
        height = width * 3 // 4
        margin = 12
        self.own.setGeometry(
            area.width() - width - margin, area.height() - height - margin, width, height
        )
        self.own.raise_()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._place_own()

    # -- words -------------------------------------------------------------------------------
    def state_text(self) -> str:
        doctor = self.doctor_name or self.tr("the doctor")
        spoke = self.tr("the clinic")
        if self.patient_name:  # the doctor's texts name the patient too
            spoke = self.tr("the clinic (%1)").replace("%1", self.patient_name)
        other = doctor if self.side is Side.SPOKE else spoke
        texts = {
            CallState.WAITING: (self.tr("Waiting for %1 to join the call...").replace("%1", other)),
            CallState.RINGING: (
                self.tr("%1 is calling. Press Accept to answer.").replace("%1", doctor)
                if self.side is Side.SPOKE
                else self.tr("Ringing %1...").replace("%1", spoke)
            ),
            CallState.CONNECTING: self.tr("Connecting..."),
            CallState.CONNECTED: (
                self.tr("Audio only with %1 — the link cannot carry video").replace("%1", other)
                if self.audio_only
                else self.tr("Connected with %1").replace("%1", other)
            ),
            CallState.RECONNECTING: self.tr("Connection lost. Reconnecting..."),
            CallState.ENDED: self.tr("Call ended"),
        }
        return texts[self.state]

    def quality_text(self) -> str:
        """The link's figures in words (the indicator's tooltip)."""
        q = self._quality
        if q is None:
            return ""
        rtt = self.tr("unknown") if q.rtt_ms is None else f"{q.rtt_ms:.0f} ms"
        return (
            self.tr("Round trip: %1").replace("%1", rtt)
            + "\n"
            + self.tr("Loss: %1 %").replace("%1", f"{q.loss * 100:.1f}")
            + "\n"
            + self.tr("Sent: %1 kbit/s, received: %2 kbit/s")
            .replace("%1", f"{q.send_kbps:.0f}")
            .replace("%2", f"{q.receive_kbps:.0f}")
            + "\n"
            + self.tr("Pictures a second: %1").replace("%1", f"{q.fps:.0f}")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        doctor = self.doctor_name or self.tr("Doctor")
        patient = self.patient_name or self.tr("Patient")
        self.names.setText(
            self.tr("Video consult: %1 with %2").replace("%1", doctor).replace("%2", patient)
        )
        failures = {
            "signed-out": self.tr("The hub did not accept this sign-in. Sign in again."),
            "not-in-room": self.tr("This consult's call is not open to you."),
            "no-hub": self.tr("The hub could not be reached. Check the connection and try again."),
        }
        self.failure = failures.get(self._failure_kind, "")
        state = self.state_text()
        self.state_label.setText(f"{state} - {self.failure}" if self.failure else state)
        grades = {
            LinkGrade.GOOD: self.tr("Connection: good"),
            LinkGrade.FAIR: self.tr("Connection: fair"),
            LinkGrade.POOR: self.tr("Connection: poor"),
        }
        live = self.state in (CallState.CONNECTED, CallState.RECONNECTING)
        self.quality_label.setText(grades[self.grade] if live and self.grade else "")
        self.quality_label.setToolTip(self.quality_text() if live else "")
        grade = self.grade.value if self.grade else ""
        if self.quality_label.property("grade") != grade:
            self.quality_label.setProperty("grade", grade)
            self.quality_label.style().unpolish(self.quality_label)  # the colour follows
            self.quality_label.style().polish(self.quality_label)
        shows_video = self.state is CallState.CONNECTED and not self.audio_only
        self.remote.set_message("" if shows_video else self.state_text())
        self.accept_button.setText(self.tr("Accept"))
        self.accept_button.setVisible(self.side is Side.SPOKE and self.state is CallState.RINGING)
        muted, camera_off = self.mute_button.isChecked(), self.camera_button.isChecked()
        self.mute_button.setText(self.tr("Unmute") if muted else self.tr("Mute"))
        self.camera_button.setText(self.tr("Camera on") if camera_off else self.tr("Camera off"))
        self.low_bandwidth_button.setText(self.tr("Low bandwidth"))
        self.low_bandwidth_button.setToolTip(
            self.tr("Send smaller, slower video (at most 240 lines, 10 pictures a second)")
        )
        ended = self.state is CallState.ENDED
        self.end_button.setText(self.tr("Close") if ended else self.tr("End call"))
        self.mute_button.setEnabled(not ended)
        self.camera_button.setEnabled(not ended)
        self.low_bandwidth_button.setEnabled(not ended)
        self.remote.setAccessibleName(self.tr("Video of the other side"))
        self.own.setAccessibleName(self.tr("Your own picture"))
