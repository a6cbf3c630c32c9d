"""A caller's stall watchdog and the callee's "restart" request may ask for a new peer
connection at the same moment: one is made and offered, and every connection it replaced is
closed (two at once left the first new one open, its sockets leaked; seen in the call
window's network test as unclosed UDP sockets on the offers' candidate ports)."""

from __future__ import annotations

import asyncio
from typing import Any

import aioice.ice
import pytest

from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.synthetic import SineAudioTrack
from tests.call.test_call_stall import MemoryRoom


@pytest.fixture(autouse=True)
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


async def two_requests_at_once() -> dict[str, Any]:
    room, other = MemoryRoom("doctor", []), MemoryRoom("spoke", [])
    room.other, other.other = other, room
    audio = SineAudioTrack(440)
    made: list[CallPeer] = []

    def make_peer() -> CallPeer:
        made.append(CallPeer(video=None, audio=audio))
        return made[-1]

    session = CallSession(room, make_peer(), caller=True, make_peer=make_peer)
    await asyncio.gather(session._renegotiate(), session._renegotiate())
    offers = []
    while not other.inbox.empty():
        message = other.inbox.get_nowait()
        if message is not None and message.get("type") == "offer":
            offers.append(message["restart"])
    out = {
        "made": len(made),
        "renegotiations": session.renegotiations,
        "offers": offers,
        "open": [p is session.peer for p in made if p.pc.connectionState != "closed"],
    }
    for peer in made:
        await peer.close()
    return out


def test_two_requests_at_once_make_one_new_connection() -> None:
    with CallRuntime() as runtime:
        out = runtime.submit(two_requests_at_once()).result(60)
    assert out["made"] == 2 and out["renegotiations"] == 1
    assert out["offers"] == [1]
    assert out["open"] == [True]  # only the current connection is open
