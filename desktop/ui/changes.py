"""The services' change announcements, delivered on the Qt main thread as a signal.

    watch = ChangeSignal(changes.changes, parent=page)
    watch.changed.connect(page.on_changed)   # @Slot(object) def on_changed(self, change)

Signals: ``changed(object)`` with a ``desktop.changes.Change``."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from desktop.changes import Change, ChangeBus


class ChangeSignal(QObject):
    """Subscribes to a bus for its lifetime; the queued signal hops to the main thread.
    Destroyed with its parent, it unsubscribes first, so no change reaches a dead widget;
    closed, it also drops changes heard before but not yet delivered."""

    changed = Signal(object)
    _heard_signal = Signal(object)  # any thread -> this object's (the main) thread

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False
        self._heard_signal.connect(self.on_heard)
        self._unsubscribe = bus.subscribe(self._heard)
        self.destroyed.connect(self._unsubscribe)

    def _heard(self, change: Change) -> None:
        try:
            self._heard_signal.emit(change)
        except RuntimeError:  # the C++ side is already gone (shutdown)
            self._unsubscribe()

    @Slot(object)
    def on_heard(self, change: Change) -> None:
        if not self._closed:
            self.changed.emit(change)

    def close(self) -> None:
        self._closed = True
        self._unsubscribe()
