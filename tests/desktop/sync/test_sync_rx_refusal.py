"""Through a real hub: a prescription altered on its way to the spoke holds the consult (not
Prescribed), the hub is told (its audit log: ``prescription_refused``, the prescription's
id) through the outbox, and the puller's next read of the hub's intact copy replaces it: the
consult is Prescribed as usual."""

from __future__ import annotations

import copy
import uuid

from sqlalchemy import select

from desktop.core.consult import Status
from desktop.storage import hub_news
from desktop.storage.audit import Actor
from desktop.storage.models.outbox import OutboxEntry
from hub.models import AuditEvent
from tests.desktop.sync.test_sync_pull_faults import PULLING
from tests.desktop.sync.test_sync_return_path import _ready_consult, _status
from tests.helpers.waiting import wait_for
from tests.sync_support.doctor import Doctor
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke

HUB = Actor("hub", "system", "sync")


def _refusals(spoke: Spoke) -> list[tuple[str, str, dict]]:
    with spoke.db.read_session() as s:
        rows = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "rx_refusal"))
        return [(r.entity_id, r.state, dict(r.payload)) for r in rows]


def test_an_altered_prescription_is_reported_and_replaced_by_the_hubs_copy(
    hub: LiveHub, enrolled: Spoke
) -> None:
    cid = _ready_consult(enrolled)
    wire_cid = str(uuid.UUID(cid))
    engine = enrolled.engine(config=PULLING)
    engine.start()
    wait_for(lambda: _status(enrolled, cid) is Status.WITH_HUB, timeout=60)
    doctor = Doctor(hub)  # online from now: the hub may offer it the consult
    try:
        doctor.accept(wire_cid)
        wait_for(lambda: _status(enrolled, cid) is Status.IN_PROGRESS, timeout=60)
        engine.stop()  # the next copy the spoke sees is the altered one below
        rx_id = doctor.prescribe(wire_cid)
        (served,) = doctor.http.get(f"/consults/{wire_cid}/prescriptions").json()
        altered = copy.deepcopy(served)
        altered["content"]["medications"][0]["duration_days"] = 90  # on its way
        news = hub_news.HubNews(cid, "in_progress", prescriptions=[altered])
        enrolled.writer.run(lambda s: hub_news.apply(s, news, HUB))
        assert _status(enrolled, cid) is Status.IN_PROGRESS  # held, not Prescribed
        assert [(i, st) for i, st, _ in _refusals(enrolled)] == [(rx_id, "pending")]
        assert _refusals(enrolled)[0][2]["state"] == "tampered"

        engine = enrolled.engine(config=PULLING)
        engine.start()
        wait_for(lambda: _status(enrolled, cid) is Status.PRESCRIBED, timeout=60)
        wait_for(lambda: [st for _, st, _ in _refusals(enrolled)] == ["done"], timeout=60)
    finally:
        engine.stop()
        doctor.close()
    with hub.context.sessions() as s:
        told = s.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "prescription_refused")
        ).all()
    assert [(e.object_id, e.action, e.outcome) for e in told] == [(rx_id, "write", "allowed")]
    with enrolled.db.read_session() as s:
        (rx,) = hub_news.prescriptions_of(s, cid)
    assert rx.verification == "verified" and rx.content["medications"][0]["duration_days"] != 90
