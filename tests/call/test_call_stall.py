"""Remote media that stops while connected moves the call to reconnecting, and back to
connected when it flows again (aiortc reports no "disconnected" state of its own). Two
sessions on the runtime's loop over an in-memory room; the spoke's media is paused."""

from __future__ import annotations

import asyncio
from typing import Any

import aioice.ice
import pytest
from aiortc import MediaStreamTrack

from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.signaling import RoomClosed
from desktop.call.synthetic import CounterVideoTrack, SineAudioTrack
from desktop.core.call import CallState

WAIT = 120.0


class MemoryRoom:
    """One side of a two-member room: what it sends, the other receives (with "from")."""

    def __init__(self, peer_id: str, peers: list[dict[str, str]]) -> None:
        self.peer_id = peer_id
        self.welcome: dict[str, Any] = {"type": "welcome", "peer": peer_id, "peers": peers}
        self.inbox: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.other: MemoryRoom | None = None

    async def send(self, message: dict[str, Any]) -> None:
        assert self.other is not None
        self.other.inbox.put_nowait({**message, "from": self.peer_id})

    async def receive(self) -> dict[str, Any]:
        message = await self.inbox.get()
        if message is None:
            raise RoomClosed("closed")
        return message

    async def close(self) -> None:
        self.inbox.put_nowait(None)


class Pausable(MediaStreamTrack):
    """A source whose frames stop while paused (a sender that stalls)."""

    def __init__(self, source: MediaStreamTrack, flowing: asyncio.Event) -> None:
        super().__init__()
        self.kind = source.kind
        self.source, self.flowing = source, flowing

    async def recv(self) -> Any:
        await self.flowing.wait()
        return await self.source.recv()


@pytest.fixture(autouse=True)
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


async def stall_and_recover() -> list[CallState]:
    flowing = asyncio.Event()
    flowing.set()
    spoke_room = MemoryRoom("spoke", [])
    doctor_room = MemoryRoom("doctor", [{"peer": "spoke", "role": "spoke_operator"}])
    spoke_room.other, doctor_room.other = doctor_room, spoke_room
    reached: dict[CallState, asyncio.Event] = {s: asyncio.Event() for s in CallState}
    spoke = CallSession(
        spoke_room,
        CallPeer(
            video=Pausable(CounterVideoTrack(), flowing),
            audio=Pausable(SineAudioTrack(), flowing),
        ),
        caller=False,
        auto_accept=True,
    )
    doctor = CallSession(
        doctor_room,
        CallPeer(video=CounterVideoTrack(), audio=SineAudioTrack()),
        caller=True,
        on_state=lambda s: reached[s].set(),
        stall_seconds=1.0,
    )
    tasks = [asyncio.ensure_future(spoke.run()), asyncio.ensure_future(doctor.run())]
    await asyncio.wait_for(reached[CallState.CONNECTED].wait(), WAIT)
    await asyncio.wait_for(_first_frame(doctor), WAIT)
    reached[CallState.CONNECTED].clear()
    flowing.clear()  # the spoke's camera and microphone stall
    await asyncio.wait_for(reached[CallState.RECONNECTING].wait(), WAIT)
    flowing.set()
    await asyncio.wait_for(reached[CallState.CONNECTED].wait(), WAIT)
    await doctor.hang_up()
    await asyncio.wait_for(asyncio.gather(*tasks), WAIT)
    return doctor.machine.history


async def _first_frame(session: CallSession) -> None:
    while session.peer.last_frame_at is None:
        await asyncio.sleep(0.05)


def test_a_stall_is_reconnecting_and_recovers() -> None:
    with CallRuntime() as runtime:
        history = runtime.submit(stall_and_recover()).result(WAIT * 5)
    assert [s.value for s in history] == [
        "waiting",
        "ringing",
        "connecting",
        "connected",
        "reconnecting",
        "connected",
        "ended",
    ]


async def one_way_stall() -> tuple[list[CallState], list[CallState], int]:
    """Only the doctor's media stops: the spoke (callee) sees the stall, the doctor does
    not, so the spoke asks for a new connection and the doctor offers one."""
    flowing = asyncio.Event()
    flowing.set()
    spoke_room = MemoryRoom("spoke", [])
    doctor_room = MemoryRoom("doctor", [{"peer": "spoke", "role": "spoke_operator"}])
    spoke_room.other, doctor_room.other = doctor_room, spoke_room
    reached: dict[CallState, asyncio.Event] = {s: asyncio.Event() for s in CallState}
    doctor_video = Pausable(CounterVideoTrack(), flowing)
    doctor_audio = Pausable(SineAudioTrack(), flowing)
    spoke_video, spoke_audio = CounterVideoTrack(), SineAudioTrack(660)
    spoke = CallSession(
        spoke_room,
        CallPeer(video=spoke_video, audio=spoke_audio),
        caller=False,
        auto_accept=True,
        on_state=lambda s: reached[s].set(),
        stall_seconds=1.0,
        make_peer=lambda: CallPeer(video=spoke_video, audio=spoke_audio),
        renegotiate_seconds=1.0,
    )
    doctor = CallSession(
        doctor_room,
        CallPeer(video=doctor_video, audio=doctor_audio),
        caller=True,
        stall_seconds=1.0,
        make_peer=lambda: CallPeer(video=doctor_video, audio=doctor_audio),
        renegotiate_seconds=1.0,
    )
    tasks = [asyncio.ensure_future(spoke.run()), asyncio.ensure_future(doctor.run())]
    await asyncio.wait_for(reached[CallState.CONNECTED].wait(), WAIT)
    await asyncio.wait_for(_first_frame(spoke), WAIT)
    reached[CallState.CONNECTED].clear()
    flowing.clear()
    await asyncio.wait_for(reached[CallState.RECONNECTING].wait(), WAIT)
    await asyncio.wait_for(_renegotiated(doctor), WAIT)  # the spoke's request reached it
    flowing.set()
    await asyncio.wait_for(reached[CallState.CONNECTED].wait(), WAIT)
    await doctor.hang_up()
    await asyncio.wait_for(asyncio.gather(*tasks), WAIT)
    return spoke.machine.history, doctor.machine.history, doctor.renegotiations


def test_the_callee_asks_for_a_new_connection_when_only_its_media_stalls() -> None:
    with CallRuntime() as runtime:
        spoke, doctor, renegotiations = runtime.submit(one_way_stall()).result(WAIT * 5)
    assert [s.value for s in spoke][:6] == [
        "waiting",
        "ringing",
        "connecting",
        "connected",
        "reconnecting",
        "connected",
    ]
    assert CallState.RECONNECTING not in doctor  # the doctor's media never stopped
    assert renegotiations >= 1


async def _renegotiated(session: CallSession) -> None:
    while session.renegotiations == 0:
        await asyncio.sleep(0.05)
