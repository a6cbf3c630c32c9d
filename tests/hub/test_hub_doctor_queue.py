"""What a doctor's queue line carries (spoke, district, state, patient age and sex, waiting
time, whether it is offered to me), and decline reasons: kept, audited, consult requeued."""

from __future__ import annotations

from sqlalchemy import select

from hub.models import AuditEvent, ConsultDecline
from protocol.schemas import QueueItem
from tests.hub.world import World


def test_queue_items_describe_spoke_patient_and_wait(world: World) -> None:
    world.online("doc1")
    offered = world.consult("opA")  # offered to doc1 (the only doctor online)
    waiting = world.consult("opB")  # doc1 has an offer pending: this one waits, claimable
    world.hub.config.clock.advance(90)  # type: ignore[attr-defined]
    r = world.client.get("/api/v1/doctors/me/queue", headers=world["doc1"].h)
    assert r.status_code == 200, r.text
    items = {i["id"]: QueueItem.model_validate(i) for i in r.json()}
    a, b = items[offered["id"]], items[waiting["id"]]
    assert (a.facility_name, a.district, a.state) == ("HWC Kolar", "Sehore", "Madhya Pradesh")
    assert (b.facility_name, b.district) == ("HWC Berasia", "Bhopal")
    # Born 1984-03-02, the test clock is 2026-01-01.
    assert a.patient_age_years == 41 and a.patient_sex == "female"
    assert a.waiting_seconds == 90 and b.waiting_seconds == 90
    assert a.offered and not b.offered
    assert a.status == "assigned" and b.status == "queued"


def test_decline_with_a_reason_requeues_for_another_doctor(world: World) -> None:
    world.online("doc1")
    consult = world.consult("opA")
    world.online("doc2")
    r = world.client.post(
        f"/api/v1/consults/{consult['id']}/decline",
        json={"reason": "Outside my hours; needs a paediatrician"},
        headers=world["doc1"].h,
    )
    assert r.status_code == 200, r.text
    assert r.json()["assigned_doctor_id"] == world["doc2"].user_id  # offered to the other doctor
    with world.hub.sessions() as s:
        (row,) = s.scalars(select(ConsultDecline)).all()
        assert (row.consult_id, row.doctor_id) == (consult["id"], world["doc1"].user_id)
        assert row.reason == "Outside my hours; needs a paediatrician"
        audited = s.scalars(
            select(AuditEvent.user_id).where(
                AuditEvent.action == "decline", AuditEvent.object_id == consult["id"]
            )
        ).all()
    assert audited == [world["doc1"].user_id]


def test_decline_without_a_body_still_works_and_a_long_reason_is_refused(world: World) -> None:
    world.online("doc1")
    consult = world.consult("opA")
    url = f"/api/v1/consults/{consult['id']}/decline"
    r = world.client.post(url, json={"reason": "x" * 301}, headers=world["doc1"].h)
    assert r.status_code == 422
    r = world.client.post(url, headers=world["doc1"].h)
    assert r.status_code == 200 and r.json()["status"] == "queued"
    with world.hub.sessions() as s:
        assert [d.reason for d in s.scalars(select(ConsultDecline))] == [""]
