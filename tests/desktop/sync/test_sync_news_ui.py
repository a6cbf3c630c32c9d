"""The open consult refreshes from a change notification, with no timer: the puller's sink
stores a prescription (on another thread), announces it after the commit, and the window's
status line and one banner naming the patient show it, read back from storage."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.changes import ChangeBus
from desktop.services.hub_news import HubNewsService, announcer
from desktop.storage.hub_news import HubNews
from desktop.sync.news import StorageSink
from desktop.ui.main_window import MainWindow
from desktop.ui.sync.notify import HubNotifier
from tests.desktop.sync.test_sync_return_path import _ready_consult
from tests.helpers.rx import Doctor
from tests.sync_support.spoke import Spoke

RX = {
    "id": "6f1c2f4e-0d5c-4e44-9d0e-3b7a2f0c9a11",
    "doctor_id": "3d0b8c5e-7a61-4a54-9a3e-0f0c6b8a1d22",
    "registration_number": "MCI-12345",
    "content": {"medications": [{"name": "Paracetamol"}], "advice": "Rest"},
    "signature": "c2lnbmF0dXJl",
    "payload_sha256": "ab" * 32,
    "created_at": "2026-11-25T10:30:00+00:00",
}


def on_sync_thread(fn) -> None:  # type: ignore[no-untyped-def]
    worker = threading.Thread(target=fn, name="sync")
    worker.start()
    worker.join(30)


def test_a_prescription_stored_by_the_puller_shows_in_the_open_consult(
    qtbot: QtBot, spoke: Spoke
) -> None:
    cid = _ready_consult(spoke)
    bus = ChangeBus()
    window = MainWindow()
    qtbot.addWidget(window)
    window.add_page("home", lambda: "Home", QLabel("home page"))
    window.show()
    sounds: list[int] = []
    notifier = HubNotifier(
        window, HubNewsService(spoke.db), bus, lambda: cid, lambda: sounds.append(1)
    )
    assert notifier.findChildren(QTimer) == []  # nothing polls
    assert not notifier.queue_label.isVisible()
    sink = StorageSink(spoke.writer, announcer(bus))

    on_sync_thread(lambda: sink(HubNews(cid, "queued", position=2, wait_seconds=600)))
    qtbot.waitUntil(lambda: "position 2" in notifier.queue_label.text(), timeout=5000)
    assert notifier.queue_label.isVisible() and sounds == []

    rx = Doctor().prescription(cid)  # signed: it verifies
    with qtbot.waitSignal(notifier.notified, timeout=5000) as shown:
        on_sync_thread(lambda: sink(HubNews(cid, "in_progress", prescriptions=[rx])))
    assert shown.args == [cid]
    assert notifier.queue_label.text() == "Hub: prescription received"
    assert notifier.banner.isVisible() and "Sunita Devi" in notifier.banner_text.text()
    assert sounds == [1]

    # The same prescription pulled again: stored once, announced once, no second sound.
    with qtbot.waitSignal(notifier.watch.changed, timeout=5000) as heard:  # the consult moved
        on_sync_thread(lambda: sink(HubNews(cid, "completed", prescriptions=[rx])))
    assert heard.args[0].kind.value == "consult" and spoke_status(spoke, cid) == "closed"
    assert sounds == [1] and notifier.queue_label.text() == "Hub: prescription received"


def test_a_prescription_that_does_not_verify_is_announced_as_such(
    qtbot: QtBot, spoke: Spoke
) -> None:
    cid = _ready_consult(spoke)
    bus = ChangeBus()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    notifier = HubNotifier(window, HubNewsService(spoke.db), bus, lambda: cid, lambda: None)
    sink = StorageSink(spoke.writer, announcer(bus))
    with qtbot.waitSignal(notifier.notified, timeout=5000):
        on_sync_thread(lambda: sink(HubNews(cid, "completed", prescriptions=[RX])))
    assert "could not be verified" in notifier.banner_text.text()
    assert "Sunita Devi" in notifier.banner_text.text()
    assert notifier.queue_label.text() == "Hub: prescription received, NOT verified"
    assert spoke_status(spoke, cid) == "in_progress"  # held: never prescribed nor closed


def spoke_status(spoke: Spoke, cid: str) -> str:
    service = HubNewsService(spoke.db)
    state = service.state(cid)
    return state.status.value if state else ""
