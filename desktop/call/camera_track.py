"""The call's tracks fed from the app's camera service: the video sends each picture the
service pushes as soon as it comes, at most at the call's frame rate (the camera is opened
once, shared with the preview and the recorder); the audio sends the microphone's chunks as
they are pushed. ``desktop.call`` does not import ``desktop.media``: the video track takes
anything with a BGR ``image`` array, the audio track plain samples.
"""

from __future__ import annotations

import asyncio
import fractions
import math
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from aiortc import MediaStreamTrack
from av import AudioFrame, VideoFrame

VIDEO_CLOCK = 90_000


class Picture(Protocol):
    @property
    def image(self) -> npt.NDArray[np.uint8]: ...


class PushedVideoTrack(MediaStreamTrack):
    """The camera's pictures pushed as they are captured (``push`` from the capture thread),
    each sent as soon as it is there when the call asks: no waiting for a timer slot, and a
    newer picture replaces one not yet sent.

    At most ``fps`` pictures a second: one arriving more than half a frame period ahead of
    the rate's next slot is dropped, never held back. Its ``pts`` is its arrival time since
    the first ``recv`` (90 kHz), strictly increasing. When nothing new comes for two frame
    periods (the camera opening, stalled or being switched) the last picture is sent again,
    black ``width``×``height`` before the first, so the stream stays alive. ``clock`` and
    ``sleep`` are injectable for tests.
    """

    kind = "video"

    def __init__(
        self,
        fps: int = 15,
        width: int = 640,
        height: int = 480,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        super().__init__()
        self.fps = fps
        self._period = 1 / fps
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._pending: tuple[Picture, float] | None = None  # newest not yet sent, arrival
        self._loop: asyncio.AbstractEventLoop | None = None
        self._arrived = asyncio.Event()
        self._last_image: npt.NDArray[np.uint8] = np.zeros((height, width, 3), np.uint8)
        self._start: float | None = None
        self._last_sent: float | None = None  # clock time of the last send
        # The rate's next slot: a picture that arrives more than half a period before it is
        # dropped (the slack absorbs the camera's jitter without dropping at equal rates).
        self._due = -math.inf
        self._pts = -1
        self.sent_from_camera = 0
        self.repeated = 0
        self.dropped = 0

    def push(self, picture: Picture) -> None:
        """Any thread: ``picture`` (anything with a BGR ``image``) replaces any not yet sent."""
        arrived = self._clock()
        with self._lock:
            self._pending = (picture, arrived)
        loop = self._loop
        if loop is not None:
            try:
                loop.call_soon_threadsafe(self._wake)
            except RuntimeError:
                pass  # the call's loop is closed: nobody is waiting

    def _wake(self) -> None:
        self._arrived.set()

    def _take(self) -> tuple[Picture, float] | None:
        with self._lock:
            pending, self._pending = self._pending, None
        return pending

    async def recv(self) -> VideoFrame:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # the first call (or a test's next ``asyncio.run``)
            self._arrived = asyncio.Event()
            self._loop = loop
        now = self._clock()
        if self._start is None:
            self._start = now
        stall_at = (self._last_sent if self._last_sent is not None else now) + 2 * self._period
        chosen: tuple[Picture, float] | None = None
        while chosen is None:
            pending = self._take()
            if pending is not None:
                if pending[1] >= self._due - self._period / 2:
                    chosen = pending
                else:
                    self.dropped += 1  # over the call's frame rate
                continue
            remaining = stall_at - self._clock()
            if remaining <= 0:
                break
            self._arrived.clear()
            with self._lock:
                waiting = self._pending is None  # else pushed before the clear
            if waiting:
                await self._wait_arrival(remaining)
        if chosen is None:  # the camera stalled: the last picture again
            image, arrived = self._last_image, self._clock()
            self._due = max(self._due, arrived)
            self.repeated += 1
        else:
            picture, arrived = chosen
            image = self._last_image = picture.image
            self._due = max(self._due, arrived) + self._period
            self.sent_from_camera += 1
        self._last_sent = self._clock()
        pts = round((max(arrived, self._start) - self._start) * VIDEO_CLOCK)
        self._pts = max(pts, self._pts + 1)
        frame = VideoFrame.from_ndarray(np.ascontiguousarray(image), format="bgr24")
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        return frame

    async def _wait_arrival(self, timeout: float) -> None:
        arrival = asyncio.ensure_future(self._arrived.wait())
        timer = asyncio.ensure_future(self._sleep(timeout))
        try:
            await asyncio.wait({arrival, timer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (arrival, timer):
                task.cancel()


class TappedTrack(MediaStreamTrack):
    """Passes ``source``'s frames on unchanged and shows each to ``on_frame`` first (the call
    window's own-picture corner sees exactly what is sent)."""

    def __init__(self, source: MediaStreamTrack, on_frame: Callable[[Any], None]) -> None:
        super().__init__()
        self.kind = source.kind
        self.source = source
        self.on_frame = on_frame

    async def recv(self) -> Any:
        frame = await self.source.recv()
        self.on_frame(frame)
        return frame

    def stop(self) -> None:
        super().stop()
        self.source.stop()


class PushedAudioTrack(MediaStreamTrack):
    """Microphone sound pushed from a capture thread (``push``, mono float samples in [-1, 1]),
    sent in order. At most ``max_queued`` chunks wait (about a second of 20 ms chunks): when
    the call falls behind, the oldest go, so the delay stays short."""

    kind = "audio"

    def __init__(self, max_queued: int = 50) -> None:
        super().__init__()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue[tuple[npt.NDArray[np.float32], int]] = asyncio.Queue()
        self._max = max_queued
        self._sent = 0
        self.dropped = 0

    def push(self, samples: npt.NDArray[np.float32], rate: int) -> None:
        """Any thread. Sound pushed before the call asks for its first frame is dropped."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._put, samples, rate)

    def _put(self, samples: npt.NDArray[np.float32], rate: int) -> None:
        while self._queue.qsize() >= self._max:
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait((samples, rate))

    async def recv(self) -> AudioFrame:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        samples, rate = await self._queue.get()
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16).reshape(1, -1)
        frame = AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = rate
        frame.pts = self._sent
        frame.time_base = fractions.Fraction(1, rate)
        self._sent += pcm.shape[1]
        return frame
