"""A camera source for tests whose pictures carry their number (the call's counter cells),
so a test reads back what crossed a call from the camera service."""

from __future__ import annotations

import threading

from desktop.call.synthetic import _bars, draw_counter
from desktop.media.frames import VideoFrame


class CounterCamera:
    """A camera source whose pictures carry their number (``draw_counter``), 30 a second."""

    label = "counter"
    is_test_pattern = True
    fps = 30.0

    def __init__(self) -> None:
        self.count = 0
        self.opens = 0
        self._tick = threading.Event()

    def open(self) -> None:
        self.opens += 1

    def read(self) -> VideoFrame:
        self._tick.wait(1 / self.fps)  # paced like a camera
        image = _bars(320, 240)
        draw_counter(image, self.count)
        self.count += 1
        return VideoFrame(image, self.count / self.fps, self.count)

    def close(self) -> None:
        pass
