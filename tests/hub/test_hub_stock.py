"""A spoke's stock list at the hub: sent by its operators (idempotent, newer revisions only),
read by the doctor assigned to one of its consults (audited), 404/403 for everyone else."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from hub.models import AuditEvent
from tests.hub.test_hub_prescriptions import started
from tests.hub.world import World

STOCK = "/api/v1/facilities/me/stock"


def stock_body(revision: int, quantity: int | None = 40, rid: str | None = None) -> dict[str, Any]:
    return {
        "id": rid or str(uuid.uuid4()),
        "revision": revision,
        "items": [
            {
                "id": "paracetamol-500-tab",
                "generic": "Paracetamol",
                "strength": "500 mg",
                "form": "tablet",
                "formulary_id": "paracetamol",
                "quantity": quantity,
            },
            {"id": "ors-sachet", "generic": "ORS", "quantity": None},
        ],
    }


def test_operator_sends_stock_idempotently_newer_revision_wins(world: World) -> None:
    first = stock_body(1, 40)
    r = world.client.put(STOCK, json=first, headers=world["opA"].h)
    assert r.status_code == 200, r.text
    assert r.json()["id"] == first["id"] and r.json()["revision"] == 1
    again = world.client.put(STOCK, json=first, headers=world["opA"].h)
    assert again.status_code == 200 and again.json() == r.json()
    newer = stock_body(2, 35)
    assert world.client.put(STOCK, json=newer, headers=world["opA"].h).json()["revision"] == 2
    # The first list arriving late (a retry after a lost answer) echoes its id, changes nothing.
    late = world.client.put(STOCK, json=first, headers=world["opA"].h)
    assert late.status_code == 200 and late.json()["id"] == first["id"]
    assert late.json()["revision"] == 2 and late.json()["items"][0]["quantity"] == 35
    mine = world.client.get(STOCK, headers=world["opA"].h).json()
    assert mine["revision"] == 2 and mine["items"][0]["quantity"] == 35
    # Stored per facility: spoke B has none.
    other = world.client.get(STOCK, headers=world["opB"].h).json()
    assert other["revision"] == 0 and other["items"] == []


def test_stock_body_is_validated(world: World) -> None:
    bad = stock_body(1, -1)
    assert world.client.put(STOCK, json=bad, headers=world["opA"].h).status_code == 422
    bad = stock_body(1)
    bad["items"][0]["quantity"] = 2.5
    assert world.client.put(STOCK, json=bad, headers=world["opA"].h).status_code == 422
    too_new = stock_body(2**31)  # beyond the 32-bit revision column: refused, not a 500
    assert world.client.put(STOCK, json=too_new, headers=world["opA"].h).status_code == 422


def test_only_spoke_operators_send_stock(world: World) -> None:
    for who in ("doc1", "admin"):
        r = world.client.put(STOCK, json=stock_body(1), headers=world[who].h)
        assert r.status_code == 403, who
    assert world.client.put(STOCK, json=stock_body(1)).status_code == 401


def test_assigned_doctor_reads_the_consults_spoke_stock_audited(world: World) -> None:
    world.client.put(STOCK, json=stock_body(3, 12), headers=world["opA"].h)
    cid = started(world)  # spoke A's consult, accepted by doc1
    r = world.client.get(f"/api/v1/consults/{cid}/stock", headers=world["doc1"].h)
    assert r.status_code == 200, r.text
    assert r.json()["facility_id"] == world.facilities["spokeA"]
    assert r.json()["revision"] == 3
    assert [(i["id"], i["quantity"]) for i in r.json()["items"]] == [
        ("paracetamol-500-tab", 12),
        ("ors-sachet", None),
    ]
    with world.hub.sessions() as session:
        reads = session.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "stock", AuditEvent.action == "read")
        ).all()
    assert [(e.object_id, e.outcome) for e in reads] == [(world.facilities["spokeA"], "allowed")]


def test_consult_stock_for_anyone_else_is_404_or_403(world: World) -> None:
    world.client.put(STOCK, json=stock_body(1), headers=world["opA"].h)
    cid = started(world)
    path = f"/api/v1/consults/{cid}/stock"
    assert world.client.get(path, headers=world["doc2"].h).status_code == 403  # same hub
    assert world.client.get(path, headers=world["doc9"].h).status_code == 404  # other hub
    assert world.client.get(path, headers=world["opA"].h).status_code == 403  # not a doctor
    assert world.client.get(path, headers=world["opB"].h).status_code == 403
    assert world.client.get(path).status_code == 401
    missing = f"/api/v1/consults/{uuid.uuid4()}/stock"
    assert world.client.get(missing, headers=world["doc1"].h).status_code == 404
