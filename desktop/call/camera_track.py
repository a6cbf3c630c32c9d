"""The call's tracks fed from the app's camera service: the video sends the newest picture
the service captured at the call's frame rate (the camera is opened once, shared with the
preview and the recorder); the audio sends the microphone's chunks as they are pushed.
``desktop.call`` does not import ``desktop.media``: the video track takes a ``latest()``
callable giving anything with a BGR ``image`` array, the audio track plain samples.
"""

from __future__ import annotations

import asyncio
import fractions
import time
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from aiortc import MediaStreamTrack
from av import AudioFrame, VideoFrame

VIDEO_CLOCK = 90_000


class Picture(Protocol):
    @property
    def image(self) -> npt.NDArray[np.uint8]: ...


class LatestFrameTrack(MediaStreamTrack):
    """Sends ``latest()``'s picture ``fps`` times a second; while there is none yet (the
    camera still opening) a black ``width``×``height`` picture keeps the timing."""

    kind = "video"

    def __init__(
        self,
        latest: Callable[[], Picture | None],
        fps: int = 15,
        width: int = 640,
        height: int = 480,
    ) -> None:
        super().__init__()
        self.latest = latest
        self.fps = fps
        self._black = np.zeros((height, width, 3), np.uint8)
        self._count = 0
        self._start: float | None = None
        self.sent_from_camera = 0

    async def recv(self) -> VideoFrame:
        if self._start is None:
            self._start = time.monotonic()
        else:
            self._count += 1
            wait = self._start + self._count / self.fps - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        picture = self.latest()
        if picture is None:
            image = self._black
        else:
            image = picture.image
            self.sent_from_camera += 1
        frame = VideoFrame.from_ndarray(np.ascontiguousarray(image), format="bgr24")
        frame.pts = self._count * VIDEO_CLOCK // self.fps
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        return frame


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
