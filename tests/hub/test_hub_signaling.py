"""Signaling: only the consult's spoke and its assigned doctor join the room; offers, answers
candidates and chat are relayed; ICE config carries coturn REST-style time-limited credentials."""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

import hub.api.signaling as signaling_api
from hub.clock import ManualClock
from tests.hub.world import World


def room(world: World) -> str:
    world.online("doc1")
    return str(world.consult("opA")["id"])


def test_offer_answer_candidates_relayed(world: World) -> None:
    cid = room(world)
    url = f"/api/v1/consults/{cid}/signal"
    with world.client.websocket_connect(url, headers=world["opA"].h) as spoke:
        hello = spoke.receive_json()
        assert hello["type"] == "welcome" and hello["peers"] == []
        with world.client.websocket_connect(url, headers=world["doc1"].h) as doctor:
            welcome = doctor.receive_json()
            assert welcome["peers"] == [{"peer": hello["peer"], "role": "spoke_operator"}]
            joined = spoke.receive_json()
            assert joined == {"type": "peer-joined", "peer": welcome["peer"], "role": "hub_doctor"}
            spoke.send_json({"type": "offer", "sdp": "v=0 offer"})
            got = doctor.receive_json()
            assert got == {"type": "offer", "sdp": "v=0 offer", "from": hello["peer"]}
            doctor.send_json({"type": "answer", "sdp": "v=0 answer"})
            assert spoke.receive_json()["sdp"] == "v=0 answer"
            cand = {"type": "candidate", "candidate": "candidate:1 1 udp 1 10.0.0.2 5000 typ host"}
            spoke.send_json(cand)
            assert doctor.receive_json()["candidate"] == cand["candidate"]
            chat = {"type": "chat", "id": "a" * 32, "text": "BP 150/95 today"}
            doctor.send_json(chat)
            assert spoke.receive_json() == {**chat, "from": welcome["peer"]}
            doctor.send_json({"type": "chat", "id": "b" * 32, "text": "x" * 2001})
            assert doctor.receive_json() == {"type": "error", "error": "chat message too long"}
            spoke.send_json({"type": "restart"})
            assert doctor.receive_json() == {"type": "restart", "from": hello["peer"]}
            doctor.send_json({"type": "shout", "text": "not relayed"})
            assert doctor.receive_json() == {"type": "error", "error": "unknown message"}
            doctor.send_text("{not json")
            assert doctor.receive_json()["type"] == "error"
        assert spoke.receive_json() == {"type": "peer-left", "peer": welcome["peer"]}


@pytest.mark.parametrize(
    ("who", "code"), [("opB", 4403), ("doc3", 4403), ("doc9", 4403), ("admin", 4403)]
)
def test_outsiders_cannot_join(world: World, who: str, code: int) -> None:
    cid = room(world)
    assert refusal(world, f"/api/v1/consults/{cid}/signal", world[who].h) == code


def refusal(world: World, url: str, headers: dict[str, str] | None = None) -> int:
    """The close code of a refused join: the handshake completes (accepted), then the hub
    closes with its code; a refusal before the handshake would fail ``websocket_connect``."""
    with (
        world.client.websocket_connect(url, headers=dict(headers or {})) as ws,
        pytest.raises(WebSocketDisconnect) as info,
    ):
        ws.receive_json()
    return int(info.value.code)


@pytest.mark.parametrize(("who", "code"), [(None, 4401), ("opB", 4403)])
def test_refusals_are_close_codes_over_a_real_socket(
    world: World, live: str, who: str | None, code: int
) -> None:
    """Over uvicorn, a refusal is a completed WebSocket handshake (101) followed by a close
    frame with the documented code, not an HTTP 403 to the upgrade request."""
    cid = room(world)
    url = live.replace("http://", "ws://") + f"/api/v1/consults/{cid}/signal"
    headers = world[who].h if who else {}
    # connect() raises on an HTTP refusal of the upgrade.
    with connect(url, additional_headers=headers) as ws, pytest.raises(ConnectionClosed):
        ws.recv(timeout=10)
    assert ws.close_code == code


def test_unauthenticated_or_revoked_cannot_join(world: World) -> None:
    cid = room(world)
    url = f"/api/v1/consults/{cid}/signal"
    assert refusal(world, url) == 4401
    world.client.post(
        f"/api/v1/admin/devices/{world['opA'].device_id}/revoke", headers=world["admin"].h
    )
    assert refusal(world, url, world["opA"].h) == 4401


