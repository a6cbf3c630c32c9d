"""The sync page's list of unsent items follows the outbox through announcements: a record
written by a service shows up without any engine event or timer, and "send now" goes
through the sync service, which announces the change (no hub needed: the engine is not
started)."""

from __future__ import annotations

from datetime import date

from pyrage import x25519
from pytestqt.qtbot import QtBot

from desktop.changes import Change, ChangeBus, Kind
from desktop.services.bundle import Services
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobStore
from desktop.ui.sync import SyncBridge, SyncPage
from tests.helpers.clinical import person
from tests.sync_support.spoke import Spoke


def test_sync_page_list_follows_outbox_announcements(qtbot: QtBot, spoke: Spoke) -> None:
    bus = ChangeBus()
    heard: list[Change] = []
    bus.subscribe(heard.append)
    blobs = BlobStore(spoke.blob_root, x25519.Identity.generate())
    services = Services.open(
        spoke.db, spoke.writer, blobs, Actor("asha", "operator", "test-pc"), bus
    )
    bridge = SyncBridge(bus=bus)
    bridge.set_engine(spoke.engine())  # never started: no hub, no worker events
    page = SyncPage(bridge)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 0

    with qtbot.waitSignal(bridge.items_loaded, timeout=10_000):
        services.patients.register(person("Sunita", "Devi", sex="female"), date(2026, 11, 25))
    assert page.model.rowCount() == 1

    heard.clear()
    with qtbot.waitSignal(bridge.items_loaded, timeout=10_000):
        bridge.retry_now()
    assert [c.kind for c in heard] == [Kind.OUTBOX]
    assert page.model.rowCount() == 1
