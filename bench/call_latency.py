"""Call media latency and CPU: the frame counter drawn into the synthetic picture is read back
after VP8 on the receiving side, and its send time gives the latency of each picture.

Ours: two ``CallPeer``s on the ``CallRuntime`` thread (switchable tracks, the reader tasks,
the frame callback). Reference: two bare aiortc ``RTCPeerConnection``s in ``asyncio.run``
with the same tracks. Same process, same run, loopback ICE only. Not yet in ours: the
camera service, the Qt hand-off of frames and drawing (the call window does not exist yet).

    .venv/bin/python bench/call_latency.py [--seconds 10] [--size 640x480] [--fps 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from typing import Any

import aioice.ice
from aiortc import RTCPeerConnection
from aiortc.mediastreams import MediaStreamError

from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.synthetic import CounterVideoTrack, SineAudioTrack, read_counter


class Stamped(CounterVideoTrack):
    """Remembers when each numbered picture left the source."""

    def __init__(self, width: int, height: int, fps: int, sent: dict[int, float]) -> None:
        super().__init__(width, height, fps)
        self.sent = sent

    async def recv(self) -> Any:
        frame = await super().recv()
        self.sent[self.counter] = time.monotonic()
        return frame


class Meter:
    """Latency of each picture read back, and the process's CPU over the window."""

    def __init__(self, warmup: float, seconds: float) -> None:
        self.sent: dict[int, float] = {}
        self.latencies: list[float] = []
        self.warmup, self.seconds = warmup, seconds
        self.start = time.monotonic()
        self.cpu0: float | None = None
        self.wall0 = 0.0
        self.cpu = 0.0
        self.done = asyncio.Event()

    def on_video(self, frame: Any) -> None:
        now = time.monotonic()
        value = read_counter(frame.to_ndarray(format="gray"))
        if now - self.start < self.warmup:
            return
        if self.cpu0 is None:
            self.cpu0, self.wall0 = time.process_time(), now
        if value is not None and value in self.sent:
            self.latencies.append((now - self.sent[value]) * 1000)
        if now - self.wall0 >= self.seconds and not self.done.is_set():
            self.cpu = (time.process_time() - self.cpu0) / (now - self.wall0)
            self.done.set()


async def bare(size: tuple[int, int], fps: int, meter: Meter) -> None:
    sender, receiver = RTCPeerConnection(), RTCPeerConnection()
    sender.addTrack(Stamped(size[0], size[1], fps, meter.sent))
    sender.addTrack(SineAudioTrack())
    readers = []

    async def read(track: Any) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if track.kind == "video":
                meter.on_video(frame)

    receiver.on("track", lambda track: readers.append(asyncio.ensure_future(read(track))))
    await sender.setLocalDescription(await sender.createOffer())
    await receiver.setRemoteDescription(sender.localDescription)
    await receiver.setLocalDescription(await receiver.createAnswer())
    await sender.setRemoteDescription(receiver.localDescription)
    await meter.done.wait()
    await sender.close()
    await receiver.close()
    for task in readers:
        task.cancel()


async def ours(size: tuple[int, int], fps: int, meter: Meter) -> None:
    def on_frame(kind: str, frame: Any) -> None:
        if kind == "video":
            meter.on_video(frame)

    spoke = CallPeer(video=Stamped(size[0], size[1], fps, meter.sent), audio=SineAudioTrack())
    doctor = CallPeer(video=None, audio=None, on_frame=on_frame)
    await spoke.accept_answer(await doctor.answer(await spoke.offer()))
    await meter.done.wait()
    await spoke.close()
    await doctor.close()


def summary(meter: Meter) -> dict[str, float]:
    lat = sorted(meter.latencies)
    return {
        "median_ms": statistics.median(lat),
        "p95_ms": lat[int(len(lat) * 0.95) - 1],
        "pictures": len(lat),
        "cpu": meter.cpu,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--size", default="640x480")
    parser.add_argument("--fps", type=int, default=30)
    args = parser.parse_args()
    size = (int(args.size.split("x")[0]), int(args.size.split("x")[1]))
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]  # type: ignore[assignment]

    async def run_bare() -> Meter:
        meter = Meter(args.warmup, args.seconds)
        await bare(size, args.fps, meter)
        return meter

    async def run_ours() -> Meter:
        meter = Meter(args.warmup, args.seconds)
        await ours(size, args.fps, meter)
        return meter

    reference = summary(asyncio.run(run_bare()))
    with CallRuntime() as runtime:
        mine = summary(runtime.submit(run_ours()).result(args.seconds * 10 + 120))
    print(f"bare aiortc: {reference}")
    print(f"ours:        {mine}")
    print(
        json.dumps(
            {
                "metric": f"glass-to-glass median latency, {args.size}@{args.fps}",
                "unit": "ms",
                "ours": round(mine["median_ms"], 1),
                "reference": round(reference["median_ms"], 1),
                "reference_name": "bare aiortc loopback, same media",
                "ratio": round(reference["median_ms"] / mine["median_ms"], 3),
                "cpu_ours": round(mine["cpu"], 3),
                "cpu_reference": round(reference["cpu"], 3),
                "cpu_ratio": round(reference["cpu"] / mine["cpu"], 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
