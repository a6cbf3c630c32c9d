"""Addenda: a spoke adds text to a consult it sent. Idempotent by the client's id, access as
for writing the consult, never on a draft; they show in the consult's addenda list."""

from __future__ import annotations

import uuid
from typing import Any

from tests.hub.world import World


def _body(cid: str, text: str = "BP rechecked 124/80") -> dict[str, Any]:
    return {
        "consult_id": cid,
        "text": text,
        "author": "cho.meena",
        "added_at": "2026-11-25T10:00:00Z",
    }


def test_an_addendum_is_stored_once_by_its_id(world: World) -> None:
    cid = world.consult("opA")["id"]
    aid = str(uuid.uuid4())
    url = f"/api/v1/consults/{cid}/addenda/{aid}"
    first = world.client.put(url, json=_body(cid), headers=world["opA"].h)
    assert first.status_code == 201 and first.json()["id"] == aid
    again = world.client.put(url, json=_body(cid), headers=world["opA"].h)
    assert again.status_code == 200 and again.json() == first.json()
    other = world.client.put(url, json=_body(cid, "something else"), headers=world["opA"].h)
    assert other.status_code == 409
    listed = world.client.get(f"/api/v1/consults/{cid}/addenda", headers=world["opA"].h)
    assert [a["text"] for a in listed.json()] == ["BP rechecked 124/80"]


def test_who_may_add_one(world: World) -> None:
    cid = world.consult("opA")["id"]
    draft = world.consult("opA", final=False)["id"]

    def put(who: str, consult_id: str) -> int:
        url = f"/api/v1/consults/{consult_id}/addenda/{uuid.uuid4()}"
        return world.client.put(url, json=_body(consult_id), headers=world[who].h).status_code

    assert put("opB", cid) == 404  # another spoke's consult
    assert put("doc1", cid) == 403  # the doctor reads, the spoke adds
    assert put("opA", draft) == 409  # not sent yet
    mismatch = world.client.put(
        f"/api/v1/consults/{cid}/addenda/{uuid.uuid4()}",
        json=_body(draft),
        headers=world["opA"].h,
    )
    assert mismatch.status_code == 409
