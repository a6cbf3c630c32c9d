"""Sync as the operator meets it, against the real hub: a prescription notification on every
page (banner + sound) and the open consult's queue position; the status bar's "Syncing n
items", "last synced" and "Paused"; "Retry now" clicked; new rows wake the engine at once;
the ICE configuration stored at enrollment; a way out of a conflict the hub will never
accept."""

from __future__ import annotations

import base64
import uuid
from dataclasses import replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pytestqt.qtbot import QtBot

from desktop.changes import ChangeBus
from desktop.core.duplicates import Decision
from desktop.services.hub_news import HubNewsService, announcer
from desktop.storage import patient_repo
from desktop.sync.client import HubClient
from desktop.sync.enroll import enroll
from desktop.sync.tokens import TokenStore
from desktop.ui import i18n
from desktop.ui.main_window import MainWindow
from desktop.ui.sync.notify import HubNotifier
from protocol.signing import signed_bytes
from tests.desktop.sync.test_sync_return_path import _ready_consult
from tests.desktop.sync.test_sync_ui import settle, wire
from tests.helpers.clinical import OPERATOR, TODAY, person
from tests.helpers.prescriptions import prescriber
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import FAST, Spoke, consult_payload


def prescribe(hub: LiveHub, cid: str) -> None:
    """The hub doctor, on another enrolled PC, claims the consult and signs a prescription."""
    tokens = TokenStore(f"spoke-clinic-test-doc-{uuid.uuid4().hex[:8]}")
    try:
        enroll(hub.base_url, hub.enrollment_code("hub"), tokens)
        with HubClient(hub.base_url, tokens) as doc:
            doc.sign_in("doctor", PASSWORD)
            key = Ed25519PrivateKey.generate()
            raw = key.public_key().public_bytes_raw()
            doc.call(
                "PUT",
                "/doctors/me/signing-key",
                json={"public_key": base64.b64encode(raw).decode()},
            )
            doc.call("POST", f"/consults/{cid}/claim", expect_id=cid)
            rx_id = str(uuid.uuid4())
            content = {
                "diagnosis": {"text": "Viral fever"},
                "prescriber": prescriber("MP-1"),
                "medications": [
                    {
                        "name": "Paracetamol",
                        "strength": "500 mg",
                        "dose": "1 tablet",
                        "frequency": "1-1-1",
                        "route": "oral",
                        "duration_days": 3,
                        "instructions": "",
                    }
                ],
                "advice": "Rest",
            }
            signed = signed_bytes(cid, rx_id, content)
            doc.call(
                "PUT",
                f"/consults/{cid}/prescriptions/{rx_id}",
                json={"content": content, "signature": base64.b64encode(key.sign(signed)).decode()},
                expect_id=rx_id,
            )
    finally:
        tokens.forget_all()


