"""Carries media from worker threads to the UI thread without ever queueing up.

A worker calls ``push`` for every item; the bridge keeps only the newest and has at most
one posted event in flight, so a busy UI sees fewer, fresher frames instead of a backlog.

Delivery uses ``QCoreApplication.postEvent`` and plain callbacks rather than a Qt signal:
PySide6 6.12.0's ``SignalInstance.emit`` drops a reference to ``True`` on every call (it
returns it without a new reference), and at 30 or 60 emits a second the interpreter
aborts within minutes ("bool_dealloc: deallocating True or False").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject

_DELIVER = QEvent.Type(QEvent.registerEventType())


class LatestBridge(QObject):
    """Thread-safe ``push`` from any thread; callbacks added with ``deliver_to`` run on the
    thread the bridge lives in (the UI thread) with the newest item."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._item: Any = None
        self._pending = False
        self._callbacks: list[Callable[[Any], None]] = []
        self.pushed = 0
        self.delivered = 0

    def deliver_to(self, callback: Callable[[Any], None]) -> None:
        self._callbacks.append(callback)

    def push(self, item: Any) -> None:
        with self._lock:
            self._item = item
            self.pushed += 1
            if self._pending:
                return  # a delivery is already on its way; it will carry this item
            self._pending = True
        QCoreApplication.postEvent(self, QEvent(_DELIVER))

    def customEvent(self, event: QEvent) -> None:
        if event.type() != _DELIVER:
            super().customEvent(event)
            return
        with self._lock:
            item, self._item = self._item, None
            self._pending = False
        if item is None:
            return
        self.delivered += 1
        for callback in list(self._callbacks):
            callback(item)


class QueueBridge(QObject):
    """Like ``LatestBridge`` but loses nothing (sound): every pushed item is delivered, in
    order, with one posted event in flight however many items wait."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._items: list[Any] = []
        self._callbacks: list[Callable[[Any], None]] = []

    def deliver_to(self, callback: Callable[[Any], None]) -> None:
        self._callbacks.append(callback)

    def push(self, item: Any) -> None:
        with self._lock:
            self._items.append(item)
            if len(self._items) > 1:
                return  # the event posted for the first one will carry this too
        QCoreApplication.postEvent(self, QEvent(_DELIVER))

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def customEvent(self, event: QEvent) -> None:
        if event.type() != _DELIVER:
            super().customEvent(event)
            return
        with self._lock:
            items, self._items = self._items, []
        for item in items:
            for callback in list(self._callbacks):
                callback(item)
