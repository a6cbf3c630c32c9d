"""A call over a bad link (tests/call/link.py: a UDP relay under the test's control): a
5-second outage ends in automatic reconnection (a new peer connection negotiated over the
room, the same call object: reconnecting -> connected); throttled to 150 kbit/s the spoke
goes to audio only within 10 s and the call stays up; unthrottled it steps back up,
asserted on the sent resolution and video bitrate; chat sent while the room drops messages
arrives once. Two sessions on the runtime's loop over an in-memory room."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aioice.ice
import pytest

from desktop.call.adapt import AdaptiveVideoTrack, CallAdaptation, video_bytes_sent
from desktop.call.chat import ChatChannel, ChatMessage
from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.synthetic import CounterVideoTrack, SineAudioTrack
from desktop.core.call import CallState
from desktop.core.call_adapt import LEVELS, Adapter, AdaptRules, Level
from tests.call.link import Link
from tests.call.test_call_stall import MemoryRoom

WAIT = 120.0


@pytest.fixture(autouse=True)
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


class RelayRoom(MemoryRoom):
    """A room whose offers and answers name the relay's ports instead of the peers' (so all
    media crosses ``link``), and whose messages are lost while ``down`` (the signaling
    path during an outage)."""

    down = False

    def __init__(self, peer_id: str, peers: list[dict[str, str]], link: Link) -> None:
        super().__init__(peer_id, peers)
        self.link = link

    async def send(self, message: dict[str, Any]) -> None:
        if not self.down:
            await super().send(await self.link.rewrite(message))


class Side:
    """One party: session, adaptation, states reached, levels sent, frames received."""

    def __init__(self, room: MemoryRoom, source: CounterVideoTrack, *, caller: bool) -> None:
        self.reached: dict[CallState, asyncio.Event] = {s: asyncio.Event() for s in CallState}
        self.levels: list[Level] = []
        self.level_changed = asyncio.Event()
        self.audio_frames = 0
        self.chat_in: list[ChatMessage] = []
        self.chat_event = asyncio.Event()
        self.hooks: list[Any] = []  # more callbacks: (what, value), for tests/call/netem_call.py
        self.track = AdaptiveVideoTrack(source, LEVELS[1])
        self.audio = SineAudioTrack(440 if caller else 660)
        self.chat = ChatChannel(self._on_chat, resend_seconds=0.5)
        self.session = CallSession(
            room,
            self.make_peer(),
            caller=caller,
            auto_accept=True,
            on_state=self._on_state,
            stall_seconds=1.0,
            make_peer=self.make_peer,
            renegotiate_seconds=2.0,
            chat=self.chat,
        )
        rules = AdaptRules(up_after=3.0, up_after_max=6.0, probe_seconds=3.0)
        self.adaptation = CallAdaptation(
            lambda: self.session.peer,
            self.track,
            Adapter(rules, start=1),
            on_level=self._on_level,
            active=lambda: self.session.machine.state is CallState.CONNECTED,
        )

    def make_peer(self) -> CallPeer:
        return CallPeer(video=self.track, audio=self.audio, on_frame=self._on_frame)

    def _on_state(self, state: CallState) -> None:
        self.reached[state].set()
        for hook in self.hooks:
            hook("state", state)

    def _on_frame(self, kind: str, frame: Any) -> None:
        if kind == "audio":
            self.audio_frames += 1
            for hook in self.hooks:
                hook("audio", self.audio_frames)

    def _on_level(self, level: Level) -> None:
        self.levels.append(level)
        self.level_changed.set()
        for hook in self.hooks:
            hook("level", level)

    def _on_chat(self, message: ChatMessage) -> None:
        self.chat_in.append(message)
        self.chat_event.set()

    async def until_level(self, check: Any, timeout: float) -> float:
        """Seconds until ``check(level)`` holds."""
        start = time.monotonic()
        while not check(self.track.level):
            self.level_changed.clear()
            await asyncio.wait_for(self.level_changed.wait(), timeout - (time.monotonic() - start))
        return time.monotonic() - start

    async def until_state(self, state: CallState) -> None:
        await asyncio.wait_for(self.reached[state].wait(), WAIT)


async def video_kbps(peer: CallPeer, seconds: float) -> float:
    """The video sent over ``seconds`` (a measurement over an interval)."""
    before = await video_bytes_sent(peer)
    await asyncio.sleep(seconds)
    return (await video_bytes_sent(peer) - before) * 8 / 1000 / seconds


async def frames_after(side: Side, count: int) -> None:
    start = side.audio_frames
    while side.audio_frames < start + count:
        await asyncio.sleep(0.05)


async def bad_network() -> dict[str, Any]:
    out: dict[str, Any] = {}
    link = Link()
    spoke_room = RelayRoom("spoke", [], link)
    doctor_room = RelayRoom("doctor", [{"peer": "spoke", "role": "spoke_operator"}], link)
    spoke_room.other, doctor_room.other = doctor_room, spoke_room
    spoke = Side(spoke_room, CounterVideoTrack(640, 480, 25), caller=False)
    doctor = Side(doctor_room, CounterVideoTrack(320, 240, 15), caller=True)
    tasks = [
        asyncio.ensure_future(c)
        for side in (spoke, doctor)
        for c in (side.session.run(), side.adaptation.run(), side.chat.run())
    ]
    try:
        await doctor.until_state(CallState.CONNECTED)
        await asyncio.wait_for(frames_after(doctor, 20), WAIT)
        out["first_size"] = spoke.track.sent_size
        out["relayed"] = link.forwarded
        first_peer = doctor.session.peer

        # 1. A 5-second outage of media and of the room; chat written meanwhile.
        doctor.reached[CallState.CONNECTED].clear()
        link.down = spoke_room.down = doctor_room.down = True
        await doctor.until_state(CallState.RECONNECTING)
        sent = [await spoke.chat.send(f"message {i} during the outage") for i in range(3)]
        await asyncio.sleep(5.0)  # the outage itself (the impairment, not a wait for a result)
        link.down = spoke_room.down = doctor_room.down = False
        await doctor.until_state(CallState.CONNECTED)
        await asyncio.wait_for(frames_after(doctor, 20), WAIT)
        out["renegotiations"] = doctor.session.renegotiations
        out["same_peer"] = doctor.session.peer is first_peer
        while len(doctor.chat_in) < len(sent) or spoke.chat.pending:
            doctor.chat_event.clear()
            await asyncio.wait_for(doctor.chat_event.wait(), 1.0)  # resends every 0.5 s
        await asyncio.sleep(0)
        out["chat_sent"] = [m.id for m in sent]
        out["chat_received"] = [m.id for m in doctor.chat_in]
        out["chat_texts"] = [m.text for m in doctor.chat_in]

        # 2. Throttled to 150 kbit/s: audio only within 10 s, the call stays up.
        link.kbps = 150
        out["to_audio_seconds"] = await spoke.until_level(lambda lv: not lv.video, WAIT)
        await asyncio.wait_for(frames_after(doctor, 50), WAIT)  # 1 s of audio after it
        out["throttled_state"] = doctor.session.machine.state
        out["audio_only_video_kbps"] = (
            await video_kbps(spoke.session.peer, 1.0) if not spoke.track.level.video else None
        )

        # 3. Unthrottled: back up to the source's full 480p25.
        link.kbps = None
        await spoke.until_level(lambda lv: lv.name == "480p25", WAIT)
        await asyncio.wait_for(frames_after(doctor, 20), WAIT)
        out["recovered_size"] = spoke.track.sent_size
        out["recovered_kbps"] = await video_kbps(spoke.session.peer, 2.0)
        out["encoder_bitrate"] = spoke.adaptation.encoder_bitrate
        out["levels"] = [level.name for level in spoke.levels]
        out["history"] = [s.value for s in doctor.session.machine.history]
    finally:
        await doctor.session.hang_up()
        for task in tasks:
            if task is not tasks[0] and task is not tasks[3]:
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        link.close()
    return out


def test_outage_throttle_and_recovery() -> None:
    with CallRuntime() as runtime:
        out = runtime.submit(bad_network()).result(WAIT * 5)
    assert out["first_size"] == (640, 480)
    assert out["relayed"] > 50  # the media crosses the relay (the peers know no other way)
    # the outage: a new peer connection, the same call, reconnecting -> connected
    assert out["renegotiations"] >= 1 and not out["same_peer"]
    assert out["history"][:6] == [
        "waiting",
        "ringing",
        "connecting",
        "connected",
        "reconnecting",
        "connected",
    ]
    # chat written during the outage: each message once, in order
    assert out["chat_received"] == out["chat_sent"]
    assert out["chat_texts"] == [f"message {i} during the outage" for i in range(3)]
    # 150 kbit/s: audio only within 10 s, still connected, no video sent
    assert out["to_audio_seconds"] <= 10.0, out
    assert out["throttled_state"] is CallState.CONNECTED
    assert out["audio_only_video_kbps"] == 0.0
    # recovered: the full picture again, the encoder's target above 240p10's, at most 480p25's
    assert out["recovered_size"] == (640, 480)
    assert out["recovered_kbps"] > 50, out
    assert out["encoder_bitrate"] <= LEVELS[1].bitrate, out
    assert "audio" in out["levels"] and out["levels"][-1] == "480p25"
