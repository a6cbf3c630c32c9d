"""A call sends the camera service's pictures: the track reads the service's newest frame,
so the call shares the one opened camera with the preview and the recorder."""

from __future__ import annotations

import asyncio

import aioice.ice
import pytest

from desktop.call.camera_track import LatestFrameTrack
from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.synthetic import SineAudioTrack, read_counter
from desktop.media.camera_service import CameraService
from tests.call.counter_camera import CounterCamera

WAIT = 120.0


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


async def call_with(service: CameraService) -> list[int]:
    counters: list[int] = []
    enough = asyncio.Event()

    def on_frame(kind: str, frame: object) -> None:
        if kind == "video":
            value = read_counter(frame.to_ndarray(format="gray"))  # type: ignore[attr-defined]
            if value is not None and (not counters or value > counters[-1]):
                counters.append(value)
                if len(counters) >= 10:
                    enough.set()

    spoke = CallPeer(video=LatestFrameTrack(service.latest_frame), audio=SineAudioTrack())
    doctor = CallPeer(video=None, audio=None, on_frame=on_frame)
    try:
        await spoke.accept_answer(await doctor.answer(await spoke.offer()))
        await asyncio.wait_for(enough.wait(), WAIT)
    finally:
        await spoke.close()
        await doctor.close()
    return counters


def test_the_call_sends_the_shared_camera(loopback: None) -> None:
    camera = CounterCamera()
    service = CameraService(choose=lambda: (camera, None))
    service.acquire("preview")
    service.acquire("call")
    try:
        with CallRuntime() as runtime:
            counters = runtime.submit(call_with(service)).result(WAIT * 2)
    finally:
        service.release("call")
        service.release("preview")
    assert len(counters) >= 10 and counters == sorted(counters)
    assert camera.opens == 1  # the call did not open the camera again
    assert not service.is_open
