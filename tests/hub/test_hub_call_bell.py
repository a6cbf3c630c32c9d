"""The ring: a spoke PC watching its clinic's calls hears at once when the assigned doctor
waits in a consult's room (with the doctor's name), when the clinic answered and when the
doctor left; other clinics hear nothing; doctors cannot watch. The pre-call check's bounded
transfer."""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.hub.world import World

WATCH = "/api/v1/calls/watch"


def test_the_clinic_hears_the_doctor_calling(world: World) -> None:
    world.online("doc1")
    cid = str(world.consult("opA")["id"])
    room = f"/api/v1/consults/{cid}/signal"
    with world.client.websocket_connect(WATCH, headers=world["opA"].h) as bell:
        assert bell.receive_json() == {"type": "watching", "calling": []}
        with world.client.websocket_connect(room, headers=world["doc1"].h) as doctor:
            doctor.receive_json()  # welcome
            assert bell.receive_json() == {"type": "calling", "consult": cid, "doctor": "Dr doc1"}
            # A PC that starts watching now hears the waiting call first.
            with world.client.websocket_connect(WATCH, headers=world["opA"].h) as late:
                assert late.receive_json() == {
                    "type": "watching",
                    "calling": [{"type": "calling", "consult": cid, "doctor": "Dr doc1"}],
                }
            with world.client.websocket_connect(room, headers=world["opA"].h) as spoke:
                spoke.receive_json()
                assert bell.receive_json() == {"type": "answered", "consult": cid}
                # Answered: a PC that starts watching now does not ring.
                with world.client.websocket_connect(WATCH, headers=world["opA"].h) as late:
                    assert late.receive_json() == {"type": "watching", "calling": []}
        assert bell.receive_json() == {"type": "call-over", "consult": cid}


def test_a_call_window_open_before_the_doctor_answers_the_ring(world: World) -> None:
    """The operator's call window is in the room already: it rings itself, so the clinic's
    PCs hear the call and at once that it is answered."""
    world.online("doc1")
    cid = str(world.consult("opA")["id"])
    room = f"/api/v1/consults/{cid}/signal"
    with world.client.websocket_connect(WATCH, headers=world["opA"].h) as bell:
        bell.receive_json()
        with world.client.websocket_connect(room, headers=world["opA"].h) as spoke:
            spoke.receive_json()
            with world.client.websocket_connect(room, headers=world["doc1"].h) as doctor:
                doctor.receive_json()
                assert bell.receive_json()["type"] == "calling"
                assert bell.receive_json() == {"type": "answered", "consult": cid}


def test_another_clinic_hears_nothing_and_doctors_cannot_watch(world: World) -> None:
    world.online("doc1")
    cid = str(world.consult("opA")["id"])
    with world.client.websocket_connect(WATCH, headers=world["opB"].h) as other:
        assert other.receive_json() == {"type": "watching", "calling": []}
        with world.client.websocket_connect(
            f"/api/v1/consults/{cid}/signal", headers=world["doc1"].h
        ) as doctor:
            doctor.receive_json()
            other.send_text("still here?")  # read by the hub, never answered
        assert world.client.app.state.hub.call_bell.ringing == {}
        # Nothing about spokeA's consult reached spokeB's socket.
        with world.client.websocket_connect(
            f"/api/v1/consults/{cid}/signal", headers=world["opA"].h
        ):
            pass
    for who, code in [("doc1", 4403), (None, 4401)]:
        headers = world[who].h if who else {}
        with (
            world.client.websocket_connect(WATCH, headers=headers) as ws,
            pytest.raises(WebSocketDisconnect) as info,
        ):
            ws.receive_json()
        assert info.value.code == code


def test_the_probe_is_bounded_and_authenticated(world: World) -> None:
    h = world["opA"].h
    got = world.client.get("/api/v1/calls/probe", params={"kib": 8}, headers=h)
    assert got.status_code == 200 and len(got.content) == 8 * 1024
    assert (
        world.client.get("/api/v1/calls/probe", params={"kib": 2048}, headers=h).status_code == 422
    )
    assert world.client.get("/api/v1/calls/probe").status_code == 401
    sent = world.client.post("/api/v1/calls/probe", content=bytes(4096), headers=h)
    assert sent.json() == {"received": 4096}
    too_big = world.client.post("/api/v1/calls/probe", content=bytes(1024 * 1024 + 1), headers=h)
    assert too_big.status_code == 413
