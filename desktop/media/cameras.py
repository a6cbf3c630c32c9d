"""Real cameras through OpenCV, and the mapping from a listed device to an OpenCV index.

The UI lists devices with QMediaDevices (names the operator recognises); OpenCV opens them
by index and backend. Linux: V4L2, index from ``/dev/videoN``. Windows: Media Foundation in
enumeration order with hardware transforms off (they make opening take many seconds),
DirectShow as the fallback. macOS: AVFoundation in enumeration order.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

MSMF_HW_TRANSFORMS = "OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS"


def prepare_opencv_environment(
    platform: str = sys.platform, environ: MutableMapping[str, str] = os.environ
) -> None:
    """Windows: Media Foundation's hardware transforms make a camera take many seconds to
    open; OpenCV reads this variable each time one opens. A value set by the user wins."""
    if platform == "win32":
        environ.setdefault(MSMF_HW_TRANSFORMS, "0")


prepare_opencv_environment()  # before OpenCV loads

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from desktop.media.frames import VideoFrame  # noqa: E402
from desktop.media.sources import SourceUnavailable, Unavailable  # noqa: E402

# Retrying a missing camera twice a second would otherwise fill stderr with warnings.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

_VIDEO_NODE = re.compile(rb"/dev/video(\d+)$")


@dataclass(frozen=True)
class CameraAddress:
    """How OpenCV reaches one camera."""

    index: int
    backends: tuple[int, ...]  # tried in order
    node: str = ""  # Linux device node, used to tell "missing" from "busy"


def camera_address(device_id: bytes, position: int, platform: str = sys.platform) -> CameraAddress:
    """Map a QCameraDevice id and its position in QMediaDevices.videoInputs() to OpenCV."""
    if platform.startswith("linux"):
        match = _VIDEO_NODE.search(device_id)
        index = int(match.group(1)) if match else position
        return CameraAddress(index, (cv2.CAP_V4L2,), f"/dev/video{index}")
    if platform == "win32":
        return CameraAddress(position, (cv2.CAP_MSMF, cv2.CAP_DSHOW))
    if platform == "darwin":
        return CameraAddress(position, (cv2.CAP_AVFOUNDATION,))
    return CameraAddress(position, (cv2.CAP_ANY,))


class OpenCVCameraSource:
    """A physical camera. ``open`` raises MISSING or BUSY; ``read`` raises LOST."""

    is_test_pattern = False

    def __init__(
        self,
        address: CameraAddress,
        label: str,
        width: int = 640,
        height: int = 480,
        fps: float = 30,
    ) -> None:
        self.address = address
        self.label = label
        self.fps = fps
        self._size = (width, height)
        self._cap: cv2.VideoCapture | None = None
        self._seq = 0

    def open(self) -> None:
        for backend in self.address.backends:
            cap = cv2.VideoCapture(self.address.index, backend)
            if cap.isOpened():
                cap.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
                cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
                cap.set(cv2.CAP_PROP_FPS, self.fps)
                cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # latest frame, not a backlog
                self._cap = cap
                return
            cap.release()
        raise SourceUnavailable(self._why_not_open())

    def _why_not_open(self) -> Unavailable:
        if self.address.node:  # Linux: a node that exists but will not open is held elsewhere
            return Unavailable.BUSY if Path(self.address.node).exists() else Unavailable.MISSING
        return Unavailable.BUSY  # Windows/macOS: it was listed, so it exists

    def read(self) -> VideoFrame:
        if self._cap is None:
            raise SourceUnavailable(Unavailable.LOST)
        ok, image = self._cap.read()
        if not ok or image is None:
            raise SourceUnavailable(Unavailable.LOST)
        self._seq += 1
        pixels = np.ascontiguousarray(image, dtype=np.uint8)
        return VideoFrame(image=pixels, time=time.monotonic(), seq=self._seq)

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
        self._cap = None
