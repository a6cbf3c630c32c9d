"""Carries media from worker threads to the UI thread without ever queueing up.

A worker calls ``push`` for every item; the bridge keeps only the newest and has at most
one queued signal in flight, so a busy UI sees fewer, fresher frames instead of a backlog.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


class LatestBridge(QObject):
    """Thread-safe ``push`` from any thread; ``ready(object)`` fires on the UI thread.

    Signals:
        ready(object): the newest item pushed since the last delivery.
    """

    ready = Signal(object)
    _poke = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._item: Any = None
        self._pending = False
        self.pushed = 0
        self.delivered = 0
        self._poke.connect(self.on_poke, Qt.ConnectionType.QueuedConnection)

    def push(self, item: Any) -> None:
        with self._lock:
            self._item = item
            self.pushed += 1
            if self._pending:
                return  # a delivery is already on its way; it will carry this item
            self._pending = True
        self._poke.emit()

    @Slot()
    def on_poke(self) -> None:
        with self._lock:
            item, self._item = self._item, None
            self._pending = False
        if item is not None:
            self.delivered += 1
            self.ready.emit(item)
