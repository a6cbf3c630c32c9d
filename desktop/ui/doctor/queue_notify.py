"""A new offer is announced with a sound (the app's chime, or the system beep without an
audio output) and a tray message (the status bar where the desktop has no tray)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QStyle, QSystemTrayIcon, QWidget


def _chime() -> None:
    from desktop.ui.sync.notify import play_chime  # the hub-news chime, written on first use

    play_chime()


class OfferNotifier(QObject):
    """Listens to ``QueuePage.offer_arrived``; ``status`` shows text where there is no tray.
    ``shown`` keeps what was said (tests read it)."""

    def __init__(
        self,
        window: QWidget,
        status: Callable[[str], None],
        play: Callable[[], None] = _chime,
    ) -> None:
        super().__init__(window)
        self._status = status
        self._play = play
        self.shown: list[str] = []
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            if icon.isNull():  # a tray icon without an icon is refused with a warning
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.show()

    @Slot(str)
    def on_offer_arrived(self, _consult_id: str) -> None:
        text = self.tr("A new consultation is offered to you.")
        self.shown.append(text)
        self._play()
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(self.tr("Spoke Clinic"), text)
        else:
            self._status(text)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
