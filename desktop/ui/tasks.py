"""Background operations whose results come back on the main thread.

    Operation(lambda: slow_work(x)).success(show).failure(report).run_in_background()
    Operation.from_future(writer.submit(fn)).success(show).run()

Callbacks always run on the Qt main thread; the work itself never touches widgets. Without
a failure callback, a failure is shown to the user (``failure_report``), never only logged.
(Progress for long work is the page's own: the sync page shows it after 600 ms.)
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThread,
    QThreadPool,
    Signal,
    Slot,
)

from desktop.ui import failure_report

T = TypeVar("T")
log = logging.getLogger("spoke.ui")

_live: set[Operation[Any]] = set()  # keeps running operations alive until they report


class _Bridge(QObject):
    """Lives on the main thread; its queued signals carry results home."""

    done = Signal(object)
    failed = Signal(object)


def _new_bridge() -> _Bridge:
    """A bridge owned by the application object, not by Python. Every Operation is a
    reference cycle (its bridge's connections hold its bound methods), so Python's cycle
    collector frees it on whichever thread happens to allocate; a Python-owned bridge would
    then be deleted as a QObject on a worker thread, which deadlocked the main thread (seen
    with the writer thread stuck in SQLAlchemy and the main thread in a widget's polish).
    ``Operation._stop`` deletes the bridge on the main thread instead."""
    app = QCoreApplication.instance()
    if app is not None and app.thread() is QThread.currentThread():
        return _Bridge(app)
    return _Bridge()


def _deliver(signal: Any, value: object) -> None:
    try:
        signal.emit(value)
    except RuntimeError:
        # The receiving side is gone: the app is shutting down while work finished.
        log.debug("background result dropped: its receiver no longer exists")


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self._fn = fn
        self._bridge = bridge

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 -- handed to the failure callback
            _deliver(self._bridge.failed, exc)
        else:
            _deliver(self._bridge.done, result)


class Operation(Generic[T]):
    """One piece of background work with success/failure callbacks on the main thread."""

    def __init__(self, fn: Callable[[], T] | None = None) -> None:
        self._fn = fn
        self._future: Future[T] | None = None
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._bridge = _new_bridge()
        self._bridge.done.connect(self._finish_ok)
        self._bridge.failed.connect(self._finish_err)
        self.finished = threading.Event()

    @classmethod
    def from_future(cls, future: Future[T]) -> Operation[T]:
        """Wrap work already submitted elsewhere (e.g. to the database writer thread)."""
        op: Operation[T] = cls()
        op._future = future
        return op

    def success(self, fn: Callable[[T], None]) -> Operation[T]:
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> Operation[T]:
        self._on_failure = fn
        return self

    def run_in_background(self, pool: QThreadPool | None = None) -> Operation[T]:
        _live.add(self)
        if self._future is not None:
            # The future's worker keeps its callbacks until it drops the work item: they
            # must not hold this Operation (and its QObject bridge), or the last reference
            # may die on that worker thread. ``_live`` keeps it until delivery.
            ref = weakref.ref(self)

            def relay(future: Future[T]) -> None:
                op = ref()
                if op is not None:
                    op._relay_future(future)

            self._future.add_done_callback(relay)
        else:
            if self._fn is None:
                raise ValueError("Operation has nothing to run")
            (pool or QThreadPool.globalInstance()).start(_Job(self._fn, self._bridge))
        return self

    run = run_in_background

    def _relay_future(self, future: Future[T]) -> None:
        if future.cancelled():  # e.g. the call runtime stopped under it: a failure, not a crash
            _deliver(self._bridge.failed, CancelledError())
            return
        exc = future.exception()
        if exc is not None:
            _deliver(self._bridge.failed, exc)
        else:
            _deliver(self._bridge.done, future.result())

    def _stop(self) -> None:
        self.finished.set()
        _live.discard(self)
        # On the main thread, after the one result: the bridge goes here, not wherever the
        # collector later frees this Operation; the work and its future are let go now.
        self._bridge.deleteLater()
        self._fn, self._future = None, None
        # The callbacks go too: a future outlives this call in its worker thread (until the
        # worker drops the work item), and a callback's last reference to a widget freed
        # there would delete the widget off the main thread (a crash seen at sign-out).
        self._on_success, self._on_failure = None, None

    @Slot(object)
    def _finish_ok(self, result: T) -> None:
        on_success = self._on_success
        self._stop()
        if on_success is not None:
            on_success(result)

    @Slot(object)
    def _finish_err(self, exc: BaseException) -> None:
        on_failure = self._on_failure
        self._stop()
        if on_failure is not None:
            on_failure(exc)
        else:
            failure_report.report(exc)
