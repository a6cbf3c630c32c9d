"""A new offer is announced with a sound and a tray message (the status bar where the
desktop has no tray)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget


class OfferNotifier(QObject):
    """Listens to ``QueuePage.offer_arrived``; ``status`` shows text where there is no tray.
    ``shown`` keeps what was said (tests read it)."""

    def __init__(self, window: QWidget, status: Callable[[str], None]) -> None:
        super().__init__(window)
        self._status = status
        self.shown: list[str] = []
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(window.windowIcon(), self)
            self.tray.show()

    @Slot(str)
    def on_offer_arrived(self, _consult_id: str) -> None:
        text = self.tr("A new consultation is offered to you.")
        self.shown.append(text)
        QApplication.beep()
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(self.tr("Spoke Clinic"), text)
        else:
            self._status(text)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
