"""A network change kills the room's connection silently (its address is gone: nothing
arrives, nothing leaves, the socket stays open until keepalive gives up). While the call is
reconnecting the session drops a room whose connection lost its address, or that does not
answer a ping, and joins again at once; a room that answers is kept. And the real room's
parts: an address not this machine's is told apart; through a link gone silent a ping to the
hub gets no answer, and ``abort`` ends the room's reading at once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession, Checkable
from desktop.call.signaling import RoomClosed, Signaling, address_gone
from desktop.core.call import CallEvent, CallState
from tests.call.support import consult_in_progress
from tests.call.tcp_relay import TcpRelay
from tests.sync_support.hubctl import LiveHub

WAIT = 60.0


class CheckedRoom:
    """A room whose connection is fine, ``stranded`` (its address gone) or ``silent`` (no
    answer to a ping)."""

    def __init__(self, *, stranded: bool = False, silent: bool = False) -> None:
        self.welcome: dict[str, Any] = {"type": "welcome", "peer": "me", "peers": []}
        self.is_stranded, self.silent = stranded, silent
        self.pings = 0
        self.answered = asyncio.Event()  # three pings answered
        self.aborted = asyncio.Event()
        self._gone = asyncio.Event()

    async def send(self, message: dict[str, Any]) -> None:
        pass  # into the void (or to nobody: there is no other party here)

    async def receive(self) -> dict[str, Any]:
        await self._gone.wait()
        raise RoomClosed("connection dropped")

    async def close(self) -> None:
        self._gone.set()

    async def round_trip(self, timeout: float = 10.0) -> float:
        self.pings += 1
        if self.silent:
            raise RoomClosed("no answer to a ping")  # what the real one says after timeout
        if self.pings >= 3:
            self.answered.set()
        return 0.001

    def stranded(self) -> bool:
        return self.is_stranded

    def abort(self) -> None:
        self.aborted.set()
        self._gone.set()


async def dead_room_while_reconnecting(dead: CheckedRoom) -> dict[str, Any]:
    alive = CheckedRoom()
    assert isinstance(dead, Checkable)
    rejoined = asyncio.Event()
    rooms: list[bool] = []

    async def rejoin() -> CheckedRoom:
        rejoined.set()
        return alive

    session = CallSession(
        dead,
        CallPeer(video=None, audio=None),
        caller=False,
        stall_seconds=0.2,
        rejoin=rejoin,
        rejoin_seconds=0.01,
        on_room=rooms.append,
        room_silent_seconds=0.1,
    )
    run = asyncio.ensure_future(session.run())
    # Media was up and stalled: reconnecting (the peer's own states are not needed here).
    for event in (CallEvent.PEER_PRESENT, CallEvent.ACCEPTED, CallEvent.MEDIA_UP):
        session._apply(event)
    session._apply(CallEvent.MEDIA_DOWN)
    assert session.machine.state is CallState.RECONNECTING
    await asyncio.wait_for(dead.aborted.wait(), WAIT)
    await asyncio.wait_for(rejoined.wait(), WAIT)
    await asyncio.wait_for(alive.answered.wait(), WAIT)  # checked again, in the new room
    out = {
        "dead_pings": dead.pings,
        "alive_aborted": alive.aborted.is_set(),
        "room": session.room is alive,
        "drops": session.room_drops,
        "rooms": list(rooms),
        "state": session.machine.state,
    }
    await session.hang_up()
    await asyncio.wait_for(run, WAIT)
    return out


@pytest.mark.parametrize("dead", ["stranded", "silent"])
def test_a_dead_room_is_dropped_and_joined_again_while_reconnecting(dead: str) -> None:
    with CallRuntime() as runtime:
        room = runtime.submit(_room(dead)).result(WAIT)
        out = runtime.submit(dead_room_while_reconnecting(room)).result(WAIT * 2)
    assert out["room"] and out["rooms"] == [False, True]
    assert out["drops"] == 1 and not out["alive_aborted"]  # the answering room is kept
    # the address gone needs no ping; silence is a ping unanswered
    assert out["dead_pings"] == (0 if dead == "stranded" else 1)
    assert out["state"] is CallState.RECONNECTING


async def _room(dead: str) -> CheckedRoom:  # made on the runtime's loop (its events)
    return CheckedRoom(stranded=dead == "stranded", silent=dead == "silent")


def test_an_address_not_this_machines_is_gone() -> None:
    assert address_gone(("192.0.2.1", 40000))  # TEST-NET-1: no machine here has it
    assert not address_gone(("127.0.0.1", 40000))
    assert not address_gone(None)


async def ping_and_abort(base_url: str, port: int, cid: str, token: str) -> dict[str, Any]:
    relay = TcpRelay("127.0.0.1", ("127.0.0.1", port))
    via = await relay.start()
    room = await Signaling.join(f"http://127.0.0.1:{via}", cid, token)
    try:
        answered = await room.round_trip(WAIT)
        stranded = room.stranded()  # its address (loopback) is this machine's
        relay.silent = True
        reading = asyncio.ensure_future(room.receive())
        try:
            await room.round_trip(0.2)
            unanswered: object = None
        except RoomClosed as exc:
            unanswered = exc
        room.abort()
        try:
            await asyncio.wait_for(reading, WAIT)
            ended: object = None
        except RoomClosed as exc:
            ended = exc
        return {
            "answered": answered,
            "stranded": stranded,
            "unanswered": unanswered,
            "ended": ended,
        }
    finally:
        await relay.close()


def test_a_ping_through_a_silent_link_fails_and_abort_ends_the_room(hub: LiveHub) -> None:
    operator, _doctor, cid = consult_in_progress(hub)
    with CallRuntime() as runtime:
        out = runtime.submit(ping_and_abort(hub.base_url, hub.port, cid, operator)).result(WAIT)
    assert 0 < out["answered"] < WAIT and out["stranded"] is False
    assert isinstance(out["unanswered"], RoomClosed)
    assert isinstance(out["ended"], RoomClosed)
