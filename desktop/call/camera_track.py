"""The call's video track fed from the app's camera service: at the call's frame rate it
sends the newest picture the service captured (the camera is opened once, shared with the
preview and the recorder). ``desktop.call`` does not import ``desktop.media``: the track
takes a ``latest()`` callable giving anything with a BGR ``image`` array.
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
from av import VideoFrame

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
