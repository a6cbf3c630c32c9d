"""Synthetic call media for tests and the demo's camera: a test pattern with a frame counter
drawn in (as digits for people and as black/white cells a receiver reads back after the
codec), and a sine tone. Real media through the real codecs, no camera or microphone.
"""

from __future__ import annotations

import asyncio
import fractions
import time

import cv2
import numpy as np
from aiortc import MediaStreamTrack
from av import AudioFrame, VideoFrame

VIDEO_CLOCK = 90_000
AUDIO_RATE = 48_000
AUDIO_PTIME = 0.020
BITS = 16  # the counter wraps after 65,536 frames (36 minutes at 30 fps)
_CELL_TOP = (0.72, 0.86)  # two rows of cells (counter, then its complement), as frame fractions
_CELL_HEIGHT = 0.12


def _bars(width: int, height: int) -> np.ndarray:
    """Colour bars (BGR) over the frame, the classic test pattern's top part."""
    colours = [
        (192, 192, 192),
        (0, 192, 192),
        (192, 192, 0),
        (0, 192, 0),
        (192, 0, 192),
        (0, 0, 192),
        (192, 0, 0),
    ]
    image = np.zeros((height, width, 3), np.uint8)
    for i, colour in enumerate(colours):
        image[:, i * width // len(colours) : (i + 1) * width // len(colours)] = colour
    return image


def _cells(height: int, width: int) -> list[tuple[int, int, int, int]]:
    """(top, bottom, left, right) of each cell, row by row: BITS cells a row."""
    out = []
    for top_fraction in _CELL_TOP:
        top = int(height * top_fraction)
        bottom = top + int(height * _CELL_HEIGHT)
        for bit in range(BITS):
            out.append((top, bottom, bit * width // BITS, (bit + 1) * width // BITS))
    return out


def draw_counter(image: np.ndarray, counter: int) -> None:
    """Burn ``counter`` into a BGR or grey image: digits, then the cells (bit i white when
    set, the second row the complement, so a receiver can tell a clean read)."""
    height, width = image.shape[:2]
    value = counter % (1 << BITS)
    bits = [(value >> i) & 1 for i in range(BITS)]
    bits += [1 - b for b in bits]
    for (top, bottom, left, right), bit in zip(_cells(height, width), bits, strict=True):
        image[top:bottom, left:right] = 255 if bit else 0
    cv2.putText(
        image,
        f"TEST PATTERN {value:05d}",
        (8, int(height * 0.62)),
        cv2.FONT_HERSHEY_SIMPLEX,
        width / 640,
        (255, 255, 255),
        max(1, width // 320),
        cv2.LINE_AA,
    )


def read_counter(gray: np.ndarray) -> int | None:
    """The counter drawn by ``draw_counter`` in a decoded grey picture, or None when the
    cells do not read cleanly (a frame still blurred by the codec, a black frame)."""
    height, width = gray.shape[:2]
    bits = []
    for top, bottom, left, right in _cells(height, width):
        dy, dx = (bottom - top) // 4, (right - left) // 4
        mean = float(gray[top + dy : bottom - dy, left + dx : right - dx].mean())
        if 64 < mean < 192:
            return None  # neither black nor white: not a clean read
        bits.append(1 if mean >= 128 else 0)
    value, complement = bits[:BITS], bits[BITS:]
    if any(a == b for a, b in zip(value, complement, strict=True)):
        return None
    return sum(bit << i for i, bit in enumerate(value))


class CounterVideoTrack(MediaStreamTrack):
    """Test pattern frames at ``fps`` with their number drawn in (see ``read_counter``)."""

    kind = "video"

    def __init__(self, width: int = 320, height: int = 240, fps: int = 15) -> None:
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self.counter = 0
        self._pattern = _bars(width, height)
        self._start: float | None = None

    async def recv(self) -> VideoFrame:
        if self._start is None:
            self._start = time.monotonic()
        else:
            self.counter += 1
            wait = self._start + self.counter / self.fps - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        image = self._pattern.copy()
        draw_counter(image, self.counter)
        frame = VideoFrame.from_ndarray(image, format="bgr24")
        frame.pts = self.counter * VIDEO_CLOCK // self.fps
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        return frame


class SineAudioTrack(MediaStreamTrack):
    """A continuous sine tone, 20 ms mono frames at 48 kHz."""

    kind = "audio"

    def __init__(self, frequency: float = 440.0, level: float = 0.3) -> None:
        super().__init__()
        self.frequency = frequency
        self.level = level
        self.samples = int(AUDIO_RATE * AUDIO_PTIME)
        self._sent = 0
        self._start: float | None = None

    async def recv(self) -> AudioFrame:
        if self._start is None:
            self._start = time.monotonic()
        else:
            wait = self._start + self._sent / AUDIO_RATE - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        t = (self._sent + np.arange(self.samples)) / AUDIO_RATE
        wave = (np.sin(2 * np.pi * self.frequency * t) * self.level * 32767).astype(np.int16)
        frame = AudioFrame.from_ndarray(wave.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._sent
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self._sent += self.samples
        return frame


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    """The strongest frequency in a mono signal (Hz): how a test tells the tones apart."""
    signal = samples.astype(np.float64) - float(np.mean(samples))
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(len(signal))))
    return float(np.argmax(spectrum) * rate / len(signal))
