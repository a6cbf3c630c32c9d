"""The bridge outlives the main window: a status the sync thread queued before the window went
(logout, close) arrives afterwards and must not touch the deleted status-bar indicator."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from desktop.sync.events import StatusChanged
from desktop.ui.main_window import MainWindow
from desktop.ui.sync import SyncBridge


def test_a_status_after_the_window_is_gone_is_dropped(qtbot: QtBot) -> None:
    bridge = SyncBridge()
    window = MainWindow()
    bridge.attach_indicator(window.sync_indicator)
    bridge.listener(StatusChanged("online", 0, None))  # on the main thread: shown at once
    assert window.sync_indicator.text() == "Online"

    with qtbot.waitSignal(window.sync_indicator.destroyed):
        window.deleteLater()
    # From the sync thread, as the worker does: queued to the bridge's (main) thread.
    worker = threading.Thread(target=bridge.listener, args=(StatusChanged("syncing", 3, None),))
    with qtbot.waitSignal(bridge.status_changed):
        worker.start()
    worker.join()
    assert (bridge.state, bridge.pending) == ("syncing", 3)  # the slot ran, and did not raise
