"""Chat over the room without any media (text mode, ``ChatChannel.serve``): messages sent
while the room loses messages arrive once each, in order, after it; acknowledgements lost
make the sender resend, and the copies are handed on once; too long is refused."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from desktop.call.chat import MAX_CHAT_CHARS, ChatChannel, ChatMessage, ChatTooLong
from desktop.call.runtime import CallRuntime
from tests.call.test_call_stall import MemoryRoom

WAIT = 60.0


class FlakyRoom(MemoryRoom):
    """Loses every message while ``down``; ``drop_acks`` loses acknowledgements only."""

    down = False
    drop_acks = False
    sent = 0

    async def send(self, message: dict[str, Any]) -> None:
        self.sent += 1
        if self.down or (self.drop_acks and "ack" in message):
            return
        await super().send(message)


async def conversation() -> dict[str, Any]:
    spoke_room, doctor_room = FlakyRoom("spoke", []), FlakyRoom("doctor", [])
    spoke_room.other, doctor_room.other = doctor_room, spoke_room
    got: list[ChatMessage] = []
    arrived = asyncio.Event()

    def on_message(message: ChatMessage) -> None:
        got.append(message)
        arrived.set()

    spoke = ChatChannel(lambda m: None, resend_seconds=0.2)
    doctor = ChatChannel(on_message, resend_seconds=0.2)
    tasks = [
        asyncio.ensure_future(spoke.serve(spoke_room)),
        asyncio.ensure_future(doctor.serve(doctor_room)),
        asyncio.ensure_future(spoke.run()),
    ]
    try:
        # an outage of the room: nothing gets through while it lasts
        spoke_room.down = doctor_room.down = True
        sent = [await spoke.send(f"during the outage {i}") for i in range(3)]
        while spoke_room.sent < 9:  # each message tried three times into the void
            await asyncio.sleep(0.05)
        out: dict[str, Any] = {"during": list(got)}
        # back, but the doctor's acknowledgements are lost: the spoke keeps resending
        spoke_room.down = doctor_room.down = False
        doctor_room.drop_acks = True
        while len(got) < 3:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), WAIT)
        copies = doctor_room.sent
        while doctor_room.sent < copies + 6:  # more copies arrive and are acknowledged again
            await asyncio.sleep(0.05)
        doctor_room.drop_acks = False
        while spoke.pending:
            await asyncio.sleep(0.05)
        out.update(
            sent=[m.id for m in sent],
            received=[m.id for m in got],
            texts=[m.text for m in got],
            delivered=spoke.delivered,
        )
        with pytest.raises(ChatTooLong):
            await spoke.send("x" * (MAX_CHAT_CHARS + 1))
        return out
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def test_messages_sent_during_an_outage_arrive_once() -> None:
    with CallRuntime() as runtime:
        out = runtime.submit(conversation()).result(WAIT * 2)
    assert out["during"] == []
    assert out["received"] == out["sent"]  # once each, in order, despite the copies
    assert out["texts"] == [f"during the outage {i}" for i in range(3)]
    assert out["delivered"] == set(out["sent"])
