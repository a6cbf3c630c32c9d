"""News from the hub for the whole window: a prescription banner in the status bar (on every
page, plus a tray message where there is a tray) naming the patient, with a sound; and the
open consult's hub status, queue position and estimated wait as a permanent status-bar
label, which is a panel of the consult screen's binding: it describes the consult shown and
goes away with it."""

from __future__ import annotations

import math
import struct
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QUrl, Signal, Slot
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
)

from desktop import paths
from desktop.ui.consult.binding import ConsultView
from desktop.ui.sync.bridge import SyncBridge
from desktop.ui.sync.patient_names import (
    NameLookup,
    PatientNames,
    local_consult_id,
    prescription_text,
)

_effect: QSoundEffect | None = None


def _chime_file() -> Path:
    """A short two-tone chime (synthetic), written once under the profile's temp folder."""
    path = paths.get().temp / "prescription-chime.wav"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        rate = 22050
        frames = bytearray()
        for tone, seconds in ((880.0, 0.12), (1320.0, 0.18)):
            count = int(rate * seconds)
            for i in range(count):
                fade = min(1.0, (count - i) / (rate * 0.03))
                value = 0.4 * fade * math.sin(2 * math.pi * tone * i / rate)
                frames += struct.pack("<h", int(value * 32767))
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(bytes(frames))
    return path


def play_chime() -> None:
    """The prescription sound: a chime through QSoundEffect when the PC has an audio output,
    otherwise the system beep."""
    global _effect
    if not QMediaDevices.audioOutputs():
        QApplication.beep()
        return
    if _effect is None:
        _effect = QSoundEffect()
        _effect.setSource(QUrl.fromLocalFile(str(_chime_file())))
        _effect.setVolume(0.8)
    _effect.play()


_key = local_consult_id


def wait_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes = max(1, round(seconds / 60))
    # "%1", not "%Ln": lupdate does not see a plural in QCoreApplication.translate(), and a
    # plural lookup of a message without plural forms comes back untranslated.
    return QCoreApplication.translate("HubNotifier", "about %1 min").replace(
        "%1", QLocale().toString(minutes)
    )


class HubNotifier(QObject):
    """Install once per window with ``install()``: the consult screen's binding then tells it
    which consult is shown (``bind``/``clear``). Standalone, ``open_consult()`` returns the id
    of the consult on screen, or None. ``names`` looks up the patient a banner is about.

    Signals:
        notified(str): a prescription notification (banner, tray, sound) was given for
            this consult id.
    """

    notified = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        bridge: SyncBridge,
        open_consult: Callable[[], str | None] | None = None,
        play: Callable[[], None] = play_chime,
        names: NameLookup | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.open_consult = open_consult
        self.play = play
        self.names = names
        self.updates: dict[str, tuple[str, int | None, int | None]] = {}
        self._prescribed: set[str] = set()
        self._last_name = ""
        self._shown: str | None = None  # the consult the binding shows

        self.banner = QFrame()
        self.banner.setObjectName("hubNotification")
        self.banner_text = QLabel()
        self.banner_close = QPushButton()
        layout = QHBoxLayout(self.banner)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.banner_text, 1)
        layout.addWidget(self.banner_close)
        self.banner.hide()
        self.queue_label = QLabel()
        self.queue_label.setObjectName("consultQueueStatus")
        self.queue_label.hide()
        window.statusBar().addWidget(self.banner, 1)
        window.statusBar().addPermanentWidget(self.queue_label)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            if icon.isNull():  # a tray icon without an icon is refused with a warning
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self)

        self.banner_close.clicked.connect(self.banner.hide)
        bridge.prescription_arrived.connect(self.on_prescription_arrived)
        bridge.consult_updated.connect(self.on_consult_updated)
        window.installEventFilter(self)
        self.retranslate()

    # -- the consult shown (a panel of the consult screen's binding) ------------------------
    def bind(self, view: ConsultView) -> None:
        self._shown = view.consult.id
        self.refresh()

    def clear(self) -> None:
        self._shown = None
        self.refresh()

    def shown_consult(self) -> str | None:
        return self.open_consult() if self.open_consult is not None else self._shown

    # -- hub events ------------------------------------------------------------------------
    @Slot(str, object)
    def on_prescription_arrived(self, consult_id: str, prescription: dict[str, Any]) -> None:
        self._prescribed.add(_key(consult_id))
        self.refresh()
        if self.names is None:
            self._announce(consult_id, "")
        else:
            self.names(consult_id, lambda name: self._announce(consult_id, name))

    def _announce(self, consult_id: str, name: str) -> None:
        self._last_name = name
        self.retranslate()
        self.banner.show()
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(self.tr("Spoke Clinic"), self.banner_text.text())
        self.play()
        self.notified.emit(consult_id)
        self.refresh()

    @Slot(str, str, object, object)
    def on_consult_updated(
        self, consult_id: str, status: str, position: object, wait: object
    ) -> None:
        key = _key(consult_id)
        old = self.updates.get(key, ("", None, None))
        pos = position if isinstance(position, int) else None
        secs = wait if isinstance(wait, int) else None
        if pos is None and status == old[0]:
            pos, secs = old[1], old[2]  # a status-only update keeps the last position
        self.updates[key] = (status, pos, secs)
        self.refresh()

    # -- text ------------------------------------------------------------------------------
    def status_text(self, consult_id: str) -> str:
        """The hub's word on one consult, in plain words ("" if the hub said nothing yet)."""
        key = _key(consult_id)
        if key in self._prescribed:
            return self.tr("Hub: prescription received")
        if key not in self.updates:
            return ""
        status, position, wait = self.updates[key]
        if status == "queued" and position:
            text = self.tr("Hub: waiting for a doctor, position %1").replace("%1", str(position))
            if wait is not None:
                text += "  ·  " + wait_text(wait)
            return text
        names = {
            "queued": self.tr("Hub: waiting for a doctor"),
            "assigned": self.tr("Hub: a doctor has taken this consultation"),
            "in_progress": self.tr("Hub: the doctor is consulting now"),
            "completed": self.tr("Hub: consultation completed"),
            "cancelled": self.tr("Hub: consultation withdrawn"),
        }
        return names.get(status, "")

    @Slot()
    def refresh(self) -> None:
        consult_id = self.shown_consult()
        text = self.status_text(consult_id) if consult_id else ""
        if text != self.queue_label.text():
            self.queue_label.setText(text)
        self.queue_label.setVisible(bool(text))

    def retranslate(self) -> None:
        self.banner_text.setText(prescription_text(self._last_name))
        self.banner_close.setText(self.tr("Dismiss"))
        self.queue_label.setText("")
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False


def install(
    window: QMainWindow, bridge: SyncBridge, workspace: Any, names: PatientNames | None = None
) -> HubNotifier:
    """What ``ClinicApp`` calls: one notifier for the main window, following the consult
    shown in ``workspace.intake`` (the spoke workspace), naming patients from its storage."""
    names = names or PatientNames(workspace.context, window)
    notifier = HubNotifier(window, bridge, names=names.lookup)
    workspace.intake.binding.register(notifier)
    return notifier
