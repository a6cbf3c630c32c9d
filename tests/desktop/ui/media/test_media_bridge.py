"""The worker-to-UI bridge keeps only the newest item and does not leak references."""

from __future__ import annotations

import sys
import threading

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject

from desktop.ui.media.bridge import LatestBridge, QueueBridge


def test_a_busy_ui_gets_the_newest_item_not_a_backlog(qtbot) -> None:  # type: ignore[no-untyped-def]
    bridge = LatestBridge()
    got: list[int] = []
    bridge.deliver_to(got.append)
    worker = threading.Thread(target=lambda: [bridge.push(i) for i in range(2000)])
    worker.start()
    worker.join()  # the UI thread was "busy": no events processed meanwhile
    qtbot.waitUntil(lambda: got == [1999], timeout=2000)
    assert bridge.pushed == 2000 and bridge.delivered == 1
    bridge.push(2000)
    qtbot.waitUntil(lambda: got == [1999, 2000], timeout=2000)


def test_many_deliveries_keep_the_refcount_of_true(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0's Signal.emit loses a reference to True per call; the bridge must
    not use it, or a long consult would abort the interpreter."""
    bridge = LatestBridge()
    got: list[int] = []
    bridge.deliver_to(got.append)
    app = QCoreApplication.instance()
    assert app is not None
    before = sys.getrefcount(True)
    for i in range(1, 1001):
        bridge.push(i)
        app.processEvents()
        assert got[-1] == i
    assert abs(sys.getrefcount(True) - before) < 50


def test_the_sound_bridge_loses_nothing_and_keeps_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    bridge = QueueBridge()
    got: list[int] = []
    bridge.deliver_to(got.append)
    worker = threading.Thread(target=lambda: [bridge.push(i) for i in range(3000)])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(got) == 3000, timeout=2000)
    assert got == list(range(3000))


def test_a_push_after_the_window_is_gone_is_dropped_not_posted_to_a_freed_object(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The camera's or the call's thread may push while the UI thread deletes the window
    (and its bridges): the push must never reach the deleted Qt object."""
    app = QCoreApplication.instance()
    assert app is not None
    for kind in (LatestBridge, QueueBridge):
        owner = QObject()
        bridge = kind(owner)
        got: list[int] = []
        bridge.deliver_to(got.append)
        bridge.push(1)
        qtbot.waitUntil(lambda got=got: got == [1], timeout=2000)
        del owner  # the window closes: its bridges go with it, on the UI thread
        assert not shiboken6.isValid(bridge)
        errors: list[BaseException] = []

        def late_pushes(bridge=bridge, errors=errors) -> None:  # type: ignore[no-untyped-def]
            try:
                for i in range(2, 50):
                    bridge.push(i)
            except BaseException as exc:  # noqa: BLE001 -- what the test looks for
                errors.append(exc)

        worker = threading.Thread(target=late_pushes)
        worker.start()
        worker.join()
        app.processEvents()
        assert errors == [] and got == [1]
