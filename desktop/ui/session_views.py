"""What logout drops on the UI side: the signed-in window and every view under it that shows
decrypted patient data (result rows, thumbnails, photos), and Qt's shared pixmap cache.

``register_window(window)`` puts one clear function into the sign-out caches
(``desktop.services.accounts.caches``), so signing out drops it with the rest.
"""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QLabel, QWidget

from desktop import logs
from desktop.services.accounts import caches

log = logs.get("ui")
WINDOW = "signed-in-window"


def drop_views(window: QWidget) -> None:
    """Empty what the window shows, then delete it (with every model and pixmap it owns).

    Runs on the main thread, inside ``UserSession.logout()``. Pictures are cleared at once;
    the widgets, their models and rows go at the next turn of the event loop (``deleteLater``);
    the app drops its own references to the window's pages."""
    QPixmapCache.clear()
    for label in window.findChildren(QLabel):
        if not label.pixmap().isNull():
            label.clear()
    window.deleteLater()
    log.info("signed-in window dropped")


def register_window(window: QWidget) -> None:
    """Call once the signed-in window is built; logout then drops it. Held weakly, and
    forgotten when the window goes another way (closed and deleted without a logout)."""
    ref = weakref.ref(window)

    def drop() -> None:
        alive = ref()
        caches.unregister(WINDOW, drop)
        if alive is not None and shiboken6.isValid(alive):
            drop_views(alive)

    caches.register(WINDOW, drop)
    window.destroyed.connect(lambda: caches.unregister(WINDOW, drop))
