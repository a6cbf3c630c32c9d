"""One peer's controls, two aiortc peers on the call runtime's loop (no hub): mute sends
silence, camera off a black picture, and both come back; end closes the connection."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import aioice.ice
import numpy as np
import pytest

from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.synthetic import CounterVideoTrack, SineAudioTrack, read_counter
from desktop.core.call_quality import LinkCounters, LinkQuality, link_quality

WAIT = 120.0  # generous: the machine is shared


class Sink:
    """What one side decodes; waiters are woken on each frame."""

    def __init__(self) -> None:
        self.frames: list[tuple[str, Any]] = []
        self.changed = asyncio.Event()

    def on_frame(self, kind: str, frame: Any) -> None:
        if kind == "video":
            gray = frame.to_ndarray(format="gray")
            self.frames.append(("video", (read_counter(gray), float(gray.mean()))))
        else:
            data = frame.to_ndarray()
            self.frames.append(("audio", int(np.abs(data.astype(np.int32)).max())))
        self.changed.set()

    async def until(self, kind: str, ok: Callable[[Any], bool], run: int = 5) -> None:
        """Until ``run`` frames of ``kind`` in a row, received from now on, satisfy ``ok``."""
        start, streak = len(self.frames), 0
        while True:
            for k, value in self.frames[start:]:
                if k == kind:
                    streak = streak + 1 if ok(value) else 0
                    if streak >= run:
                        return
            start = len(self.frames)
            self.changed.clear()
            await self.changed.wait()


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


def counted(value: tuple[int | None, float]) -> bool:
    return value[0] is not None


def black(value: tuple[int | None, float]) -> bool:
    return value[0] is None and value[1] < 20


async def controls() -> list[str]:
    seen = Sink()  # what the doctor sees and hears of the spoke
    states: list[str] = []
    spoke = CallPeer(video=CounterVideoTrack(), audio=SineAudioTrack(440.0))
    doctor = CallPeer(
        video=CounterVideoTrack(), audio=SineAudioTrack(660.0), on_frame=seen.on_frame
    )
    doctor.on_state = states.append
    try:
        await spoke.accept_answer(await doctor.answer(await spoke.offer()))

        async def step(kind: str, ok: Callable[[Any], bool], run: int) -> None:
            await asyncio.wait_for(seen.until(kind, ok, run), WAIT)

        await step("video", counted, 5)
        await step("audio", lambda peak: peak > 2000, 10)
        spoke.set_muted(True)
        await step("audio", lambda peak: peak < 50, 25)  # half a second of silence
        await step("video", counted, 5)  # the picture goes on
        spoke.set_camera_on(False)
        await step("video", black, 5)
        spoke.set_muted(False)
        spoke.set_camera_on(True)
        await step("video", counted, 5)
        await step("audio", lambda peak: peak > 2000, 10)
    finally:
        await spoke.close()
        await doctor.close()
    return states


def test_mute_and_camera_off_send_silence_and_black(loopback: None) -> None:
    with CallRuntime() as runtime:
        states = runtime.submit(controls()).result(WAIT * 8)
    assert "connected" in states and states[-1] == "closed"


async def trickle() -> list[tuple[str, int]]:
    spoke = CallPeer(video=CounterVideoTrack(), audio=SineAudioTrack())
    doctor = CallPeer(video=CounterVideoTrack(), audio=SineAudioTrack())
    try:
        offer = await spoke.offer()
        # A trickling client's offer does not end its candidates (aiortc's own does).
        lines = [line for line in offer["sdp"].split("\r\n") if line != "a=end-of-candidates"]
        await doctor.answer({**offer, "sdp": "\r\n".join(lines)})
        mid = doctor.pc.getTransceivers()[0].mid
        await doctor.add_candidate(
            {
                "type": "candidate",
                "candidate": "candidate:7 1 udp 2130706431 127.0.0.1 40000 typ host",
                "sdpMid": mid,
                "sdpMLineIndex": 0,
            }
        )
        await doctor.add_candidate({"type": "candidate", "candidate": ""})  # end of candidates
        ice = doctor.pc.getTransceivers()[0].receiver.transport.transport
        return [(c.ip, c.port) for c in ice.getRemoteCandidates()]
    finally:
        await spoke.close()
        await doctor.close()


def test_a_trickled_candidate_reaches_the_ice_transport(loopback: None) -> None:
    """aiortc puts its own candidates in the SDP; a client that trickles them is heard."""
    with CallRuntime() as runtime:
        remote = runtime.submit(trickle()).result(WAIT)
    assert ("127.0.0.1", 40000) in remote


async def measured() -> list[LinkQuality]:
    seen = Sink()
    spoke = CallPeer(video=CounterVideoTrack(), audio=SineAudioTrack(440.0))
    doctor = CallPeer(
        video=CounterVideoTrack(), audio=SineAudioTrack(660.0), on_frame=seen.on_frame
    )
    try:
        await spoke.accept_answer(await doctor.answer(await spoke.offer()))
        await asyncio.wait_for(seen.until("video", counted, 5), WAIT)
        before = [await doctor.counters(), await spoke.counters()]
        await asyncio.wait_for(seen.until("video", counted, 30), WAIT)

        async def reported() -> LinkCounters:  # RTCP receiver reports carry the round trip
            while (now := await doctor.counters()).rtt is None:
                await asyncio.sleep(0.2)
            return now

        after = [await asyncio.wait_for(reported(), WAIT), await spoke.counters()]
        return [link_quality(b, a) for b, a in zip(before, after, strict=True)]
    finally:
        await spoke.close()
        await doctor.close()


def test_link_quality_from_webrtc_statistics(loopback: None) -> None:
    with CallRuntime() as runtime:
        doctor, spoke = runtime.submit(measured()).result(WAIT * 3)
    for side in (doctor, spoke):
        assert side.send_kbps > 20 and side.receive_kbps > 20  # video and tone both ways
        assert side.loss < 0.05  # loopback
    assert doctor.rtt_ms is not None and 0 <= doctor.rtt_ms < 5000
    assert 2 < doctor.fps < 40  # 15 fps drawn
