"""Signaling rooms: one per consult, relaying WebRTC offers, answers and ICE candidates.

Each worker keeps its own members (``Rooms``). With PostgreSQL, the rooms of all workers are
joined through LISTEN/NOTIFY (``hub/signal_bus.py``): a worker listens on a consult's
channel while it hosts a member of that room, and what happens in the room (a join, a
leave, a relayed message) is announced there, so the two peers of a consult may sit on
different workers or hosts. SQLite (the embedded hub, one process) needs no bus.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from starlette.websockets import WebSocketDisconnect

RELAYED = frozenset(
    {"offer", "answer", "candidate", "bye", "chat", "restart"}
    # the doctor's still picture from the spoke's camera, and the call being recorded
    | {"still-request", "still-sent", "still-failed", "recording"}
)
MAX_CHAT_CHARS = 2000  # the text of one chat message
MAX_MESSAGE_BYTES = 64 * 1024


class Peer(Protocol):
    async def send_json(self, data: Any, mode: str = "text") -> None: ...


class Bus(Protocol):
    """Carries room events to the other workers (``signal_bus.PgBus``)."""

    async def subscribe(self, room: str) -> None: ...
    async def unsubscribe(self, room: str) -> None: ...
    async def publish(self, room: str, event: dict[str, Any]) -> None: ...


@dataclass
class Member:
    peer_id: str
    role: str
    socket: Peer


@dataclass
class Rooms:
    """consult id -> members present on this worker; ``remote``: members on other workers
    (as announced on the bus), consult id -> peer id -> role."""

    rooms: dict[str, dict[str, Member]] = field(default_factory=dict)
    remote: dict[str, dict[str, str]] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    bus: Bus | None = None
    clock: Callable[[], float] = time.monotonic
    seen: dict[str, dict[str, float]] = field(default_factory=dict)  # remote member: last heard

    async def join(self, room: str, member: Member) -> list[Member]:
        """Add a member; the others here get "peer-joined" and the other workers hear of it.
        Returns the members already here (local ones, and remote ones known so far)."""
        if self.bus is not None:
            await self.bus.subscribe(room)  # listening before announcing: no answer is lost
        async with self.lock:
            members = self.rooms.setdefault(room, {})
            others = [m for m in members.values() if m.peer_id != member.peer_id]
            members[member.peer_id] = member
            remote = [
                Member(peer, role, _NOWHERE) for peer, role in self.remote.get(room, {}).items()
            ]
        for other in others:
            await _safe_send(
                other, {"type": "peer-joined", "peer": member.peer_id, "role": member.role}
            )
        if self.bus is not None:
            await self.bus.publish(room, {"k": "join", "peer": member.peer_id, "role": member.role})
        return others + remote

    async def leave(self, room: str, peer_id: str) -> None:
        async with self.lock:
            members = self.rooms.get(room, {})
            gone = members.pop(peer_id, None)
            others = list(members.values())
            empty = not members
            if empty:
                self.rooms.pop(room, None)
                self.remote.pop(room, None)
                self.seen.pop(room, None)
        if gone is None:  # already left (closed by the membership watcher)
            return
        for other in others:
            await _safe_send(other, {"type": "peer-left", "peer": peer_id})
        if self.bus is not None:
            await self.bus.publish(room, {"k": "leave", "peer": peer_id})
            if empty:
                await self.bus.unsubscribe(room)
                if self.rooms.get(room):  # someone joined meanwhile: listen again
                    await self.bus.subscribe(room)

    async def relay(self, room: str, sender: str, message: dict[str, Any]) -> int:
        """To the room's other members here, and through the bus to those elsewhere;
        returns how many members here got it."""
        members = [m for m in self.rooms.get(room, {}).values() if m.peer_id != sender]
        for member in members:
            await _safe_send(member, {**message, "from": sender})
        if self.bus is not None:  # also when no remote member is known yet: it may be joining
            await self.bus.publish(room, {"k": "msg", "from": sender, "body": message})
        return len(members)

    async def on_bus(self, room: str, event: dict[str, Any]) -> None:
        """An event from another worker's side of the room."""
        kind, peer = event.get("k"), str(event.get("peer", ""))
        local = list(self.rooms.get(room, {}).values())
        if not local:
            return
        if kind in ("join", "here"):
            role = str(event.get("role", ""))
            known = self.remote.setdefault(room, {})
            new = peer not in known
            known[peer] = role
            self.seen.setdefault(room, {})[peer] = self.clock()
            if kind == "join" and self.bus is not None:
                for member in local:  # tell the newcomer's worker who is here
                    here = {"k": "here", "peer": member.peer_id, "role": member.role}
                    await self.bus.publish(room, here)
            if new:
                for member in local:
                    await _safe_send(member, {"type": "peer-joined", "peer": peer, "role": role})
        elif kind == "leave":
            self.seen.get(room, {}).pop(peer, None)
            if self.remote.get(room, {}).pop(peer, None) is not None:
                for member in local:
                    await _safe_send(member, {"type": "peer-left", "peer": peer})
        elif kind == "msg" and isinstance(event.get("body"), dict):
            sender = str(event.get("from", ""))
            if sender in self.remote.get(room, {}):
                self.seen.setdefault(room, {})[sender] = self.clock()
            for member in local:
                await _safe_send(member, {**event["body"], "from": sender})

    async def announce(self) -> None:
        """Tell the other workers again who is here (``signal_presence_seconds``)."""
        if self.bus is None:
            return
        present = [(room, list(members.values())) for room, members in self.rooms.items()]
        for room, members in present:
            for member in members:
                here = {"k": "here", "peer": member.peer_id, "role": member.role}
                await self.bus.publish(room, here)

    async def expire(self, older_than: float) -> None:
        """Remote members not heard of for ``older_than`` seconds are gone (their worker died
        without saying so): the members here get "peer-left"."""
        limit = self.clock() - older_than
        for room, seen in list(self.seen.items()):
            for peer in [p for p, at in seen.items() if at < limit]:
                await self.on_bus(room, {"k": "leave", "peer": peer})


class _Nowhere:
    """The socket of a member on another worker: never written to from here."""

    async def send_json(self, data: Any, mode: str = "text") -> None:
        raise RuntimeError("a remote member is reached through the bus")


_NOWHERE = _Nowhere()


async def _safe_send(member: Member, data: dict[str, Any]) -> None:
    try:
        await member.socket.send_json(data)
    except (RuntimeError, OSError, WebSocketDisconnect):  # gone; its handler cleans up
        pass


def turn_credentials(secret: str, user_id: str, now: datetime, ttl: int) -> tuple[str, str]:
    """coturn REST API convention: username "expiry:user", password base64(HMAC-SHA1)."""
    username = f"{int(now.timestamp()) + ttl}:{user_id}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode("ascii")
