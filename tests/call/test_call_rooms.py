"""Rooms of two workers joined by a bus (here in memory; PostgreSQL in
test_call_hub_workers.py): presence is told once each way, messages cross, leaves too."""

from __future__ import annotations

import asyncio
from typing import Any

from hub.signaling import Member, Rooms

ROOM = "6f1c1d2e-1111-4222-8333-944455556666"


class Socket:
    def __init__(self) -> None:
        self.got: list[dict[str, Any]] = []

    async def send_json(self, data: Any, mode: str = "text") -> None:
        self.got.append(data)


class MemoryBus:
    """Delivers each worker's events to the other workers subscribed to the room, in order."""

    def __init__(self, hub: list[MemoryBus], rooms: Rooms) -> None:
        self.hub, self.rooms, self.subscribed = hub, rooms, set[str]()
        hub.append(self)
        rooms.bus = self

    async def subscribe(self, room: str) -> None:
        self.subscribed.add(room)

    async def unsubscribe(self, room: str) -> None:
        self.subscribed.discard(room)

    async def publish(self, room: str, event: dict[str, Any]) -> None:
        for other in self.hub:
            if other is not self and room in other.subscribed:
                await other.rooms.on_bus(room, event)


def test_two_workers_share_a_room() -> None:
    async def scenario() -> tuple[Socket, Socket, list[Member]]:
        buses: list[MemoryBus] = []
        a, b = Rooms(), Rooms()
        MemoryBus(buses, a)
        MemoryBus(buses, b)
        spoke, doctor = Socket(), Socket()
        await a.join(ROOM, Member("spoke1", "spoke_operator", spoke))
        others = await b.join(ROOM, Member("doc1", "hub_doctor", doctor))
        await a.relay(ROOM, "spoke1", {"type": "offer", "sdp": "v=0"})
        await b.relay(ROOM, "doc1", {"type": "answer", "sdp": "v=0 a"})
        await b.leave(ROOM, "doc1")
        assert ROOM not in buses[1].subscribed  # its last member left: no more listening
        return spoke, doctor, others

    spoke, doctor, others = asyncio.run(scenario())
    assert others == []  # worker B knew nobody yet; the spoke arrives as peer-joined
    assert doctor.got == [
        {"type": "peer-joined", "peer": "spoke1", "role": "spoke_operator"},
        {"type": "offer", "sdp": "v=0", "from": "spoke1"},
    ]
    assert spoke.got == [
        {"type": "peer-joined", "peer": "doc1", "role": "hub_doctor"},  # once, not per event
        {"type": "answer", "sdp": "v=0 a", "from": "doc1"},
        {"type": "peer-left", "peer": "doc1"},
    ]


def test_a_newcomer_on_a_worker_that_knows_the_room_gets_remote_peers_in_its_welcome() -> None:
    async def scenario() -> list[Member]:
        buses: list[MemoryBus] = []
        a, b = Rooms(), Rooms()
        MemoryBus(buses, a)
        MemoryBus(buses, b)
        await a.join(ROOM, Member("spoke1", "spoke_operator", Socket()))
        await b.join(ROOM, Member("doc1", "hub_doctor", Socket()))
        return await b.join(ROOM, Member("doc1-again", "hub_doctor", Socket()))

    others = asyncio.run(scenario())
    assert sorted((m.peer_id, m.role) for m in others) == [
        ("doc1", "hub_doctor"),
        ("spoke1", "spoke_operator"),
    ]


def test_a_worker_that_dies_silently_has_its_members_leave() -> None:
    """Presence is re-announced every period; a member not heard of for three is gone."""
    now = [0.0]

    async def scenario() -> tuple[Socket, Socket]:
        buses: list[MemoryBus] = []
        a, b = Rooms(clock=lambda: now[0]), Rooms(clock=lambda: now[0])
        MemoryBus(buses, a)
        MemoryBus(buses, b)
        spoke, doctor = Socket(), Socket()
        await a.join(ROOM, Member("spoke1", "spoke_operator", spoke))
        await b.join(ROOM, Member("doc1", "hub_doctor", doctor))
        for _ in range(5):  # both workers alive: presence refreshed, nobody leaves
            now[0] += 10
            await a.announce()
            await b.announce()
            await a.expire(30)
            await b.expire(30)
        assert not [m for m in spoke.got + doctor.got if m["type"] == "peer-left"]
        for _ in range(4):  # worker B died: it announces nothing any more
            now[0] += 10
            await a.announce()
            await a.expire(30)
        return spoke, doctor

    spoke, _ = asyncio.run(scenario())
    assert spoke.got[-1] == {"type": "peer-left", "peer": "doc1"}
    assert [m["type"] for m in spoke.got].count("peer-joined") == 1
