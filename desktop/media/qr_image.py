"""Finds the QR code in a camera picture or an image file (OpenCV) and gives its text;
what the text means is desktop.core.abha_qr's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from desktop.core.abha_qr import QrError

Image = npt.NDArray[Any]


def decode_image(image: Image) -> str:
    """The text of the first QR code in a BGR or grey image; ``QrError`` if none is found."""
    detector = cv2.QRCodeDetector()
    attempts = [image]
    if image.ndim == 3:
        attempts.append(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    small = min(image.shape[:2])
    if small < 400:  # tiny crops decode better enlarged
        attempts.append(cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST))
    # The ArUco-based detector finds dense codes (a printed prescription's) that the
    # classic one misses; it is tried after it.
    for finder in (detector, cv2.QRCodeDetectorAruco()):
        for attempt in attempts:
            try:
                text, _points, _ = finder.detectAndDecode(attempt)
            except cv2.error:
                continue
            if text:
                return str(text)
    raise QrError("qr.no_code_found")


def decode_file(path: Path) -> str:
    """Decode a QR from an image file (works with non-ASCII paths on Windows)."""
    data = np.fromfile(str(path), dtype=np.uint8)
    return decode_bytes(data.tobytes())


def decode_bytes(data: bytes) -> str:
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise QrError("qr.not_an_image")
    return decode_image(image)
