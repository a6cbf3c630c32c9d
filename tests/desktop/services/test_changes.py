"""The change bus: subscribers hear announcements from any thread, a failing one does not
stop the others, and the Qt side delivers on the main thread and lets go with its parent."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread

from desktop.changes import Change, ChangeBus, Kind
from desktop.ui.changes import ChangeSignal


@pytest.mark.expected_errors("change subscriber failed")
def test_every_subscriber_hears_a_change_even_after_one_fails() -> None:
    bus = ChangeBus()
    heard: list[Change] = []

    def broken(_change: Change) -> None:
        raise ValueError("nope")

    bus.subscribe(broken)
    stop = bus.subscribe(heard.append)
    bus.announce(Change(Kind.CONSULT, ("c1",), "pulled"))
    stop()
    bus.announce(Change(Kind.CONSULT, ("c2",), "pulled"))
    assert heard == [Change(Kind.CONSULT, ("c1",), "pulled")]


def test_the_qt_side_delivers_on_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    parent = QObject()
    watch = ChangeSignal(bus, parent)
    threads: list[bool] = []
    watch.changed.connect(lambda _c: threads.append(QThread.currentThread() is parent.thread()))
    with qtbot.waitSignal(watch.changed, timeout=5000) as blocker:
        worker = threading.Thread(target=bus.announce, args=(Change(Kind.PRESCRIPTION),))
        worker.start()
        worker.join()
    assert blocker.args == [Change(Kind.PRESCRIPTION)] and threads == [True]
    parent.deleteLater()
    qtbot.waitUntil(lambda: not bus._subscribers, timeout=5000)


def test_a_change_heard_while_the_page_is_deleted_goes_nowhere(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A worker announces while the UI thread deletes the page: the change is dropped, not
    emitted on (or posted to) the freed Qt object."""
    bus = ChangeBus()
    parent = QObject()
    watch = ChangeSignal(bus, parent)
    heard: list[Change] = []
    watch.changed.connect(heard.append)
    late = watch._on_announced  # what the bus held while the page was being deleted
    del parent
    errors: list[BaseException] = []

    def announce_late() -> None:
        try:
            late(Change(Kind.CONSULT, ("c1",), "pulled"))
        except BaseException as exc:  # noqa: BLE001 -- what the test looks for
            errors.append(exc)

    worker = threading.Thread(target=announce_late)
    worker.start()
    worker.join()
    QCoreApplication.processEvents()
    assert errors == [] and heard == [] and not bus._subscribers
