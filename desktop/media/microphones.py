"""Microphones through FFmpeg's capture devices (PyAV): ALSA on Linux, DirectShow on
Windows, AVFoundation on macOS; resampled to 48 kHz mono float in 20 ms chunks."""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import av
import av.audio.frame
import numpy as np

from desktop.media.frames import AudioChunk
from desktop.media.sources import SAMPLE_RATE, SourceUnavailable, Unavailable

# The ALSA library inside PyAV's wheel looks for its configuration where it was built;
# point it at the system's, or no device opens.
_ALSA_CONF = Path("/usr/share/alsa/alsa.conf")
if sys.platform.startswith("linux") and _ALSA_CONF.exists():
    os.environ.setdefault("ALSA_CONFIG_PATH", str(_ALSA_CONF))


def device_url(name: str, position: int, platform: str = sys.platform) -> tuple[str, str]:
    """(format, url) for PyAV to open the microphone listed as ``name`` at ``position``."""
    if platform == "win32":
        return "dshow", f"audio={name}"  # DirectShow knows devices by their friendly name
    if platform == "darwin":
        return "avfoundation", f":{position}"
    return "alsa", "default"  # the desktop's chosen input (PulseAudio/PipeWire route it)


class MicrophoneSource:
    """A real microphone. ``open`` raises MISSING or BUSY; ``read`` raises LOST."""

    is_test_pattern = False

    def __init__(self, name: str, position: int = 0) -> None:
        self.label = name
        self._format, self._url = device_url(name, position)
        self._container: av.container.InputContainer | None = None
        self._frames: Iterator[av.audio.frame.AudioFrame] | None = None
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)

    def open(self) -> None:
        try:
            self._container = av.open(self._url, format=self._format)
        except av.error.FFmpegError as exc:
            busy = getattr(exc, "errno", None) == errno.EBUSY
            raise SourceUnavailable(Unavailable.BUSY if busy else Unavailable.MISSING) from exc
        self._frames = self._container.decode(audio=0)

    def read(self) -> AudioChunk:
        if self._frames is None:
            raise SourceUnavailable(Unavailable.LOST)
        try:
            frame = next(self._frames)
        except (StopIteration, av.error.FFmpegError) as exc:
            raise SourceUnavailable(Unavailable.LOST) from exc
        arrived = time.monotonic()
        parts = [f.to_ndarray().reshape(-1) for f in self._resampler.resample(frame)]
        samples = np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)
        return AudioChunk(samples, SAMPLE_RATE, arrived - len(samples) / SAMPLE_RATE)

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
        self._container = None
        self._frames = None
