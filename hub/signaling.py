"""Signaling rooms: one per consult, relaying WebRTC offers, answers and ICE candidates.

Rooms live in this process. With several workers, a consult's two peers may land on different
workers; docs/hub.md describes the Redis pub/sub fan-out that replaces ``Rooms.relay`` then.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from starlette.websockets import WebSocketDisconnect

RELAYED = frozenset({"offer", "answer", "candidate", "bye"})
MAX_MESSAGE_BYTES = 64 * 1024


class Peer(Protocol):
    async def send_json(self, data: Any, mode: str = "text") -> None: ...


@dataclass
class Member:
    peer_id: str
    role: str
    socket: Peer


@dataclass
class Rooms:
    """consult id -> members present."""

    rooms: dict[str, dict[str, Member]] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def join(self, room: str, member: Member) -> list[Member]:
        async with self.lock:
            members = self.rooms.setdefault(room, {})
            others = [m for m in members.values() if m.peer_id != member.peer_id]
            members[member.peer_id] = member
        for other in others:
            await _safe_send(
                other, {"type": "peer-joined", "peer": member.peer_id, "role": member.role}
            )
        return others

    async def leave(self, room: str, peer_id: str) -> None:
        async with self.lock:
            members = self.rooms.get(room, {})
            gone = members.pop(peer_id, None)
            others = list(members.values())
            if not members:
                self.rooms.pop(room, None)
        if gone is None:  # already left (closed by the membership watcher)
            return
        for other in others:
            await _safe_send(other, {"type": "peer-left", "peer": peer_id})

    async def relay(self, room: str, sender: str, message: dict[str, Any]) -> int:
        members = [m for m in self.rooms.get(room, {}).values() if m.peer_id != sender]
        for member in members:
            await _safe_send(member, {**message, "from": sender})
        return len(members)


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
