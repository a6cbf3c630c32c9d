"""A spoke reports a prescription it could not verify: kept in the hub's audit log (entity
``prescription_refused``) for the consult's own spoke only; another spoke gets 404, a doctor
403, a prescription of another consult 404; a body outside the contract 422."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from hub.models import AuditEvent
from tests.hub.test_hub_doctor_media import abha_patient, earlier
from tests.hub.test_hub_prescriptions import CONTENT, signer
from tests.hub.test_hub_prescriptions import body as rx_body
from tests.hub.world import World


def _prescribed(world: World) -> tuple[str, str]:
    world.online("doc1")
    cid = earlier(world, "opA", abha_patient(world, "opA", abha=None))
    h = world["doc1"].h
    assert world.client.post(f"/api/v1/consults/{cid}/accept", headers=h).is_success
    rx_id = str(uuid.uuid4())
    body = rx_body(signer(world, "doc1"), cid, rx_id, CONTENT)
    r = world.client.put(f"/api/v1/consults/{cid}/prescriptions/{rx_id}", json=body, headers=h)
    assert r.status_code == 201, r.text
    return cid, rx_id


def _told(world: World, rx_id: str) -> list[tuple[str | None, str]]:
    with world.hub.sessions() as s:
        rows = s.execute(
            select(AuditEvent.user_id, AuditEvent.outcome).where(
                AuditEvent.object_type == "prescription_refused", AuditEvent.object_id == rx_id
            )
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_the_consults_spoke_reports_a_prescription_it_could_not_verify(world: World) -> None:
    cid, rx_id = _prescribed(world)
    url = f"/api/v1/consults/{cid}/prescriptions/{rx_id}/refusal"
    report = {"state": "tampered", "reason": "signature_mismatch"}
    r = world.client.put(url, json=report, headers=world["opA"].h)
    assert r.status_code == 200, r.text
    assert r.json() == {"id": rx_id, "consult_id": cid, **report}
    assert _told(world, rx_id) == [(world["opA"].user_id, "allowed")]
    assert world.client.put(url, json=report, headers=world["opB"].h).status_code == 404
    assert world.client.put(url, json=report, headers=world["doc1"].h).status_code == 403
    other = f"/api/v1/consults/{cid}/prescriptions/{uuid.uuid4()}/refusal"
    assert world.client.put(other, json=report, headers=world["opA"].h).status_code == 404
    bad = {"state": "fine", "reason": "x"}
    assert world.client.put(url, json=bad, headers=world["opA"].h).status_code == 422
    assert _told(world, rx_id) == [(world["opA"].user_id, "allowed")]  # refusals add nothing
