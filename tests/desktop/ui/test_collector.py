"""Cycles are collected on the UI thread only (desktop/ui/collector.py)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from desktop.ui import collector


class _Cycle:
    def __init__(self) -> None:
        self.me = self
        self.freed_on: list[str] = []


def test_the_automatic_collector_is_off_and_the_ui_thread_collects(qtbot) -> None:  # type: ignore[no-untyped-def]
    installed = collector.install()
    assert not gc.isenabled()
    assert collector.install() is installed  # once

    freed_on: list[str] = []

    class Watched(_Cycle):
        def __del__(self) -> None:
            freed_on.append(threading.current_thread().name)

    def make_garbage_on_a_worker() -> None:
        # far past the youngest generation's threshold: the interpreter would collect here
        for _ in range(3 * gc.get_threshold()[0]):
            Watched()

    worker = threading.Thread(target=make_garbage_on_a_worker, name="worker")
    worker.start()
    worker.join()
    assert freed_on == []  # nothing collected on the worker
    qtbot.waitUntil(lambda: len(freed_on) > 0, timeout=5000)
    assert set(freed_on) == {threading.main_thread().name}
    assert sum(installed.collections) >= 1


def test_a_qt_object_in_a_cycle_dies_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    collector.install()
    holder = _Cycle()
    obj = QObject()
    destroyed_on: list[str] = []
    obj.destroyed.connect(lambda: destroyed_on.append(threading.current_thread().name))
    holder.obj = obj  # type: ignore[attr-defined]
    ref = weakref.ref(holder)
    del holder, obj
    threading.Thread(target=lambda: [_Cycle() for _ in range(5000)]).start()
    qtbot.waitUntil(lambda: ref() is None, timeout=5000)
    assert destroyed_on == [threading.main_thread().name]


def test_uninstall_gives_the_interpreter_its_collector_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    collector.install()
    collector.uninstall()
    try:
        assert gc.isenabled()
    finally:
        collector.install()
