"""The ring: a spoke PC watching its clinic's calls hears at once when the assigned doctor
waits in a consult's room (with the doctor's name), when the clinic answered and when the
doctor left; other clinics hear nothing; doctors cannot watch. The pre-call check's bounded
transfer."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from hub.call_bell import CallBell, Ringing
from hub.signaling import Rooms
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


class Socket:
    def __init__(self) -> None:
        self.got: list[dict[str, Any]] = []

    async def send_json(self, data: Any, mode: str = "text") -> None:
        self.got.append(data)


def test_calls_of_a_worker_that_went_away_stop_ringing() -> None:
    """Another worker's bell told of a call; that worker dies (its bell leaves the bell
    room, by its presence expiring): its doctor is gone too, the clinic's PCs stop ringing."""
    bell, pc = CallBell(), Socket()

    async def run() -> None:
        await bell.watch("spokeA", pc)
        ring = {"type": "bell", "op": "ring", "consult": "c1", "facility": "spokeA"}
        await bell.on_relayed({**ring, "doctor": "Dr X", "peer": "p1", "from": "bell-b"})
        await bell.on_relayed({**ring, "doctor": "Dr X", "peer": "p1", "from": "bell-b"})  # again
        await bell.on_relayed({"type": "peer-left", "peer": "bell-c"})  # another worker's bell
        assert "c1" in bell.ringing
        await bell.on_relayed({"type": "peer-left", "peer": "bell-b"})

    asyncio.run(run())
    assert pc.got == [
        {"type": "watching", "calling": []},
        {"type": "calling", "consult": "c1", "doctor": "Dr X"},  # once
        {"type": "call-over", "consult": "c1"},
    ]
    assert bell.ringing == {}


class MemoryBus:
    """Each worker's room events to the other workers subscribed (PostgreSQL's NOTIFY)."""

    def __init__(self, buses: list[MemoryBus], rooms: Rooms) -> None:
        self.buses, self.rooms, self.subscribed = buses, rooms, set[str]()
        buses.append(self)
        rooms.bus = self

    async def subscribe(self, room: str) -> None:
        self.subscribed.add(room)

    async def unsubscribe(self, room: str) -> None:
        self.subscribed.discard(room)

    async def publish(self, room: str, event: dict[str, Any]) -> None:
        for other in self.buses:
            if other is not self and room in other.subscribed:
                await other.rooms.on_bus(room, event)


def test_the_ring_crosses_workers() -> None:
    """Worker A hosts the clinic's PC, worker B the doctor: the bells meet in their room."""
    buses: list[MemoryBus] = []
    rooms_a, rooms_b = Rooms(), Rooms()
    MemoryBus(buses, rooms_a)
    MemoryBus(buses, rooms_b)
    bell_a, bell_b = CallBell(), CallBell()
    pc, late = Socket(), Socket()

    async def run() -> None:
        await bell_a.connect(rooms_a)
        await bell_a.watch("spokeA", pc)
        await bell_b.connect(rooms_b)  # the doctor's worker's first call
        await bell_b.doctor_joined(Ringing("c1", "spokeA", "Dr X", "p1"))
        await bell_b.watch("spokeA", late)  # a PC on the doctor's worker
        await bell_a.spoke_joined("c1")  # the clinic joined the room on A
        await bell_b.doctor_left("c1", "p1")

    asyncio.run(run())
    assert pc.got == [
        {"type": "watching", "calling": []},
        {"type": "calling", "consult": "c1", "doctor": "Dr X"},
        {"type": "answered", "consult": "c1"},
        {"type": "call-over", "consult": "c1"},
    ]
    assert late.got == [
        {"type": "watching", "calling": [{"type": "calling", "consult": "c1", "doctor": "Dr X"}]},
        {"type": "answered", "consult": "c1"},
        {"type": "call-over", "consult": "c1"},
    ]
    assert bell_a.ringing == {} == bell_b.ringing


def test_a_bell_starting_later_hears_the_calls_waiting_elsewhere() -> None:
    buses: list[MemoryBus] = []
    rooms_a, rooms_b = Rooms(), Rooms()
    MemoryBus(buses, rooms_a)
    MemoryBus(buses, rooms_b)
    bell_a, bell_b = CallBell(), CallBell()
    pc = Socket()

    async def run() -> None:
        await bell_b.connect(rooms_b)
        await bell_b.doctor_joined(Ringing("c1", "spokeA", "Dr X", "p1"))
        await bell_a.connect(rooms_a)  # A's first PC arrives after the doctor
        await bell_a.watch("spokeA", pc)

    asyncio.run(run())
    assert pc.got == [
        {"type": "watching", "calling": [{"type": "calling", "consult": "c1", "doctor": "Dr X"}]}
    ]
    assert bell_a.ringing["c1"].origin == bell_b.peer_id and not bell_a.ringing["c1"].here
