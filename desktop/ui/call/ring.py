"""The ring at the spoke: the hub's call bell (``desktop.call.bell``) heard on its own call
runtime, the calls that ring (consult → the doctor's name), a banner shown on every page
("Dr. X is calling about <patient>" with Accept) and the ring tone while any call rings.
Loads no WebRTC: the bell is a WebSocket, so signing in stays quick."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtMultimedia import QAudioDevice
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.call.bell import Access, CallBellClient
from desktop.call.runtime import CallRuntime
from desktop.media.playback import DecodedAudio
from desktop.ui.media.audio_out import AudioOutput
from desktop.ui.media.bridge import QueueBridge

RING_EVERY_MS = 3000
RATE = 48_000


def ring_tone() -> np.ndarray:
    """India's ring-back cadence: 400 Hz modulated at 25 Hz, 0.4 s on, 0.2 s off, 0.4 s on."""
    t = np.arange(int(0.4 * RATE)) / RATE
    burst = 0.3 * np.sin(2 * np.pi * 400 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 25 * t))
    gap = np.zeros(int(0.2 * RATE))
    return np.concatenate([burst, gap, burst]).astype(np.float32)


class CallBell(QObject):
    """What rings now, from the hub's word (``calling``/``answered``/``call-over``).

    Signals:
        ringing(str, str): a consult (wire id) rings, with the doctor's name.
        stopped(str): it no longer rings (answered here or elsewhere, or the doctor left).
    """

    ringing = Signal(str, str)
    stopped = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.calls: dict[str, str] = {}  # consult wire id -> doctor's name, while it rings
        self.doctors: dict[str, str] = {}  # consult -> the doctor who called (kept after)
        self.heard = False  # the hub's bell is connected
        self._events = QueueBridge(self)
        self._events.deliver_to(self.on_event)
        self._runtime: CallRuntime | None = None
        self._task: concurrent.futures.Future[None] | None = None

    def start(self, access: Access) -> None:
        """Listen to the hub (on a runtime of its own) until ``stop``."""
        if self._task is not None:
            return
        self._runtime = CallRuntime("spoke-ring").start()
        client = CallBellClient(access, self._events.push)
        self._task = self._runtime.submit(client.run())

    def stop(self) -> None:
        if self._runtime is not None:
            self._runtime.stop()  # cancels the bell's task
        self._runtime = self._task = None
        self._events.clear()
        for consult in list(self.calls):
            self._stop(consult)

    @Slot(object)
    def on_event(self, event: dict[str, Any]) -> None:
        kind, consult = event.get("type"), str(event.get("consult", ""))
        if kind == "watching":
            self.heard = True
            now = {str(c.get("consult")): str(c.get("doctor", "")) for c in event["calling"]}
            for gone in [c for c in self.calls if c not in now]:
                self._stop(gone)
            for c, doctor in now.items():
                self._ring(c, doctor)
        elif kind == "calling":
            self._ring(consult, str(event.get("doctor", "")))
        elif kind in ("answered", "call-over"):
            self._stop(consult)
        elif kind == "bell-lost":
            self.heard = False

    def _ring(self, consult: str, doctor: str) -> None:
        self.doctors[consult] = doctor
        if self.calls.get(consult) != doctor:
            self.calls[consult] = doctor
            self.ringing.emit(consult, doctor)

    def _stop(self, consult: str) -> None:
        if self.calls.pop(consult, None) is not None:
            self.stopped.emit(consult)

    def answered_here(self, consult: str) -> None:
        """The operator took the call on this PC: it stops ringing at once."""
        self._stop(consult)


class RingTone(QObject):
    """Plays the ring every few seconds while ``start``ed (silently on a PC without output)."""

    def __init__(
        self,
        parent: QObject | None = None,
        device: Callable[[], QAudioDevice | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.device = device  # the chosen sound output (None: the default)
        self.output: AudioOutput | None = None
        self.played = 0  # rings handed to the output
        self._tone = ring_tone()
        self._timer = QTimer(self)
        self._timer.setInterval(RING_EVERY_MS)
        self._timer.timeout.connect(self.on_ring)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if not self._timer.isActive():
            if self.output is None:
                self.output = AudioOutput(self, self.device())
            self._timer.start()
            self.on_ring()

    def stop(self) -> None:
        self._timer.stop()
        if self.output is not None:
            self.output.reset()

    @Slot()
    def on_ring(self) -> None:
        assert self.output is not None
        self.played += 1
        self.output.write(DecodedAudio(self._tone, 0.0))


class RingBanner(QFrame):
    """A non-modal notice above every page while a call rings: who calls about whom, Accept.
    Its holder shows and hides it (a tool bar's widget stays shown: hiding it disables it).

    Signals:
        accepted(str): the operator answers this consult's (wire id) call.
    """

    accepted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ringBanner")
        self.consult = ""
        self.doctor = ""
        self.patient = ""
        self.text = QLabel()
        self.text.setObjectName("ringText")
        self.text.setWordWrap(True)
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("callAccept")
        self.accept_button.clicked.connect(self.on_accept_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.accept_button)
        self.retranslate()

    def show_call(self, consult: str, doctor: str, patient: str) -> None:
        self.consult, self.doctor, self.patient = consult, doctor, patient
        self.retranslate()

    def hide_call(self, consult: str) -> None:
        if consult == self.consult:
            self.consult = ""

    @Slot()
    def on_accept_clicked(self) -> None:
        if self.consult:
            self.accepted.emit(self.consult)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        doctor = self.doctor or self.tr("The doctor")
        if self.patient:
            words = self.tr("%1 is calling about %2").replace("%2", self.patient)
        else:
            words = self.tr("%1 is calling")
        self.text.setText(words.replace("%1", doctor))
        self.accept_button.setText(self.tr("Accept"))
        self.setAccessibleName(self.text.text())
