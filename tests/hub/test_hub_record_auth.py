"""Record PUTs check the caller in their own transaction (hub.deps.in_transaction): the same
checks as every other route, in the same order, and nothing is written when one fails."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from hub.audit_chain import HEAD_HEADER
from hub.models import AuditEvent, Consult, Patient, SpokeAuditHead
from tests.hub.world import World, consult_body, patient_resource


def _patient_put(world: World) -> tuple[str, dict[str, Any]]:
    pid = str(uuid.uuid4())
    return f"/api/v1/patients/{pid}", {"resource": patient_resource(pid)}


def _consult_put(world: World) -> tuple[str, dict[str, Any]]:
    pid = world.patient("opA")
    return f"/api/v1/consults/{uuid.uuid4()}", consult_body(pid)


ROUTES = [pytest.param(_patient_put, id="patient"), pytest.param(_consult_put, id="consult")]
Put = Callable[[World], tuple[str, dict[str, Any]]]


def _rows(world: World) -> tuple[int, int, int]:
    with world.hub.sessions() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Patient)) or 0),
            int(s.scalar(select(func.count()).select_from(Consult)) or 0),
            int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0),
        )


@pytest.mark.parametrize("put", ROUTES)
def test_unauthenticated_is_401_before_the_body_is_judged(world: World, put: Put) -> None:
    url, _body = put(world)
    before = _rows(world)
    r = world.client.put(url, json={"resource": {"resourceType": "Nonsense"}})
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"
    r = world.client.put(url, json={}, headers={"Authorization": "Bearer x.y.z"})
    assert r.status_code == 401
    assert _rows(world) == before


@pytest.mark.parametrize("put", ROUTES)
def test_logout_revocation_and_disable_end_record_writes_at_once(world: World, put: Put) -> None:
    op = world["opA"]
    url, body = put(world)
    before = _rows(world)
    r = world.client.post("/api/v1/auth/logout", json={"refresh_token": op.refresh})
    assert r.status_code == 204
    r = world.client.put(url, json=body, headers=op.h)
    assert r.status_code == 401 and r.json()["code"] == "session_ended"

    fresh = world.login("opA", op.device_id, op.device_secret)
    h = {"Authorization": f"Bearer {fresh['access_token']}"}
    admin = world["admin"].h
    assert world.client.post(f"/api/v1/admin/users/{op.user_id}/disable", headers=admin).is_success
    r = world.client.put(url, json=body, headers=h)
    assert r.status_code == 401
    assert world.client.post(f"/api/v1/admin/users/{op.user_id}/enable", headers=admin).is_success
    assert world.client.post(
        f"/api/v1/admin/devices/{op.device_id}/revoke", headers=admin
    ).is_success
    r = world.client.put(url, json=body, headers=h)
    assert r.status_code == 401 and r.json()["code"] == "device_revoked"
    assert _rows(world)[:2] == before[:2]  # nothing written by the refused PUTs


@pytest.mark.parametrize("put", ROUTES)
def test_spoke_audit_head_is_noted_with_the_write_or_refused(world: World, put: Put) -> None:
    op = world["opA"]
    url, body = put(world)
    before = _rows(world)
    r = world.client.put(url, json=body, headers=op.h | {HEAD_HEADER: "not a head"})
    assert r.status_code == 400
    assert _rows(world) == before
    head = {HEAD_HEADER: f"7:{'ab' * 32}"}
    r = world.client.put(url, json=body, headers=op.h | head)
    assert r.status_code == 201
    with world.hub.sessions() as s:
        noted = s.scalars(select(SpokeAuditHead).where(SpokeAuditHead.device_id == op.device_id))
        assert [h.seq for h in noted] == [7]
