"""The sync UI against the real hub: status bar and page, a backlog that drains in order
after the hub comes back, needs-review resolution, upload progress, and the prescription
banner."""

from __future__ import annotations

import base64
import threading
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desktop.sync.client import HubClient
from desktop.sync.enroll import enroll
from desktop.sync.tokens import TokenStore
from desktop.sync.worker import WorkerConfig
from desktop.ui.main_window import SyncIndicator
from desktop.ui.sync import SyncBridge, SyncPage
from protocol.signing import signed_bytes
from tests.helpers.prescriptions import prescriber
from tests.sync_support.hub_process import HubProcess
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import FAST, Spoke, consult_payload


def off_main(qtbot: QtBot, fn: Any) -> None:
    """Run a blocking test step (stop the hub, write rows) on a helper thread while the
    main thread keeps running its event loop (and delivering the worker's signals)."""
    worker = threading.Thread(target=fn)
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=30000)


def settle(engine: Any) -> None:
    """The worker has caught up (a pass begun now found nothing more to send), and what it
    announced meanwhile has reached the main thread's slots."""
    assert engine.worker is not None and engine.worker.settled()
    QCoreApplication.sendPostedEvents()


def wire(
    qtbot: QtBot, spoke: Spoke, config: WorkerConfig = FAST, hub_url: str = ""
) -> tuple[SyncBridge, SyncPage, Any, SyncIndicator]:
    bridge = SyncBridge()
    engine = spoke.engine(hub_url=hub_url, config=config)
    engine.listener = bridge.listener
    bridge.set_engine(engine)
    page = SyncPage(bridge)
    indicator = SyncIndicator()
    bridge.attach_indicator(indicator)
    qtbot.addWidget(page)
    qtbot.addWidget(indicator)
    page.show()
    return bridge, page, engine, indicator


def test_backlog_drains_in_order_after_hub_restart(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    """How late the main thread runs meanwhile: bench/sync_backlog_lag.py."""
    # The hub in its own process, as in production: stopped and started again for real.
    hub.close()
    server = HubProcess(hub.data_dir, 0)
    server.start()
    try:
        run_backlog(qtbot, server, enrolled)
    finally:
        server.stop()
    counted = LiveHub.open(hub.data_dir)
    try:
        assert (counted.patients(), counted.consults()) == (61, 60)
    finally:
        counted.close()


def run_backlog(qtbot: QtBot, hub: HubProcess, enrolled: Spoke) -> None:
    bridge, page, engine, indicator = wire(qtbot, enrolled, hub_url=hub.base_url)
    sent: list[int] = []
    bridge.item_sent.connect(lambda item_id, _: sent.append(item_id))
    enrolled.add_patient()
    engine.start()
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=20000)
    drain_after_restart(qtbot, hub, enrolled, engine, page, indicator, sent)


def drain_after_restart(
    qtbot: QtBot,
    hub: HubProcess,
    enrolled: Spoke,
    engine: Any,
    page: SyncPage,
    indicator: SyncIndicator,
    sent: list[int],
) -> None:
    off_main(qtbot, hub.stop)

    def backlog() -> None:
        for n in range(60):
            pid = enrolled.add_patient(n)
            enrolled.add_consult(pid)
        engine.notify_new_work()

    off_main(qtbot, backlog)
    qtbot.waitUntil(lambda: page._state[0] == "offline", timeout=20000)
    assert "Offline" in indicator.text()
    assert page.error.isVisible() and "No connection to the hub" in page.error.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 120, timeout=10000)
    settle(engine)  # the hub is away: the worker backs off and probes, sends nothing
    assert len(sent) == 1
    off_main(qtbot, hub.start)
    qtbot.waitUntil(lambda: len(sent) == 121, timeout=60000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10000)
    assert sent == sorted(sent)  # drained in the order the records were written


