"""The worker-to-UI bridge keeps only the newest item and does not leak references."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QCoreApplication

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
