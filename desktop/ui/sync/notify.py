"""News from the hub for the whole window, read from storage when the puller announces it:
a prescription banner naming the patient in the status bar (on every page, plus a tray
message where there is a tray) with a sound, and the open consult's hub status, queue
position and estimated wait as a permanent status-bar label, which is a panel of the
consult screen's binding: it describes the consult shown and goes away with it."""

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
from desktop.changes import Change, ChangeBus, Kind
from desktop.core import rx_history
from desktop.services.hub_news import HubNewsService
from desktop.ui.changes import ChangeSignal
from desktop.ui.consult.binding import ConsultView

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
    which consult is shown (``bind``/``clear``); standalone, ``open_consult()`` returns the id
    of the consult on screen, or None. Everything shown is
    read from storage (``news``) when the change bus says the puller stored something: no
    timer, and exactly one banner, tray message and sound per new prescription.

    Signals:
        notified(str): a prescription notification (banner, tray, sound) was given for
            this consult id.
    """

    notified = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        news: HubNewsService,
        bus: ChangeBus,
        open_consult: Callable[[], str | None] | None = None,
        play: Callable[[], None] = play_chime,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.news = news
        self.open_consult = open_consult
        self.play = play
        self._last_patient = ""
        self._last_refused = False  # the last prescription announced did not verify
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
        self.watch = ChangeSignal(bus, self)
        self.watch.changed.connect(self.on_changed)
        window.installEventFilter(self)
        self.retranslate()

    # -- what the puller stored ------------------------------------------------------------
    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.kind is Kind.PRESCRIPTION and change.reason == "pulled":
            for rx_id in change.ids:
                self._announce(rx_id)
        if change.kind in (Kind.CONSULT, Kind.PRESCRIPTION):
            self.refresh()

    def _announce(self, prescription_id: str) -> None:
        found = self.news.prescription_patient(prescription_id)
        if found is None:
            return
        consult_id, self._last_patient = found
        arrived = [r for r in self.news.prescriptions(consult_id) if r.id == prescription_id]
        self._last_refused = bool(arrived) and not arrived[0].printable
        self.retranslate()
        self.banner.show()
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(self.tr("Spoke Clinic"), self.banner_text.text())
        self.play()
        self.notified.emit(consult_id)

    # -- text ------------------------------------------------------------------------------
    def status_text(self, consult_id: str) -> str:
        """The hub's word on one consult, as stored, in plain words ("" if none yet)."""
        received = self.news.prescriptions(consult_id)
        if received and rx_history.refused(received):
            return self.tr("Hub: prescription received, NOT verified")
        if received:
            return self.tr("Hub: prescription received")
        state = self.news.state(consult_id)
        if state is None or not state.hub_status:
            return ""
        status, position, wait = state.hub_status, state.position, state.wait_seconds
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

    # -- the consult shown (a panel of the consult screen's binding) ------------------------
    def bind(self, view: ConsultView) -> None:
        self._shown = view.consult.id
        self.refresh()

    def clear(self) -> None:
        self._shown = None
        self.refresh()

    def shown_consult(self) -> str | None:
        return self.open_consult() if self.open_consult is not None else self._shown

    def refresh(self) -> None:
        consult_id = self.shown_consult()
        text = self.status_text(consult_id) if consult_id else ""
        if text != self.queue_label.text():
            self.queue_label.setText(text)
        self.queue_label.setVisible(bool(text))

    def retranslate(self) -> None:
        if self._last_refused:
            text = self.tr(
                "The prescription received for %1 could not be verified: do not print or "
                "dispense it. Ask the hub to send it again."
            )
        else:
            text = self.tr("A prescription has arrived from the hub doctor for %1.")
        self.banner_text.setText(text.replace("%1", self._last_patient))
        self.banner_close.setText(self.tr("Dismiss"))
        self.queue_label.setText("")
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False


def install(
    window: QMainWindow, news: HubNewsService, bus: ChangeBus, workspace: Any
) -> HubNotifier:
    """What ``ClinicApp`` calls: one notifier for the main window, a panel of the binding of
    the consult screen in ``workspace.intake`` (the spoke workspace): its status line follows
    the consult shown and goes away with it."""
    notifier = HubNotifier(window, news, bus)
    workspace.intake.binding.register(notifier)
    return notifier
