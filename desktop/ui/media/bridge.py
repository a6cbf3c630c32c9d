"""Carries media from worker threads to the UI thread without ever queueing up.

A worker calls ``push`` for every item; the bridge keeps only the newest and has at most
one posted event in flight, so a busy UI sees fewer, fresher frames instead of a backlog.

Every bridge posts to one mailbox, a QObject parented to the application: a bridge belongs
to its window and dies with it on the UI thread, while the camera's or the call's thread
may be pushing at that very moment. ``postEvent`` to the bridge itself would then touch a
freed object (a segfault in a later, unrelated place); the mailbox outlives every bridge,
and on the UI thread it hands the items only to bridges whose Qt object still exists.

Delivery uses ``QCoreApplication.postEvent`` and plain callbacks rather than a Qt signal:
PySide6 6.12.0's ``SignalInstance.emit`` drops a reference to ``True`` on every call (it
returns it without a new reference), and at 30 or 60 emits a second the interpreter
aborts within minutes ("bool_dealloc: deallocating True or False").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread

_DELIVER = QEvent.Type(QEvent.registerEventType())


class _Mailbox(QObject):
    """The one receiver of the bridges' posted events, alive as long as the application.
    ``post`` from any thread; the waiting bridges are served on the UI thread, in order."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._waiting: list[_Bridge] = []

    def post(self, bridge: _Bridge) -> None:
        with self._lock:
            self._waiting.append(bridge)
            if len(self._waiting) > 1:
                return  # the event posted for the first one serves this one too
        QCoreApplication.postEvent(self, QEvent(_DELIVER))

    def customEvent(self, event: QEvent) -> None:
        if event.type() != _DELIVER:
            super().customEvent(event)
            return
        with self._lock:
            waiting, self._waiting = self._waiting, []
        for bridge in waiting:
            # On the UI thread, where bridges are deleted: no race with the check.
            if shiboken6.isValid(bridge):
                bridge._deliver()
            else:
                bridge._drop()


_mailbox: _Mailbox | None = None


def _the_mailbox() -> _Mailbox:
    """The application's mailbox, made on first use (on the UI thread)."""
    global _mailbox
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("a bridge needs a running QCoreApplication")
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("a bridge is made on the UI thread")
    if _mailbox is None or not shiboken6.isValid(_mailbox):
        _mailbox = _Mailbox(app)
    return _mailbox


class _Bridge(QObject):
    """What both bridges share: callbacks, a lock and the mailbox they post to."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[Any], None]] = []
        self._mailbox = _the_mailbox()

    def deliver_to(self, callback: Callable[[Any], None]) -> None:
        self._callbacks.append(callback)

    def _deliver(self) -> None:  # on the UI thread, from the mailbox
        raise NotImplementedError

    def _drop(self) -> None:  # the Qt object is gone: what waited goes with it
        raise NotImplementedError


class LatestBridge(_Bridge):
    """Thread-safe ``push`` from any thread; callbacks added with ``deliver_to`` run on the
    UI thread with the newest item."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._item: Any = None
        self._pending = False
        self.pushed = 0
        self.delivered = 0

    def push(self, item: Any) -> None:
        with self._lock:
            self._item = item
            self.pushed += 1
            if self._pending:
                return  # a delivery is already on its way; it will carry this item
            self._pending = True
        self._mailbox.post(self)

    def _take(self) -> Any:
        with self._lock:
            item, self._item = self._item, None
            self._pending = False
        return item

    def _deliver(self) -> None:
        item = self._take()
        if item is None:
            return
        self.delivered += 1
        for callback in list(self._callbacks):
            callback(item)

    def _drop(self) -> None:
        self._take()


class QueueBridge(_Bridge):
    """Like ``LatestBridge`` but loses nothing (sound): every pushed item is delivered, in
    order, with one posted event in flight however many items wait."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []

    def push(self, item: Any) -> None:
        with self._lock:
            self._items.append(item)
            if len(self._items) > 1:
                return  # the event posted for the first one will carry this too
        self._mailbox.post(self)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def _take(self) -> list[Any]:
        with self._lock:
            items, self._items = self._items, []
        return items

    def _deliver(self) -> None:
        for item in self._take():
            for callback in list(self._callbacks):
                callback(item)

    def _drop(self) -> None:
        self._take()
