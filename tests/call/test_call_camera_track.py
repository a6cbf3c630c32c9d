"""A call sends the camera service's pictures and sound: the video track reads the service's
newest frame, the audio track gets the microphone's chunks, so the call shares the one
opened camera and microphone with the preview and the recorder."""

from __future__ import annotations

import asyncio
from typing import Any

import aioice.ice
import numpy as np
import pytest

from desktop.call.camera_track import LatestFrameTrack, PushedAudioTrack
from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.synthetic import dominant_frequency, read_counter
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.media.frames import AudioChunk
from tests.call.counter_camera import CounterCamera

WAIT = 120.0


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


async def call_with(service: CameraService) -> tuple[list[int], float]:
    """The doctor's side: increasing counters of the spoke's pictures, and the pitch of a
    second of its sound."""
    counters: list[int] = []
    sound: list[np.ndarray] = []
    rate = [48000]
    pictures, heard = asyncio.Event(), asyncio.Event()

    def on_frame(kind: str, frame: Any) -> None:
        if kind == "video":
            value = read_counter(frame.to_ndarray(format="gray"))
            if value is not None and (not counters or value > counters[-1]):
                counters.append(value)
                if len(counters) >= 10:
                    pictures.set()
        else:
            data = frame.to_ndarray()
            channels = len(frame.layout.channels)
            sound.append(data.reshape(-1)[::channels] if frame.format.is_packed else data[0])
            rate[0] = frame.sample_rate
            if sum(len(a) for a in sound) > 2 * rate[0]:  # past the first second's warm-up
                heard.set()

    audio = PushedAudioTrack()

    def to_call(chunk: AudioChunk) -> None:
        audio.push(chunk.samples, chunk.sample_rate)

    service.sounds.subscribe(to_call)
    spoke = CallPeer(video=LatestFrameTrack(service.latest_frame), audio=audio)
    doctor = CallPeer(video=None, audio=None, on_frame=on_frame)
    try:
        await spoke.accept_answer(await doctor.answer(await spoke.offer()))
        await asyncio.wait_for(pictures.wait(), WAIT)
        await asyncio.wait_for(heard.wait(), WAIT)
    finally:
        service.sounds.unsubscribe(to_call)
        await spoke.close()
        await doctor.close()
    tail = np.concatenate(sound)[-rate[0] :]
    return counters, dominant_frequency(tail, rate[0])


def test_the_call_sends_the_shared_camera_and_microphone(loopback: None) -> None:
    camera = CounterCamera()
    service = CameraService(choose=lambda: (camera, sources.test_tone(440)))
    service.acquire("preview")
    service.acquire("call")
    try:
        with CallRuntime() as runtime:
            counters, pitch = runtime.submit(call_with(service)).result(WAIT * 2)
    finally:
        service.release("call")
        service.release("preview")
    assert len(counters) >= 10 and counters == sorted(counters)
    assert abs(pitch - 440) < 15, pitch  # the microphone's tone, through Opus
    assert camera.opens == 1  # the call did not open the camera again
    assert not service.is_open
