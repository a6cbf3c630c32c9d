"""Video and audio sources: the interface capture threads read from, and synthetic sources.

Synthetic sources are real media: FFmpeg ``lavfi`` graphs (``testsrc2``, ``sine``) or a
video file, decoded by PyAV. They serve demo mode and tests and say they are test patterns.
Real cameras live in ``cameras.py``; microphones come from the UI layer (QtMultimedia).
"""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import av
import av.audio.frame
import av.video.frame
import cv2
import numpy as np

from desktop.media.frames import AudioChunk, VideoFrame

SAMPLE_RATE = 48_000
TEST_PATTERN_TEXT = "TEST PATTERN"


class Unavailable(enum.Enum):
    """Why a source gives no media; the UI turns each into a clear message."""

    MISSING = "missing"  # no such device (not plugged in, wrong index)
    BUSY = "busy"  # present but held by another application
    LOST = "lost"  # was delivering, then stopped (unplugged, driver reset)
    STALLED = "stalled"  # open, but no frame for a while


class SourceUnavailable(Exception):
    """Raised by ``open``/``read`` when the device gives no media; carries the reason."""

    def __init__(self, reason: Unavailable) -> None:
        super().__init__(reason.value)
        self.reason = reason


class VideoSource(Protocol):
    label: str
    is_test_pattern: bool
    fps: float

    def open(self) -> None: ...

    def read(self) -> VideoFrame:
        """The next frame; blocks at most about a second; raises ``SourceUnavailable``."""
        ...

    def close(self) -> None: ...


class AudioSource(Protocol):
    label: str
    is_test_pattern: bool

    def open(self) -> None: ...

    def read(self) -> AudioChunk: ...

    def close(self) -> None: ...


class PacingClock(Protocol):
    """The clock a paced synthetic source releases its media by: ``time.monotonic`` in the
    app; in tests, a clock the test moves, so capture threads run in step with it whatever
    the machine's speed."""

    def monotonic(self) -> float: ...

    def sleep_until(self, due: float) -> None:
        """Return once ``monotonic()`` has reached ``due``."""
        ...


class SystemPacing:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep_until(self, due: float) -> None:
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)


SYSTEM_PACING = SystemPacing()


class _Pacer:
    """Releases media at its own pace on a clock (or at once when not realtime)."""

    def __init__(
        self, realtime: bool, origin: float | None = None, clock: PacingClock | None = None
    ) -> None:
        self.realtime = realtime
        self._clock = clock or SYSTEM_PACING
        self._origin = origin  # shared by sources that must stay in step (A/V sync checks)
        self._start = origin if origin is not None else self._clock.monotonic()

    def reset(self) -> None:
        self._start = self._origin if self._origin is not None else self._clock.monotonic()

    def stamp(self, media_time: float) -> float:
        """Wait until ``media_time`` is due and return the capture time to record."""
        if not self.realtime:
            return media_time
        due = self._start + media_time
        self._clock.sleep_until(due)
        return due


class LavfiVideoSource:
    """Video decoded by PyAV from an FFmpeg filter graph or a file (looped)."""

    def __init__(
        self,
        graph: str | None = None,
        *,
        file: Path | None = None,
        fps: float = 30.0,
        realtime: bool = True,
        label: str = TEST_PATTERN_TEXT,
        burn_in_label: bool = True,
        origin: float | None = None,
        clock: PacingClock | None = None,
    ) -> None:
        if (graph is None) == (file is None):
            raise ValueError("give exactly one of graph and file")
        self._graph = graph
        self._file = file
        self.fps = fps
        self.label = label
        self.is_test_pattern = True
        self._burn_in = burn_in_label
        self._pacer = _Pacer(realtime, origin, clock)
        self._container: av.container.InputContainer | None = None
        self._frames: Iterator[av.video.frame.VideoFrame] | None = None
        self._seq = 0
        self._offset = 0.0  # media time carried over when a file loops
        self._last = 0.0

    def open(self) -> None:
        if self._graph is not None:
            self._container = av.open(self._graph, format="lavfi")
        else:
            try:
                self._container = av.open(str(self._file))
            except (OSError, av.error.FFmpegError) as exc:
                raise SourceUnavailable(Unavailable.MISSING) from exc
        self._frames = self._container.decode(video=0)
        self._pacer.reset()
        self._offset = self._last = 0.0

    def read(self) -> VideoFrame:
        if self._frames is None:
            raise SourceUnavailable(Unavailable.LOST)
        try:
            frame = next(self._frames)
        except StopIteration:  # a file ended: loop it, time keeps running
            self.close()
            offset = self._last + 1.0 / self.fps
            self.open()
            self._pacer.reset()
            self._offset = offset
            self._pacer._start -= offset
            return self.read()
        media_time = self._offset + float(frame.time or 0.0)
        self._last = media_time
        image = np.ascontiguousarray(frame.to_ndarray(format="bgr24"), dtype=np.uint8)
        if self._burn_in:
            _burn_label(image, self.label)
        self._seq += 1
        return VideoFrame(image=image, time=self._pacer.stamp(media_time), seq=self._seq)

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
        self._container = None
        self._frames = None


