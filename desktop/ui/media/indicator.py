"""The recording indicator: a red dot with the running time, impossible to miss."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QTimer, SignalInstance, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class RecordingSource(Protocol):
    """What an indicator outside the capture panel follows (the capture panel)."""

    @property
    def recording_state_changed(self) -> SignalInstance: ...

    @property
    def recording_elapsed(self) -> SignalInstance: ...


class RecordingIndicator(QWidget):
    """Grey "Not recording" when idle; a blinking red "REC mm:ss" while recording."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordingIndicator")
        self.dot = QLabel("\u25cf")
        self.text = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        self.recording = False
        self.elapsed = 0.0
        self._blink = QTimer(self)
        self._blink.setInterval(600)
        self._blink.timeout.connect(self.on_blink)
        self._lit = True
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def follow(self, source: RecordingSource) -> None:
        """Show another panel's recording: its start and stop, and its running time."""
        source.recording_state_changed.connect(self.set_recording)
        source.recording_elapsed.connect(self.set_elapsed)

    @Slot(bool)
    def set_recording(self, on: bool) -> None:
        self.recording = on
        self.elapsed = 0.0
        if on:
            self._blink.start()
        else:
            self._blink.stop()
        self._lit = True
        self.retranslate()

    @Slot(float)
    def set_elapsed(self, seconds: float) -> None:
        self.elapsed = seconds
        self.retranslate()

    @Slot()
    def on_blink(self) -> None:
        self._lit = not self._lit
        self._paint_dot()

    def _paint_dot(self) -> None:
        colour = "#d62d20" if self.recording and self._lit else "#777777"
        if self.recording and not self._lit:
            colour = "#5a1410"
        self.dot.setStyleSheet(f"color: {colour}; font-size: 16px;")

    def retranslate(self) -> None:
        if self.recording:
            minutes, seconds = divmod(int(self.elapsed), 60)
            self.text.setText(self.tr("REC %1").replace("%1", f"{minutes:02d}:{seconds:02d}"))
            self.text.setStyleSheet("color: #d62d20; font-weight: bold;")
            self.setToolTip(self.tr("This consult is being recorded"))
        else:
            self.text.setText(self.tr("Not recording"))
            self.text.setStyleSheet("color: #777777;")
            self.setToolTip("")
        self.setAccessibleName(self.text.text())
        self._paint_dot()
