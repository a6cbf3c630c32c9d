"""Against a real hub: the chat the spoke stored with the consult reaches the doctor's review
with the consult, and a message the spoke sends while the review is open shows up through
the hub's queue watch (a push, no polling)."""

from __future__ import annotations

import uuid
from typing import Any

from desktop.changes import ChangeBus
from desktop.services.doctor import DoctorService
from desktop.storage.startup import Storage
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.tokens import TokenStore
from desktop.ui.doctor.consult_host import ConsultReviewHost
from tests.desktop.ui.doctor import test_doctor_queue_live as live
from tests.sync_support.hubctl import PASSWORD, LiveHub

doctor_pc = live.doctor_pc  # the enrolled doctor's PC (fixture)


def _say(operator: live.Operator, cid: str, sender: str, text: str, minute: int) -> None:
    body: dict[str, Any] = {
        "consult_id": cid,
        "sender": sender,
        "text": text,
        "sent_at": f"2026-12-05T05:{minute:02d}:00Z",
    }
    r = operator.http.put(f"/consults/{cid}/chat/{uuid.uuid4()}", json=body)
    assert r.status_code == 201, r.text


def test_the_review_reads_the_chat_with_the_consult_and_follows_it(  # type: ignore[no-untyped-def]
    hub: LiveHub, doctor_pc: tuple[Storage, TokenStore], qtbot
) -> None:
    storage, tokens = doctor_pc
    bus = ChangeBus()
    service = DoctorService(
        DoctorApi.open(tokens), storage.writer, storage.blobs, storage.device, bus
    )
    operator = live.Operator(hub)
    host: ConsultReviewHost | None = None
    try:
        service.sign_in("doctor", PASSWORD).result(30)
        service.set_availability("online").result(30)
        cid = operator.queue_consult("Synthetic Chat Patient")
        qtbot.waitUntil(lambda: live._consult(hub, cid)[1] is not None, timeout=10_000)
        assert service.accept(cid).result(30) == "in_progress"
        _say(operator, cid, "doctor", "The video stopped. Can you hear me?", 40)
        _say(operator, cid, "spoke", "Only the chat works here.", 41)

        opened = service.open_consult(cid).result(30)
        assert [(e.sender, e.text) for e in opened.chat] == [
            ("doctor", "The video stopped. Can you hear me?"),
            ("spoke", "Only the chat works here."),
        ]
        host = ConsultReviewHost(service, sound=False)
        qtbot.addWidget(host)
        host.show_consult(
            opened.consult_id, opened.bundle, opened.review, opened.history, opened.chat
        )
        assert host.page.chat_view.count() == 2
        assert host.page.tabs.tabText(3) == "Call chat (2)"

        service.start_watch()  # the hub pushes: the review re-reads the chat
        _say(operator, cid, "spoke", "BP is 168/102 again this morning.", 42)
        qtbot.waitUntil(
            lambda: host is not None and host.page.chat_view.count() == 3, timeout=15_000
        )
        model = host.page.chat_view.model
        assert model.data(model.index(2, 2)) == "BP is 168/102 again this morning."
        assert host.page.tabs.tabText(3) == "Call chat (3)"
    finally:
        operator.close()
        service.close()
