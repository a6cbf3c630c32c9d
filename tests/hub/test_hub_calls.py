"""What a call achieved, at the hub: the consult's spoke reports each call once by its id;
the consult keeps the best mode (video that fell to audio counts as video); only that spoke
writes, every refusal audited; the prescription rules use the achieved mode once a call
happened, the operator's choice before."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from hub.models import AuditEvent
from tests.helpers.prescriptions import content as rx_content
from tests.hub.test_hub_prescriptions import body as rx_body
from tests.hub.test_hub_prescriptions import signer
from tests.hub.world import World

LIST_A = "Amoxicillin"  # TPG 2020 List A: a first consult by video only


def _call(
    cid: str, mode: str = "video", video: int | None = 300, at: str = "07:00"
) -> dict[str, Any]:
    return {
        "consult_id": cid,
        "mode": mode,
        "recorded_at": f"2026-12-05T{at}:00Z",
        "started_at": "2026-12-05T06:54:00Z",
        "ended_at": "2026-12-05T07:00:00Z",
        "video_seconds": video,
        "audio_seconds": 360,
    }


def _put(world: World, who: str, cid: str, call_id: str, body: dict[str, Any]) -> Any:
    return world.client.put(
        f"/api/v1/consults/{cid}/calls/{call_id}", json=body, headers=world[who].h
    )


def _achieved(world: World, cid: str) -> str | None:
    from hub.models import Consult

    with world.hub.sessions() as s:
        consult = s.get(Consult, cid)
        assert consult is not None
        return consult.achieved_mode


def test_a_call_is_recorded_once_by_its_id_and_the_consult_keeps_the_best_mode(
    world: World,
) -> None:
    cid = world.consult("opA", mode="audio")["id"]
    assert _achieved(world, cid) is None
    first_id = str(uuid.uuid4())
    first = _put(world, "opA", cid, first_id, _call(cid, "video"))
    assert first.status_code == 201, first.text
    assert first.json()["mode"] == "video" and first.json()["consult_mode"] == "video"
    assert first.json()["video_seconds"] == 300
    again = _put(world, "opA", cid, first_id, _call(cid, "video"))
    assert again.status_code == 200 and again.json() == first.json()
    other = _put(world, "opA", cid, first_id, _call(cid, "audio", video=0))
    assert other.status_code == 409
    # A later call that reached only audio: the consult was still by video.
    later = _put(world, "opA", cid, str(uuid.uuid4()), _call(cid, "audio", video=0, at="07:30"))
    assert later.status_code == 201 and later.json()["consult_mode"] == "video"
    assert _achieved(world, cid) == "video"
    listed = world.client.get(f"/api/v1/consults/{cid}/calls", headers=world["opA"].h)
    assert [c["mode"] for c in listed.json()] == ["video", "audio"]
    bad = _put(world, "opA", cid, str(uuid.uuid4()), _call(cid, "carrier pigeon"))
    assert bad.status_code == 422


def _denied(world: World, who: str) -> list[tuple[str, str, int]]:
    with world.hub.sessions() as s:
        rows = s.scalars(
            select(AuditEvent).where(
                AuditEvent.user_id == world[who].user_id, AuditEvent.outcome == "denied"
            )
        ).all()
        return [(r.action, r.object_type, r.status_code) for r in rows]


def test_only_the_consults_spoke_reports_a_call_and_refusals_are_audited(world: World) -> None:
    cid = world.consult("opA", mode="text")["id"]
    draft = world.consult("opA", final=False)["id"]

    def put(who: str, consult_id: str) -> int:
        return int(_put(world, who, consult_id, str(uuid.uuid4()), _call(consult_id)).status_code)

    assert put("opB", cid) == 404  # another spoke's consult: not even its existence
    assert put("doc1", cid) == 403  # the doctor does not say what the spoke's call achieved
    assert put("admin", cid) == 403  # nor does the hub's administrator
    assert put("opA", draft) == 409  # not sent yet
    mismatch = _put(world, "opA", cid, str(uuid.uuid4()), _call(draft))
    assert mismatch.status_code == 409
    assert _achieved(world, cid) is None
    for who, status in (("opB", 404), ("doc1", 403), ("admin", 403)):
        assert ("write", "consult", status) in _denied(world, who), who
    assert put("opA", cid) == 201
    with world.hub.sessions() as s:
        written = s.scalars(
            select(AuditEvent.object_type).where(
                AuditEvent.user_id == world["opA"].user_id, AuditEvent.object_type == "call"
            )
        ).all()
    assert written == ["call"]


def test_a_text_consult_refuses_list_a_until_a_video_call_is_recorded(world: World) -> None:
    world.online("doc1")
    cid = world.consult("opA", mode="text")["id"]
    r = world.client.post(f"/api/v1/consults/{cid}/accept", headers=world["doc1"].h)
    assert r.status_code == 200, r.text
    key = signer(world, "doc1")

    def prescribe() -> Any:
        pid = str(uuid.uuid4())
        return world.client.put(
            f"/api/v1/consults/{cid}/prescriptions/{pid}",
            json=rx_body(key, cid, pid, rx_content(LIST_A)),
            headers=world["doc1"].h,
        )

    refused = prescribe()
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"]["mode"] == "text"
    assert refused.json()["detail"]["violations"][0]["rule"] == "list_a_needs_video"
    # A call that carried only the chat: still text.
    assert _put(world, "opA", cid, str(uuid.uuid4()), _call(cid, "text", 0)).status_code == 201
    assert prescribe().status_code == 422
    assert _put(world, "opA", cid, str(uuid.uuid4()), _call(cid, "video")).status_code == 201
    told = world.client.get(f"/api/v1/consults/{cid}/prescribing", headers=world["doc1"].h)
    assert told.json()["mode"] == "video" and "A" in told.json()["allowed_lists"]
    accepted = prescribe()
    assert accepted.status_code == 201, accepted.text


def test_a_video_consult_whose_call_reached_only_audio_is_audio(world: World) -> None:
    world.online("doc1")
    cid = world.consult("opA", mode="video")["id"]
    assert world.client.post(f"/api/v1/consults/{cid}/accept", headers=world["doc1"].h).is_success
    assert _put(world, "opA", cid, str(uuid.uuid4()), _call(cid, "audio", 0)).status_code == 201
    told = world.client.get(f"/api/v1/consults/{cid}/prescribing", headers=world["doc1"].h)
    assert told.json()["mode"] == "audio" and "A" not in told.json()["allowed_lists"]


def test_chat_and_calls_wake_the_doctors_queue_watch(world: World) -> None:
    """The consult's doctor re-reads the conversation when it grows (the review refreshes
    on the queue watch)."""
    cid = world.consult("opA")["id"]

    def version() -> int:
        r = world.client.get(
            "/api/v1/doctors/me/queue/watch", params={"since": -1}, headers=world["doc1"].h
        )
        assert r.status_code == 200, r.text
        return int(r.json()["version"])

    before = version()
    chat = {
        "consult_id": cid,
        "sender": "spoke",
        "text": "Namaste doctor",
        "sent_at": "2026-12-05T06:55:00Z",
    }
    url = f"/api/v1/consults/{cid}/chat/{uuid.uuid4()}"
    assert world.client.put(url, json=chat, headers=world["opA"].h).status_code == 201
    assert version() == before + 1
    assert world.client.put(url, json=chat, headers=world["opA"].h).status_code == 200
    assert version() == before + 1  # the same message again changes nothing
    assert _put(world, "opA", cid, str(uuid.uuid4()), _call(cid)).status_code == 201
    assert version() == before + 2