def test_prescription_notifies_on_every_page_and_the_open_consult_shows_its_place(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    from PySide6.QtWidgets import QLabel

    bridge, _page, engine, _ = wire(qtbot, enrolled, replace(FAST, pull_interval=0.2))
    window = MainWindow()
    qtbot.addWidget(window)
    window.add_page("home", lambda: "Home", QLabel("home page"))
    window.show()
    local = _ready_consult(enrolled)  # a real consult: the news is stored against it
    cid = str(uuid.UUID(local))
    sounds: list[int] = []
    bus = ChangeBus()
    engine.news_sink.on_applied = announcer(bus)
    notifier = HubNotifier(
        window, HubNewsService(enrolled.db), bus, lambda: local, lambda: sounds.append(1)
    )
    engine.start()
    qtbot.waitUntil(lambda: "position 1" in notifier.queue_label.text(), timeout=20000)
    assert notifier.queue_label.isVisible() and "min" in notifier.queue_label.text()
    assert not notifier.banner.isVisible() and sounds == []
    with qtbot.waitSignal(notifier.notified, timeout=30000) as signal:
        prescribe(hub, cid)
    assert signal.args == [local]
    assert notifier.banner.isVisible()  # in the window's status bar, whatever the page
    assert "prescription has arrived" in notifier.banner_text.text()
    assert "Sunita Devi" in notifier.banner_text.text()  # names the patient
    assert sounds == [1]
    assert notifier.queue_label.text() == "Hub: prescription received"
    settle(engine)  # pulled again since
    assert sounds == [1]  # announced once
    notifier.banner_close.click()
    assert not notifier.banner.isVisible()


def test_status_bar_shows_syncing_n_items_then_last_synced_and_paused(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    i18n.install("en")  # as the app does at start: English plural forms ("12 items")
    proxy = FaultProxy(hub.port, {"delay": 1.0}, max_delay=0.05).start()
    try:
        bridge, page, engine, indicator = wire(qtbot, enrolled, hub_url=proxy.url)
        texts: list[str] = []
        bridge.status_changed.connect(lambda *a: texts.append(indicator.text()))
        for n in range(12):
            enrolled.add_patient(n)
        engine.start()
        qtbot.waitUntil(lambda: enrolled.states() == {"done": 12}, timeout=30000)
        qtbot.waitUntil(
            lambda: indicator.text().startswith("Online  ·  last synced "), timeout=10000
        )
        syncing = [t for t in texts if t.startswith("Syncing ")]
        assert syncing and all(" 0 item" not in t for t in syncing), texts
        assert any(t.startswith("Syncing 12 items") for t in texts), texts
        page.pause_button.click()
        qtbot.waitUntil(lambda: indicator.text().startswith("Paused: 0 items"), timeout=10000)
        assert "Online" not in indicator.text() and "last synced" in indicator.text()
        page.pause_button.click()
        qtbot.waitUntil(lambda: indicator.text().startswith("Online"), timeout=10000)
    finally:
        engine.stop()
        proxy.stop()


def test_retry_now_button_sends_at_once_instead_of_waiting_out_the_backoff(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    proxy = FaultProxy(hub.port, {"html200": 1.0}, exempt=(b"/api/v1/auth/",)).start()
    try:
        slow = replace(FAST, backoff_base=60.0, backoff_cap=120.0, probe_interval=60.0)
        _bridge, page, engine, _ = wire(qtbot, enrolled, slow, hub_url=proxy.url)
        enrolled.add_patient()
        engine.start()
        qtbot.waitUntil(lambda: proxy.counts["html200"] >= 1, timeout=10000)
        settle(engine)
        assert enrolled.states() == {"pending": 1}  # now waits a minute or more
        proxy.enabled = False
        page.retry_button.click()
        qtbot.waitUntil(lambda: enrolled.states() == {"done": 1}, timeout=5000)
    finally:
        engine.stop()
        proxy.stop()
    assert hub.patients() == 1


def test_a_new_patient_row_wakes_the_engine_at_once(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    engine = enrolled.engine()  # FAST: it would next look in an hour (pull interval)
    engine.start()
    qtbot.waitUntil(lambda: engine.worker is not None and engine.worker.online, timeout=10000)
    settle(engine)  # asleep now
    p = person("Geeta", "Rani", sex="female")
    enrolled.writer.run(
        lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT)
    )
    qtbot.waitUntil(lambda: hub.patients() == 1, timeout=3000)  # nobody called notify_new_work


def test_a_finalized_consult_conflict_offers_a_way_out_that_keeps_both(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    _bridge, page, engine, _ = wire(qtbot, enrolled)
    pid = enrolled.add_patient()
    cid = enrolled.add_consult(pid, final=True)
    engine.start()
    qtbot.waitUntil(lambda: enrolled.states() == {"done": 2}, timeout=20000)
    ours = consult_payload(str(uuid.UUID(pid)), final=True, specialty="paediatrics")
    row = enrolled.add("consult", cid, "update", ours)
    engine.notify_new_work()
    qtbot.waitUntil(lambda: enrolled.states().get("failed") == 1, timeout=20000)
    # As a row set aside by an earlier version would be: nothing says the hub's is final.
    enrolled.writer.run(lambda s: _drop_meta(s, row, "hub_final"))

    def select_row(refused: bool) -> None:
        page.bridge.refresh_items()
        qtbot.waitUntil(
            lambda: (
                page.model.rowCount() == 1
                and bool(page.model.item_at(0).meta.get("mine_refused")) == refused
            ),  # type: ignore[union-attr]
            timeout=10000,
        )
        page.table.clearSelection()
        page.table.selectRow(0)

    select_row(False)
    assert page.keep_mine_button.isEnabled() and not page.review_note.isVisible()
    page.keep_mine_button.click()  # the hub refuses it again (its version is finalized)
    qtbot.waitUntil(
        lambda: (
            (i := engine.queue.get(row)) is not None
            and i.needs_review
            and bool(i.meta.get("mine_refused"))
        ),
        timeout=20000,
    )
    select_row(True)
    assert not page.keep_mine_button.isEnabled()  # no second lap
    assert page.review_note.isVisible() and "finalized" in page.review_note.text()
    assert page.keep_hub_button.isEnabled()
    page.keep_hub_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10000)
    item = engine.queue.get(row)
    assert item is not None and item.state == "done" and item.meta["resolution"] == "hub"
    assert item.payload["specialty"] == "paediatrics"  # this PC's version is kept
    assert item.meta["hub_version"]["specialty"] == "general_medicine"  # and the hub's


def test_a_fresh_finalized_conflict_never_offers_to_resend(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    _bridge, page, engine, _ = wire(qtbot, enrolled)
    pid = enrolled.add_patient()
    cid = enrolled.add_consult(pid, final=True)
    engine.start()
    qtbot.waitUntil(lambda: enrolled.states() == {"done": 2}, timeout=20000)
    row = enrolled.add(
        "consult", cid, "update", consult_payload(str(uuid.UUID(pid)), True, "paediatrics")
    )
    engine.notify_new_work()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20000)
    qtbot.waitUntil(lambda: enrolled.states().get("failed") == 1, timeout=20000)
    with qtbot.waitSignal(page.bridge.items_loaded, timeout=10000):
        page.bridge.refresh_items()
    page.table.selectRow(0)
    assert not page.keep_mine_button.isEnabled() and page.review_note.isVisible()
    engine.resolve(row, "mine")  # even asked directly, it is not sent round again
    item = engine.queue.get(row)
    assert item is not None and item.needs_review and item.meta.get("resolution") is None


def _drop_meta(session: Any, row_id: int, key: str) -> None:
    from desktop.storage.models.outbox import OutboxEntry

    entry = session.get(OutboxEntry, row_id)
    meta = dict(entry.payload["_sync"])
    meta.pop(key, None)
    entry.payload = {**entry.payload, "_sync": meta}