def test_pause_resume_and_needs_review_resolution_in_the_page(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    bridge, page, engine, _ = wire(qtbot, enrolled)
    pid = enrolled.add_patient()
    cid = enrolled.add_consult(pid, final=True)
    engine.start()
    qtbot.waitUntil(lambda: enrolled.states() == {"done": 2}, timeout=20000)
    page.pause_button.click()
    assert engine.paused and page.pause_button.text() == "Resume sending"
    row = enrolled.add(
        "consult",
        cid,
        "update",
        consult_payload(str(uuid.UUID(pid)), final=True, specialty="paediatrics"),
    )
    engine.notify_new_work()
    settle(engine)
    assert enrolled.states() == {"done": 2, "pending": 1}  # paused: nothing sent
    page.pause_button.click()
    qtbot.waitUntil(lambda: enrolled.states().get("failed") == 1, timeout=20000)
    qtbot.waitUntil(
        lambda: page.model.rowCount() == 1 and "Needs review" in page.model.index(0, 3).data(),
        timeout=10000,
    )
    page.table.selectRow(0)
    assert page.keep_hub_button.isEnabled() and page.review_text.isVisible()
    assert "paediatrics" in page.review_text.toPlainText()
    assert "general_medicine" in page.review_text.toPlainText()
    page.keep_hub_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10000)
    item = engine.queue.get(row)
    assert item is not None and item.state == "done" and item.meta["resolution"] == "hub"


def test_upload_progress_reports_bytes_and_rate(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    config = WorkerConfig(**{**FAST.__dict__, "max_chunk": 256 * 1024})
    bridge, page, engine, _ = wire(qtbot, enrolled, config)
    progress: list[tuple[int, int, int, float]] = []
    bridge.item_progress.connect(lambda *a: progress.append(a))
    pid = enrolled.add_patient()
    cid = enrolled.add_consult(pid)
    size = 6 * 1024 * 1024
    enrolled.add_blob(cid, size)
    engine.start()
    qtbot.waitUntil(lambda: enrolled.states() == {"done": 3}, timeout=30000)
    assert progress and progress[-1][1] == size and progress[-1][2] == size
    assert any(rate > 0 for *_, rate in progress)
    page.on_item_progress(99, 3_000_000, 10_000_000, 1_500_000.0)
    assert page.progress_label.text() == "Sending a file: 3.0 MB of 10.0 MB at 1.5 MB/s"


def test_prescription_arrival_reaches_the_bridge_once(
    qtbot: QtBot, hub: LiveHub, enrolled: Spoke
) -> None:
    config = WorkerConfig(**{**FAST.__dict__, "pull_interval": 0.2})
    bridge, page, engine, _ = wire(qtbot, enrolled, config)
    arrived: list[str] = []
    bridge.prescription_arrived.connect(lambda consult_id, _rx: arrived.append(consult_id))
    updates: list[tuple[str, str, Any, Any]] = []
    bridge.consult_updated.connect(lambda *a: updates.append(a))
    pid = enrolled.add_patient()
    cid = str(uuid.UUID(enrolled.add_consult(pid, final=True)))
    engine.start()
    qtbot.waitUntil(lambda: enrolled.states() == {"done": 2}, timeout=20000)
    # Queue position and estimated wait come back while the consult waits for a doctor.
    qtbot.waitUntil(
        lambda: any(u[0] == cid and u[1] == "queued" and u[2] == 1 for u in updates),
        timeout=20000,
    )
    assert all(u[3] is None or u[3] >= 0 for u in updates)
    # The hub doctor, on another enrolled PC, claims the consult and signs a prescription.
    doctor_tokens = TokenStore(f"spoke-clinic-test-doc-{uuid.uuid4().hex[:8]}")
    try:
        enroll(hub.base_url, hub.enrollment_code("hub"), doctor_tokens)
        with HubClient(hub.base_url, doctor_tokens) as doc:
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
            signature = base64.b64encode(key.sign(signed)).decode()
            doc.call(
                "PUT",
                f"/consults/{cid}/prescriptions/{rx_id}",
                json={"content": content, "signature": signature},
                expect_id=rx_id,
            )
    finally:
        doctor_tokens.forget_all()
    qtbot.waitUntil(lambda: arrived == [cid], timeout=20000)
    assert not hasattr(page, "banner")  # one banner only: the window's HubNotifier
    settle(engine)  # pulled again since
    assert arrived == [cid]  # announced once


def test_connect_dialog_enrolls_signs_in_and_explains_failures(
    qtbot: QtBot, hub: LiveHub, spoke: Spoke
) -> None:
    from desktop.ui.sync.connect_dialog import ConnectDialog

    bridge = SyncBridge()
    engine = spoke.engine(hub_url="")
    engine.listener = bridge.listener
    bridge.set_engine(engine)
    dialog = ConnectDialog(bridge, hub.base_url)
    qtbot.addWidget(dialog)
    dialog.code.setText("WRONG-CODE-1234")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=20000)
    assert "did not accept this code" in dialog.message.text()  # 401 in plain words
    dialog.code.setText(hub.enrollment_code())
    dialog.pc_name.setText("Reception PC")
    with qtbot.waitSignal(dialog.connected, timeout=20000):
        dialog.connect_button.click()
    assert spoke.tokens.device() is not None
    dialog.username.setText("operator")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=20000):
        dialog.sign_in_button.click()
    assert dialog.password.text() == ""
    spoke.add_patient()
    engine.notify_new_work()
    qtbot.waitUntil(lambda: spoke.states() == {"done": 1}, timeout=20000)


