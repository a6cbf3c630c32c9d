"""The ring: which consults have their doctor waiting in the call room, told at once to the
spoke PCs of the consult's clinic that watch (``WS /api/v1/calls/watch``), so the operator
hears the call without having opened the call window.

Across workers (PostgreSQL), each worker's bell is a member of one more room of ``Rooms``,
``BELL_ROOM``: what a bell learns from its own sockets (a doctor joined or left a consult's
room, the clinic joined it) is relayed there through the signaling bus, and every bell keeps
the same list of waiting calls; a bell that joins later is told the calls whose doctors sit on
the other workers. SQLite (one process) needs none of it."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.websockets import WebSocketDisconnect

from hub.signaling import Member, Peer, Rooms

BELL_ROOM = "00000000-0000-4000-8000-00000000be11"  # every worker's bell; no consult has it
BELL_ROLE = "call-bell"


@dataclass(frozen=True)
class Ringing:
    consult_id: str
    facility_id: str
    doctor_name: str
    peer_id: str
    answered: bool = False  # the clinic is in the room: its PCs no longer ring
    here: bool = True  # the doctor's socket is on this worker
    origin: str = ""  # else: the bell of the doctor's worker

    def message(self) -> dict[str, Any]:
        return {"type": "calling", "consult": self.consult_id, "doctor": self.doctor_name}

    def relayed(self) -> dict[str, Any]:
        return {
            "type": "bell",
            "op": "ring",
            "consult": self.consult_id,
            "facility": self.facility_id,
            "doctor": self.doctor_name,
            "peer": self.peer_id,
            "answered": self.answered,
        }


@dataclass
class CallBell:
    """facility id -> the sockets of its watching spoke PCs; consult id -> the doctor who
    waits in its room (until the doctor leaves)."""

    watchers: dict[str, set[Peer]] = field(default_factory=dict)
    ringing: dict[str, Ringing] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    rooms: Rooms | None = None  # joined once the signaling bus is there (PostgreSQL)
    peer_id: str = field(default_factory=lambda: "bell-" + uuid.uuid4().hex[:8])

    async def connect(self, rooms: Rooms) -> None:
        """Join the other workers' bells (idempotent; nothing to join without a bus)."""
        if self.rooms is None and rooms.bus is not None:
            self.rooms = rooms
            await rooms.join(BELL_ROOM, Member(self.peer_id, BELL_ROLE, _BellSocket(self)))

    async def watch(self, facility_id: str, socket: Peer) -> None:
        """A spoke PC listens; it is told first the calls waiting for its clinic."""
        async with self.lock:
            self.watchers.setdefault(facility_id, set()).add(socket)
            waiting = [
                r.message()
                for r in self.ringing.values()
                if r.facility_id == facility_id and not r.answered
            ]
        await _send(socket, {"type": "watching", "calling": waiting})

    async def unwatch(self, facility_id: str, socket: Peer) -> None:
        async with self.lock:
            sockets = self.watchers.get(facility_id, set())
            sockets.discard(socket)
            if not sockets:
                self.watchers.pop(facility_id, None)

    # -- what this worker's sockets did (told here and to the other workers) ---------------
    async def doctor_joined(self, ringing: Ringing) -> None:
        await self._ring(ringing)
        await self._relay(ringing.relayed())

    async def doctor_left(self, consult_id: str, peer_id: str) -> None:
        if await self._over(consult_id, peer_id):
            await self._relay(
                {"type": "bell", "op": "over", "consult": consult_id, "peer": peer_id}
            )

    async def spoke_joined(self, consult_id: str) -> None:
        """The clinic answered (one of its PCs joined the room): the others stop ringing."""
        if await self._answered(consult_id):
            await self._relay({"type": "bell", "op": "answered", "consult": consult_id})

    # -- the other workers' word ------------------------------------------------------------
    async def on_relayed(self, message: dict[str, Any]) -> None:
        if message.get("type") == "peer-joined" and message.get("role") == BELL_ROLE:
            # A bell started elsewhere: tell it the calls whose doctors are here.
            for ringing in [r for r in self.ringing.values() if r.here]:
                await self._relay(ringing.relayed())
            return
        if message.get("type") == "peer-left":
            # That bell's worker is gone (or its presence expired): so are its doctors.
            gone = [r for r in self.ringing.values() if r.origin == message.get("peer")]
            for ringing in gone:
                await self._over(ringing.consult_id, ringing.peer_id)
            return
        if message.get("type") != "bell":
            return
        op, consult = message.get("op"), str(message.get("consult", ""))
        if op == "ring":
            ringing = Ringing(
                consult,
                str(message.get("facility", "")),
                str(message.get("doctor", "")),
                str(message.get("peer", "")),
                bool(message.get("answered", False)),
                here=False,
                origin=str(message.get("from", "")),
            )
            known = self.ringing.get(consult)
            if known is not None and known.peer_id == ringing.peer_id:
                ringing = dataclasses.replace(ringing, answered=known.answered or ringing.answered)
            await self._ring(ringing)
            if ringing.answered and not (known is not None and known.answered):
                await self._answered(consult)
        elif op == "over":
            await self._over(consult, str(message.get("peer", "")))
        elif op == "answered":
            await self._answered(consult)

    # -- the list and the watchers ----------------------------------------------------------
    async def _ring(self, ringing: Ringing) -> None:
        async with self.lock:
            known = self.ringing.get(ringing.consult_id)
            self.ringing[ringing.consult_id] = ringing
        told = known is not None and known.peer_id == ringing.peer_id  # heard again
        if not ringing.answered and not told:
            await self._tell(ringing.facility_id, ringing.message())

    async def _over(self, consult_id: str, peer_id: str) -> bool:
        async with self.lock:
            ringing = self.ringing.get(consult_id)
            if ringing is None or ringing.peer_id != peer_id:
                return False  # another of the doctor's sockets joined since
            del self.ringing[consult_id]
        await self._tell(ringing.facility_id, {"type": "call-over", "consult": consult_id})
        return True

    async def _answered(self, consult_id: str) -> bool:
        async with self.lock:
            ringing = self.ringing.get(consult_id)
            if ringing is None:
                return False
            self.ringing[consult_id] = dataclasses.replace(ringing, answered=True)
        await self._tell(ringing.facility_id, {"type": "answered", "consult": consult_id})
        return True

    async def _tell(self, facility_id: str, message: dict[str, Any]) -> None:
        for socket in list(self.watchers.get(facility_id, ())):
            await _send(socket, message)

    async def _relay(self, message: dict[str, Any]) -> None:
        if self.rooms is not None:
            await self.rooms.relay(BELL_ROOM, self.peer_id, message)


class _BellSocket:
    """The bell as a member of ``BELL_ROOM``: what the room hands it is the other bells'."""

    def __init__(self, bell: CallBell) -> None:
        self.bell = bell

    async def send_json(self, data: Any, mode: str = "text") -> None:
        if isinstance(data, dict):
            await self.bell.on_relayed(data)


async def _send(socket: Peer, message: dict[str, Any]) -> None:
    try:
        await socket.send_json(message)
    except (RuntimeError, OSError, WebSocketDisconnect):  # gone; its handler cleans up
        pass