def test_no_room_before_assignment(world: World) -> None:
    cid = world.consult("opA")["id"]  # nobody online: queued
    assert refusal(world, f"/api/v1/consults/{cid}/signal", world["opA"].h) == 4403


def test_ice_servers_with_turn_rest_credentials(world: World, clock: ManualClock) -> None:
    r = world.client.get("/api/v1/ice-servers", headers=world["opA"].h)
    assert r.status_code == 200
    cfg = r.json()
    stun, turn = cfg["ice_servers"]
    assert stun["urls"] == ["stun:stun.example.org:3478"] and stun["username"] is None
    expiry, user = turn["username"].split(":")
    ttl = world.hub.config.turn_ttl_seconds
    assert (
        int(expiry)
        == int(clock.now().timestamp()) + ttl
        == int(clock.now().timestamp()) + cfg["ttl_seconds"]
    )
    assert user == world["opA"].user_id
    expected = hmac.new(b"turn-shared-secret", turn["username"].encode(), hashlib.sha1).digest()
    assert base64.b64decode(turn["credential"]) == expected
    assert world.client.get("/api/v1/ice-servers").status_code == 401


def test_reassigned_doctor_is_closed_out_of_the_room(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """doc1 declines while in the room; the consult goes to doc2, and doc1's socket is closed
    (4403) by the membership re-check while the spoke stays; doc2 may then join."""
    world.hub.config.signal_recheck_seconds = 0.05
    rechecks = {"n": 0}
    several = threading.Event()
    may_stay = signaling_api._may_stay

    def counted(*args: Any) -> bool:
        stays = may_stay(*args)
        rechecks["n"] += 1
        if rechecks["n"] >= 6:
            several.set()
        return stays

    monkeypatch.setattr(signaling_api, "_may_stay", counted)
    cid = room(world)
    url = f"/api/v1/consults/{cid}/signal"
    with world.client.websocket_connect(url, headers=world["opA"].h) as spoke:
        spoke.receive_json()
        with world.client.websocket_connect(url, headers=world["doc1"].h) as doctor:
            peer = doctor.receive_json()["peer"]
            assert spoke.receive_json()["type"] == "peer-joined"
            # Several re-checks (of both members) pass while doc1 is still assigned.
            assert several.wait(30)
            spoke.send_json({"type": "offer", "sdp": "v=0"})
            assert doctor.receive_json()["sdp"] == "v=0"
            world.online("doc2")
            r = world.client.post(f"/api/v1/consults/{cid}/decline", headers=world["doc1"].h)
            assert r.is_success
            consult = world.client.get(f"/api/v1/consults/{cid}", headers=world["opA"].h).json()
            assert consult["assigned_doctor_id"] == world["doc2"].user_id
            with pytest.raises(WebSocketDisconnect) as info:
                doctor.receive_json()
            assert info.value.code == 4403
        assert spoke.receive_json() == {"type": "peer-left", "peer": peer}
        with world.client.websocket_connect(url, headers=world["doc2"].h) as doc2:
            assert doc2.receive_json()["type"] == "welcome"
            assert spoke.receive_json()["type"] == "peer-joined"


def test_still_and_recording_messages_relayed(world: World) -> None:
    """Issue 16: the doctor's still request, the spoke's answer and the recording notice."""
    cid = room(world)
    url = f"/api/v1/consults/{cid}/signal"
    with world.client.websocket_connect(url, headers=world["opA"].h) as spoke:
        hello = spoke.receive_json()
        with world.client.websocket_connect(url, headers=world["doc1"].h) as doctor:
            welcome = doctor.receive_json()
            spoke.receive_json()  # peer-joined
            doctor.send_json({"type": "still-request", "id": "c" * 32})
            assert spoke.receive_json() == {
                "type": "still-request",
                "id": "c" * 32,
                "from": welcome["peer"],
            }
            for message in (
                {"type": "still-sent", "id": "c" * 32},
                {"type": "still-failed", "id": "d" * 32, "reason": "no-camera"},
                {"type": "recording", "on": True},
            ):
                spoke.send_json(message)
                assert doctor.receive_json() == {**message, "from": hello["peer"]}
