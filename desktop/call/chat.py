"""Text chat over the consult's signaling room: works whenever both parties are in the room,
whether or not media connects.

Each message has an id. The sender keeps a message until the other side acknowledges it
(``{"type": "chat", "ack": id}``) and sends it again every ``resend_seconds`` and whenever
the other party comes back into the room; the receiver hands a message on once per id and
acknowledges every copy. So a message sent during an outage arrives once, after it.

Storing the conversation with the consult is the owner's part: ``on_message`` and
``on_sent`` give each message (with its id, the storage key) to whoever records it.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from desktop.call.signaling import SignalingError

MAX_CHAT_CHARS = 2000  # one message's text; the hub refuses longer (hub/signaling.py)


class ChatRoom(Protocol):
    async def send(self, message: dict[str, Any]) -> None: ...
    async def receive(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ChatMessage:
    id: str  # 32 hex digits, the same on both sides
    text: str
    sent_at: datetime  # the sender's clock, UTC
    mine: bool  # sent from here


class ChatTooLong(ValueError):
    """More than MAX_CHAT_CHARS characters."""


class ChatChannel:
    """Make it on the call runtime's loop; ``attach(room)`` (a ``CallSession`` given the
    channel hands it the room's chat messages); ``await send(text)``; keep ``run()`` going
    for the resends."""

    def __init__(
        self,
        on_message: Callable[[ChatMessage], None],
        *,
        on_sent: Callable[[ChatMessage], None] | None = None,
        resend_seconds: float = 2.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.on_message = on_message
        self.on_sent = on_sent
        self.resend_seconds = resend_seconds
        self.now = now
        self.room: ChatRoom | None = None
        self.pending: dict[str, ChatMessage] = {}  # sent, not acknowledged yet
        self.delivered: set[str] = set()  # acknowledged by the other side
        self._seen: set[str] = set()  # received (ids), to hand each on once
        self._wake = asyncio.Event()

    def attach(self, room: ChatRoom) -> None:
        self.room = room
        self._wake.set()

    def detach(self) -> None:
        self.room = None

    async def send(self, text: str, *, message_id: str | None = None) -> ChatMessage:
        """Queue a message and try it at once; it is resent until acknowledged."""
        text = text.strip()
        if len(text) > MAX_CHAT_CHARS:
            raise ChatTooLong(len(text))
        message = ChatMessage(message_id or uuid.uuid4().hex, text, self.now(), mine=True)
        self.pending[message.id] = message
        if self.on_sent is not None:
            self.on_sent(message)
        await self._try(message)
        self._wake.set()
        return message

    async def _try(self, message: ChatMessage) -> None:
        if self.room is None:
            return
        wire = {
            "type": "chat",
            "id": message.id,
            "text": message.text,
            "sent_at": message.sent_at.isoformat(),
        }
        with contextlib.suppress(SignalingError):  # the room is away: resent later
            await self.room.send(wire)

    async def resend(self) -> None:
        for message in list(self.pending.values()):
            await self._try(message)

    async def handle(self, message: dict[str, Any]) -> None:
        """A ``chat`` message from the room: an acknowledgement or a message."""
        ack = message.get("ack")
        if isinstance(ack, str):
            if self.pending.pop(ack, None) is not None:
                self.delivered.add(ack)
            return
        message_id, text = message.get("id"), message.get("text")
        if not isinstance(message_id, str) or not isinstance(text, str):
            return
        if self.room is not None:
            with contextlib.suppress(SignalingError):
                await self.room.send({"type": "chat", "ack": message_id})
        if message_id in self._seen:
            return  # a copy resent because our acknowledgement was lost
        self._seen.add(message_id)
        try:
            sent_at = datetime.fromisoformat(str(message.get("sent_at")))
        except ValueError:
            sent_at = self.now()
        self.on_message(ChatMessage(message_id, text[:MAX_CHAT_CHARS], sent_at, mine=False))

    async def run(self) -> None:
        """Resends what is unacknowledged every ``resend_seconds`` (a timer, on purpose:
        a lost message is the absence of its acknowledgement)."""
        while True:
            if not self.pending:
                self._wake.clear()
                await self._wake.wait()
            await asyncio.sleep(self.resend_seconds)
            await self.resend()

    async def serve(self, room: ChatRoom) -> None:
        """Chat without a call (text mode): read the room here until it closes."""
        self.attach(room)
        try:
            while True:
                message = await room.receive()
                if message.get("type") == "chat":
                    await self.handle(message)
                elif message.get("type") == "peer-joined":
                    await self.resend()
        finally:
            self.detach()
