"""The services' change announcements, delivered on the Qt main thread as a signal.

    watch = ChangeSignal(changes.changes, parent=page)
    watch.changed.connect(page.on_changed)   # @Slot(object) def on_changed(self, change)

Signals: ``changed(object)`` with a ``desktop.changes.Change``."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot

from desktop.changes import Change, ChangeBus
from desktop.ui.media.bridge import QueueBridge


class ChangeSignal(QObject):
    """Subscribes to a bus for its lifetime; a bridge carries each change to the main thread.
    Destroyed with its parent, it unsubscribes, and a change heard on a worker thread while
    the UI thread deletes it is dropped by the bridge's mailbox, never posted to the freed
    object (desktop/ui/media/bridge.py); closed, it also drops changes not yet delivered."""

    changed = Signal(object)

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False
        self._heard = QueueBridge(self)  # another thread -> the main thread, every change
        self._heard.deliver_to(self.on_heard)
        self._home = threading.get_ident()
        self._unsubscribe = bus.subscribe(self._on_announced)
        self.destroyed.connect(self._unsubscribe)

    def _on_announced(self, change: Change) -> None:
        """From the bus, on the announcing thread: the UI thread's own changes (settings
        applied, a page's save) are delivered at once, as a direct signal would; another
        thread's go through the bridge."""
        if threading.get_ident() == self._home:
            self.on_heard(change)
        else:
            self._heard.push(change)

    @Slot(object)
    def on_heard(self, change: Change) -> None:
        if not self._closed:
            self.changed.emit(change)

    def close(self) -> None:
        self._closed = True
        self._unsubscribe()