def _burn_label(image: np.ndarray, text: str) -> None:
    """Write the label into the pixels, so recordings and calls carry it too."""
    scale = max(0.4, image.shape[0] / 720)
    org = (int(10 * scale), image.shape[0] - int(14 * scale))
    cv2.putText(image, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), 4, cv2.LINE_AA)
    cv2.putText(image, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 255, 255), 1, cv2.LINE_AA)


class LavfiAudioSource:
    """Mono float audio from an FFmpeg filter graph, in the graph's chunk size."""

    def __init__(
        self,
        graph: str,
        *,
        realtime: bool = True,
        label: str = "Test tone",
        origin: float | None = None,
        clock: PacingClock | None = None,
    ) -> None:
        self._graph = (
            f"{graph},aformat=sample_fmts=flt:channel_layouts=mono:sample_rates={SAMPLE_RATE}"
        )
        self.label = label
        self.is_test_pattern = True
        self._pacer = _Pacer(realtime, origin, clock)
        self._container: av.container.InputContainer | None = None
        self._frames: Iterator[av.audio.frame.AudioFrame] | None = None
        self._samples = 0

    def open(self) -> None:
        self._container = av.open(self._graph, format="lavfi")
        self._frames = self._container.decode(audio=0)
        self._pacer.reset()
        self._samples = 0

    def read(self) -> AudioChunk:
        if self._frames is None:
            raise SourceUnavailable(Unavailable.LOST)
        frame = next(self._frames)
        samples = frame.to_ndarray().reshape(-1).astype(np.float32, copy=False)
        start = self._samples / SAMPLE_RATE
        self._samples += len(samples)
        # Stamp when the chunk's first sample was "heard": due at its end, minus its length.
        end = self._pacer.stamp(self._samples / SAMPLE_RATE)
        stamp = end - len(samples) / SAMPLE_RATE if self._pacer.realtime else start
        return AudioChunk(samples=samples, sample_rate=SAMPLE_RATE, time=stamp)

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
        self._container = None
        self._frames = None


def test_pattern(
    width: int = 640, height: int = 480, fps: int = 30, **kw: object
) -> LavfiVideoSource:
    """FFmpeg's ``testsrc2`` colour bars with a moving counter."""
    return LavfiVideoSource(f"testsrc2=size={width}x{height}:rate={fps}", fps=fps, **kw)  # type: ignore[arg-type]


def test_tone(frequency: int = 440, **kw: object) -> LavfiAudioSource:
    """A sine tone at FFmpeg's default 1/8 amplitude (about -21 dBFS)."""
    return LavfiAudioSource(
        f"sine=frequency={frequency}:sample_rate={SAMPLE_RATE}:samples_per_frame=960",
        **kw,  # type: ignore[arg-type]
    )


def flash_pattern(
    width: int, height: int, fps: int, period: float = 2.0, first: float = 0.5, **kw: object
) -> LavfiVideoSource:
    """Black video with a 0.1 s white flash at ``first``, ``first + period``, ... (A/V sync)."""
    # 0.5 ms of slack: a flash due exactly on a frame time must not miss it by rounding.
    when = f"lt(mod(t+{period}-{first}+0.0005\\,{period})\\,0.1)*gte(t+0.0005\\,{first})"
    graph = (
        f"color=c=black:size={width}x{height}:rate={fps},"
        f"drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='{when}'"
    )
    return LavfiVideoSource(graph, fps=fps, burn_in_label=False, **kw)  # type: ignore[arg-type]


def beep_pattern(period: float = 2.0, first: float = 0.5, **kw: object) -> LavfiAudioSource:
    """Silence with a 0.1 s 1 kHz beep at the same moments as ``flash_pattern``."""
    expr = (
        f"if(lt(mod(t+{period}-{first}+0.0005\\,{period})\\,0.1)*gte(t+0.0005\\,{first})"
        f"\\,0.5*sin(2*PI*1000*t)\\,0)"
    )
    return LavfiAudioSource(f"aevalsrc=exprs='{expr}':s={SAMPLE_RATE}:n=960", **kw)  # type: ignore[arg-type]
