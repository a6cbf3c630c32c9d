"""A call sends the camera service's pictures and sound: the video track gets each picture
the service pushes, the audio track the microphone's chunks, so the call shares the one
opened camera and microphone with the preview and the recorder. The video track's rules
(sent on arrival, at most the call's rate, repeats while the camera stalls, increasing pts)
run on a simulated clock: a camera pushing pictures as the track's waits advance it."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any

import aioice.ice
import numpy as np
import pytest

from desktop.call.camera_track import VIDEO_CLOCK, PushedAudioTrack, PushedVideoTrack
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

    video = PushedVideoTrack()
    service.frames.subscribe(video.push)
    service.sounds.subscribe(to_call)
    spoke = CallPeer(video=video, audio=audio)
    doctor = CallPeer(video=None, audio=None, on_frame=on_frame)
    try:
        await spoke.accept_answer(await doctor.answer(await spoke.offer()))
        await asyncio.wait_for(pictures.wait(), WAIT)
        await asyncio.wait_for(heard.wait(), WAIT)
    finally:
        service.frames.unsubscribe(video.push)
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


@dataclass(frozen=True)
class Numbered:
    """A small picture whose pixels all hold its number."""

    number: int

    @property
    def image(self) -> np.ndarray:
        return np.full((16, 16, 3), self.number % 256, np.uint8)


def number_of(frame: Any) -> int:
    return int(frame.to_ndarray(format="bgr24")[0, 0, 0])


class SimulatedCamera:
    """A clock and a camera on it: time moves only when the track waits (``sleep``) or the
    test says (``advance``), and each picture is pushed at its own time (``period`` apart,
    shifted by ``jitter``, none once ``stopped``)."""

    def __init__(self, period: float | None, jitter: tuple[float, ...] = (0.0,)) -> None:
        self.now = 0.0
        self.period, self.jitter = period, jitter
        self.count = 0
        self.arrivals: dict[int, float] = {}
        self.sleeps: list[float] = []
        self.track: PushedVideoTrack | None = None

    def clock(self) -> float:
        return self.now

    def next_at(self) -> float | None:
        if self.period is None:
            return None
        return (self.count + 1) * self.period + self.jitter[self.count % len(self.jitter)]

    def advance(self, seconds: float) -> None:
        """To ``now + seconds``, pushing the pictures due meanwhile."""
        self._to(self.now + seconds, first_only=False)

    def _to(self, target: float, first_only: bool) -> None:
        assert self.track is not None
        while (at := self.next_at()) is not None and at <= target:
            self.now = max(self.now, at)
            self.count += 1
            self.arrivals[self.count] = self.now
            self.track.push(Numbered(self.count))
            if first_only:
                return
        self.now = max(self.now, target)

    async def sleep(self, seconds: float) -> None:
        """The track's wait: ends at the first picture pushed meanwhile, if any."""
        self.sleeps.append(seconds)
        self._to(self.now + seconds, first_only=True)
        await asyncio.sleep(0)


def simulated(fps: int, camera: SimulatedCamera) -> PushedVideoTrack:
    track = PushedVideoTrack(fps, 16, 16, clock=camera.clock, sleep=camera.sleep)
    camera.track = track
    return track


async def send(track: PushedVideoTrack, camera: SimulatedCamera, seconds: float) -> list[Any]:
    """The call's sender: asks for the next picture as soon as the last is encoded (4 ms)."""
    frames: list[Any] = []
    while camera.now < seconds:
        frames.append(await track.recv())
        camera.advance(0.004)
    return frames


def test_a_pushed_picture_goes_at_once_not_at_the_next_timer_slot() -> None:
    camera = SimulatedCamera(period=None)  # the test pushes
    track = simulated(10, camera)

    async def run() -> None:
        track.push(Numbered(1))
        first = await track.recv()
        assert number_of(first) == 1 and first.pts == 0
        camera.now = 0.13  # a 10 fps timer would hold this picture until 0.2
        track.push(Numbered(2))
        second = await track.recv()
        assert number_of(second) == 2 and second.pts == round(0.13 * VIDEO_CLOCK)
        assert camera.sleeps == []  # neither waited for anything

    asyncio.run(run())


def test_a_picture_pushed_from_the_capture_thread_wakes_the_waiting_call() -> None:
    async def never(_seconds: float) -> None:
        await asyncio.Event().wait()  # no stall timeout: only the push can end the wait

    track = PushedVideoTrack(15, 16, 16, sleep=never)

    async def run() -> int:
        receiving = asyncio.ensure_future(track.recv())
        while track._loop is None or not track._arrived._waiters:  # the call is waiting
            await asyncio.sleep(0)
        threading.Thread(target=track.push, args=(Numbered(7),)).start()
        return number_of(await asyncio.wait_for(receiving, 60))

    assert asyncio.run(run()) == 7


def test_never_more_than_the_calls_frame_rate_and_pts_from_arrival() -> None:
    camera = SimulatedCamera(period=1 / 60, jitter=(0.0, 0.003, 0.001, 0.006))
    track = simulated(15, camera)
    frames = asyncio.run(send(track, camera, 4.0))
    pts = [f.pts for f in frames]
    assert pts == sorted(set(pts))  # strictly increasing
    span = (pts[-1] - pts[0]) / VIDEO_CLOCK
    assert 15 * span - 1 <= len(frames) - 1 <= 15 * span + 1  # the call's rate, not 60
    for start in range(0, pts[-1] - VIDEO_CLOCK, VIDEO_CLOCK // 4):  # any second of pts
        assert sum(start <= p < start + VIDEO_CLOCK for p in pts) <= 16
    numbers = [number_of(f) for f in frames]
    assert numbers == sorted(numbers) and track.dropped > 2 * len(frames)
    for frame, number in zip(frames[1:], numbers[1:], strict=True):  # pts = arrival time
        assert frame.pts == round(camera.arrivals[number] * VIDEO_CLOCK)
    assert track.repeated == 0


def test_a_jittery_camera_at_the_calls_rate_loses_no_picture() -> None:
    camera = SimulatedCamera(period=1 / 30, jitter=(0.0, 0.008, 0.002, 0.012, 0.0))
    track = simulated(30, camera)
    frames = asyncio.run(send(track, camera, 3.0))
    numbers = [number_of(f) for f in frames]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 85
    assert track.dropped == 0 and track.repeated == 0


def test_a_stalled_camera_gets_its_last_picture_repeated() -> None:
    camera = SimulatedCamera(period=1 / 30)
    track = simulated(30, camera)

    async def run() -> list[Any]:
        frames = [await track.recv() for _ in range(10)]
        camera.period = None  # the camera stalls (switched, unplugged)
        stalled_at = camera.now
        frames += [await track.recv() for _ in range(5)]
        assert camera.now == pytest.approx(stalled_at + 5 * 2 / 30)  # two periods each
        return frames

    frames = asyncio.run(run())
    pts = [f.pts for f in frames]
    assert pts == sorted(set(pts))
    assert [number_of(f) for f in frames[10:]] == [10] * 5 and track.repeated == 5


def test_black_until_the_camera_delivers() -> None:
    camera = SimulatedCamera(period=None)
    track = PushedVideoTrack(15, 32, 24, clock=camera.clock, sleep=camera.sleep)
    camera.track = track
    frame = asyncio.run(track.recv())
    assert (frame.width, frame.height) == (32, 24) and not frame.to_ndarray(format="bgr24").any()
    assert camera.sleeps == [pytest.approx(2 / 15)] and track.sent_from_camera == 0
