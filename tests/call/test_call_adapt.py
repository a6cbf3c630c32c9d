"""The adaptive track applies a level: pictures scaled to its height (never above the
source's), frames dropped to its rate, none at all while audio only; the manual
low-bandwidth mode moves a call's track to 240p10 at once."""

from __future__ import annotations

import asyncio
import fractions
from types import SimpleNamespace
from typing import Any

import numpy as np
from aiortc import MediaStreamTrack
from av import VideoFrame

from desktop.call.adapt import AdaptiveVideoTrack, CallAdaptation
from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.core.call_adapt import AUDIO_ONLY, LEVELS, Adapter, Level
from desktop.core.call_quality import LinkCounters

CLOCK = 90_000


class TimedSource(MediaStreamTrack):
    """640x480 pictures stamped at 25 fps, as fast as they are read; counts its reads."""

    kind = "video"

    def __init__(self) -> None:
        super().__init__()
        self.read = 0

    async def recv(self) -> Any:
        frame = VideoFrame.from_ndarray(np.zeros((480, 640, 3), np.uint8), format="bgr24")
        frame.pts = self.read * CLOCK // 25
        frame.time_base = fractions.Fraction(1, CLOCK)
        self.read += 1
        await asyncio.sleep(0)
        return frame


async def sizes_and_count(track: AdaptiveVideoTrack, source: TimedSource, seconds: int) -> Any:
    """What the track passes of ``seconds`` of the source's frames."""
    sizes = set()
    passed = 0
    end = source.read + 25 * seconds
    while source.read < end:
        frame = await track.recv()
        sizes.add((frame.width, frame.height))
        passed += 1
    return sizes, passed


async def levels() -> dict[str, Any]:
    source = TimedSource()
    track = AdaptiveVideoTrack(source, LEVELS[0])
    out: dict[str, Any] = {}
    for level in LEVELS[:AUDIO_ONLY]:
        track.set_level(level)
        out[level.name] = await sizes_and_count(track, source, 4)
    track.set_level(LEVELS[AUDIO_ONLY])
    pending = asyncio.ensure_future(track.recv())
    while source.read < 300:  # audio only: the source is read, nothing is passed on
        await asyncio.sleep(0)
    out["audio_done"] = pending.done()
    track.set_level(LEVELS[3])
    frame = await asyncio.wait_for(pending, 10)
    out["after_audio"] = (frame.width, frame.height)
    # the manual low-bandwidth mode
    heard: list[Level] = []
    peer = CallPeer(video=track, audio=None)
    adaptation = CallAdaptation(lambda: peer, track, Adapter(start=0), on_level=heard.append)
    adaptation.set_low_bandwidth(True)
    out["low"] = (track.level.name, [lv.name for lv in heard])
    await peer.close()
    return out


def test_levels_scale_drop_and_stop_the_pictures() -> None:
    with CallRuntime() as runtime:
        out = runtime.submit(levels()).result(60)
    assert out["720p30"] == ({(640, 480)}, 100)  # never above the source: 25 fps, 640x480
    assert out["480p25"] == ({(640, 480)}, 100)
    sizes, passed = out["360p15"]
    assert sizes == {(480, 360)} and 58 <= passed <= 62  # 15 of every 25 over 4 s
    sizes, passed = out["240p10"]
    assert sizes == {(320, 240)} and 38 <= passed <= 42
    assert out["audio_done"] is False
    assert out["after_audio"] == (320, 240)
    assert out["low"] == ("240p10", ["240p10"])


class FlakyPeer:
    """Counters of a good link, one second apart on the fake clock; the second reading
    fails with an error no connection state explains."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock
        self.reads = 0
        self.pc = SimpleNamespace(getSenders=list)  # no encoder to cap

    async def counters(self) -> LinkCounters:
        self.reads += 1
        if self.reads == 2:
            raise ValueError("a statistics report aiortc could not make")
        n = self.reads
        return LinkCounters(
            at=self.clock[0],
            bytes_sent=n * 100_000,
            bytes_received=n * 100_000,
            packets_received=n * 100,
            packets_lost=0,
            video_frames=n * 25,
            rtt=0.05,
            packets_sent=n * 100,
        )


async def adapt_through_a_failed_reading() -> list[str]:
    clock = [0.0]
    peer = FlakyPeer(clock)
    track = AdaptiveVideoTrack(TimedSource(), LEVELS[AUDIO_ONLY])
    heard: list[str] = []
    stepped_up = asyncio.Event()

    def on_level(level: Level) -> None:
        heard.append(level.name)
        stepped_up.set()

    adaptation = CallAdaptation(
        lambda: peer,  # type: ignore[arg-type,return-value]
        track,
        Adapter(start=AUDIO_ONLY),
        interval=0,
        clock=lambda: clock[0],
        on_level=on_level,
    )
    task = asyncio.ensure_future(adaptation.run())

    async def tick() -> None:  # the fake clock moves a second per reading
        while not stepped_up.is_set():
            clock[0] += 1.0
            await asyncio.sleep(0)

    ticking = asyncio.ensure_future(tick())
    try:
        await asyncio.wait_for(stepped_up.wait(), 10)
    finally:
        ticking.cancel()
        task.cancel()
    assert not task.done() or task.cancelled()
    return heard


def test_a_failed_link_reading_does_not_end_the_adaptation(caplog) -> None:  # type: ignore[no-untyped-def]
    """An unexpected error from one reading used to end the adaptation task silently: after
    a throttle the call stayed audio only for good. Now the next readings step it up."""
    with CallRuntime() as runtime:
        heard = runtime.submit(adapt_through_a_failed_reading()).result(30)
    assert heard[0] == LEVELS[AUDIO_ONLY - 1].name  # audio only -> 240p10 on good readings
    assert "call link reading failed (ValueError)" in caplog.text
