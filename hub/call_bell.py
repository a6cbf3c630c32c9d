"""The ring: which consults have their doctor waiting in the call room, told at once to the
spoke PCs of the consult's clinic that watch (``WS /api/v1/calls/watch``), so the operator
hears the call without having opened the call window. One worker's view: a doctor and a
watcher on different PostgreSQL workers do not meet (yet)."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from starlette.websockets import WebSocketDisconnect

from hub.signaling import Peer


@dataclass(frozen=True)
class Ringing:
    consult_id: str
    facility_id: str
    doctor_name: str
    peer_id: str
    answered: bool = False  # the clinic is in the room: its PCs no longer ring

    def message(self) -> dict[str, Any]:
        return {"type": "calling", "consult": self.consult_id, "doctor": self.doctor_name}


@dataclass
class CallBell:
    """facility id -> the sockets of its watching spoke PCs; consult id -> the doctor who
    waits in its room (until the doctor leaves)."""

    watchers: dict[str, set[Peer]] = field(default_factory=dict)
    ringing: dict[str, Ringing] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

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

    async def doctor_joined(self, ringing: Ringing) -> None:
        async with self.lock:
            self.ringing[ringing.consult_id] = ringing
        await self._tell(ringing.facility_id, ringing.message())

    async def doctor_left(self, consult_id: str, peer_id: str) -> None:
        async with self.lock:
            ringing = self.ringing.get(consult_id)
            if ringing is None or ringing.peer_id != peer_id:
                return  # another of the doctor's sockets joined since
            del self.ringing[consult_id]
        await self._tell(ringing.facility_id, {"type": "call-over", "consult": consult_id})

    async def spoke_joined(self, consult_id: str) -> None:
        """The clinic answered (one of its PCs joined the room): the others stop ringing."""
        async with self.lock:
            ringing = self.ringing.get(consult_id)
            if ringing is None:
                return
            self.ringing[consult_id] = dataclasses.replace(ringing, answered=True)
        await self._tell(ringing.facility_id, {"type": "answered", "consult": consult_id})

    async def _tell(self, facility_id: str, message: dict[str, Any]) -> None:
        for socket in list(self.watchers.get(facility_id, ())):
            await _send(socket, message)


async def _send(socket: Peer, message: dict[str, Any]) -> None:
    try:
        await socket.send_json(message)
    except (RuntimeError, OSError, WebSocketDisconnect):  # gone; its handler cleans up
        pass