def test_pending_items_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from desktop.sync.outbox import Item
    from desktop.ui.sync.model import PendingItemsModel

    now = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    model = PendingItemsModel()
    model.set_items(
        [
            Item(1, "patient", "a", "create", {}, "pending", 2, None, None, "HubBusyError x", now),
            Item(2, "blob", "b", "upload", {}, "pending", 0, None, None, None, now),
            Item(
                3,
                "consult",
                "c",
                "update",
                {"_sync": {"status": "needs_review"}},
                "failed",
                1,
                None,
                None,
                "ConflictError",
                now,
            ),
        ]
    )
    model.set_progress(2, 1_000_000, 4_000_000)
    qtmodeltester.check(model)
    assert model.index(1, 3).data() == "Sending 1.0 MB of 4.0 MB"
    assert model.index(0, 3).data().startswith("Waiting to retry: The hub is busy")
    assert model.index(2, 3).data().startswith("Needs review")
    # Sent rows leave, new ones join, a changed one repaints: no reset, the tester agrees.
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    later = [
        replace(model.item_at(2), attempts=5),  # type: ignore[type-var]
        Item(7, "patient", "e", "create", {}, "pending", 0, None, None, None, now),
    ]
    model.set_items(later)
    assert resets == [] and [model.item_at(r).id for r in range(2)] == [3, 7]  # type: ignore[union-attr]
    assert model.index(0, 2).data() == "5"
    qtmodeltester.check(model)
    model.set_items(list(reversed(later)))
    assert resets == [1]


def test_events_from_the_sync_thread_reach_widgets_on_the_main_thread(qtbot: QtBot) -> None:
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    from desktop.sync.events import StatusChanged

    calls: list[bool] = []

    class Indicator:
        def set_state(self, state: str, pending: int = 0, last_synced: str = "") -> None:
            app = QApplication.instance()
            assert app is not None
            calls.append(QThread.currentThread() is app.thread())

    bridge = SyncBridge()
    page = SyncPage(bridge)
    qtbot.addWidget(page)
    bridge.attach_indicator(Indicator())
    worker = threading.Thread(target=lambda: bridge.listener(StatusChanged("syncing", 3, None)))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: calls == [True], timeout=5000)
    assert "Sending to the hub" in page.status.text()
