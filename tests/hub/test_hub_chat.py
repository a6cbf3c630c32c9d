"""The call's chat at the hub: the spoke sends each message it stored with the consult;
idempotent by the message's id, access as for writing the consult, never on a draft; the
consult's doctor reads the conversation."""

from __future__ import annotations

import uuid
from typing import Any

from tests.hub.world import World


def _body(cid: str, text: str = "Please send the ECG picture", sender: str = "doctor") -> Any:
    return {"consult_id": cid, "sender": sender, "text": text, "sent_at": "2026-11-25T10:00:00Z"}


def test_a_message_is_stored_once_by_its_id(world: World) -> None:
    world.online("doc1")
    cid = world.consult("opA")["id"]
    mid = str(uuid.uuid4())
    url = f"/api/v1/consults/{cid}/chat/{mid}"
    first = world.client.put(url, json=_body(cid), headers=world["opA"].h)
    assert first.status_code == 201 and first.json()["id"] == mid
    again = world.client.put(url, json=_body(cid), headers=world["opA"].h)
    assert again.status_code == 200 and again.json() == first.json()
    other = world.client.put(url, json=_body(cid, "something else"), headers=world["opA"].h)
    assert other.status_code == 409
    too_long = world.client.put(
        f"/api/v1/consults/{cid}/chat/{uuid.uuid4()}",
        json=_body(cid, "x" * 2001),
        headers=world["opA"].h,
    )
    assert too_long.status_code == 422
    listed = world.client.get(f"/api/v1/consults/{cid}/chat", headers=world["doc1"].h)
    assert [(m["sender"], m["text"]) for m in listed.json()] == [
        ("doctor", "Please send the ECG picture")
    ]


def test_who_may_send_one(world: World) -> None:
    cid = world.consult("opA")["id"]
    draft = world.consult("opA", final=False)["id"]

    def put(who: str, consult_id: str) -> int:
        url = f"/api/v1/consults/{consult_id}/chat/{uuid.uuid4()}"
        return world.client.put(url, json=_body(consult_id), headers=world[who].h).status_code

    assert put("opB", cid) == 404  # another spoke's consult
    assert put("doc1", cid) == 403  # the spoke sends what it stored
    assert put("opA", draft) == 409  # not sent yet
