"""An Operation's bridge (the QObject that carries its result home) is deleted on the main
thread, never by Python's cycle collector on whatever worker thread runs it: a QObject
deleted there deadlocked the main thread (writer thread frozen in SQLAlchemy, main thread
in a widget's polish) about one run in four of the consult and patient UI tests."""

from __future__ import annotations

import gc
import threading
from concurrent.futures import CancelledError, Future

from PySide6.QtCore import Qt

from desktop.ui.tasks import Operation


def test_a_finished_operations_bridge_goes_on_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    deleted_on: list[bool] = []
    # Work on the database writer: the future holds the Operation's callback, the Operation
    # holds the future -- a cycle only the collector frees.
    future: Future[int] = Future()
    op = Operation.from_future(future).success(lambda _result: None).run()
    threading.Thread(target=future.set_result, args=(1,)).start()
    op._bridge.destroyed.connect(
        lambda *_: deleted_on.append(threading.current_thread() is threading.main_thread()),
        Qt.ConnectionType.DirectConnection,
    )
    qtbot.waitUntil(op.finished.is_set, timeout=5_000)
    del op, future
    collector = threading.Thread(target=gc.collect)  # as if a worker thread allocated
    collector.start()
    collector.join()
    qtbot.waitUntil(lambda: deleted_on != [], timeout=5_000)
    assert deleted_on == [True]


def test_a_cancelled_future_reaches_the_failure_handler(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A future cancelled under the operation (the call runtime stopping) is a failure."""
    future: Future[int] = Future()
    failed: list[BaseException] = []
    op = Operation.from_future(future).failure(failed.append).run()
    assert future.cancel()
    qtbot.waitUntil(op.finished.is_set, timeout=5000)
    assert len(failed) == 1 and isinstance(failed[0], CancelledError)
