"""Both parties' sound of a call as one track for the recorder: the spoke's microphone and the
other side's decoded sound, each resampled to 48 kHz mono and added.

The microphone sets the pace (its chunks come at the capture device's steady rate); the other
side's sound waits in a short queue and is taken sample for sample as the microphone's chunks
come, so the two line up as the operator heard them. A queue longer than ``max_lag`` (the
other side's sound arriving in a burst after a stall) loses its oldest samples; missing sound is
silence. Without a microphone (no chunk for ``max_lag``) the other side's sound goes out alone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import av
import numpy as np
import numpy.typing as npt

from desktop.media.frames import AudioChunk

RATE = 48_000


class Resampler:
    """Any sample rate and layout to ``RATE`` mono float32 (one stream: keeps its state)."""

    def __init__(self) -> None:
        self._av = av.AudioResampler(format="flt", layout="mono", rate=RATE)

    def frame(self, frame: Any) -> npt.NDArray[np.float32]:
        """A decoded PyAV audio frame."""
        parts = [
            np.asarray(f.to_ndarray(), np.float32).reshape(-1) for f in self._av.resample(frame)
        ]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def samples(self, samples: npt.NDArray[np.float32], rate: int) -> npt.NDArray[np.float32]:
        """Mono float samples at ``rate``."""
        if rate == RATE:
            return np.asarray(samples, np.float32).reshape(-1)
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, np.float32).reshape(1, -1), format="flt", layout="mono"
        )
        frame.sample_rate = rate
        return self.frame(frame)


class CallMixer:
    """``add_local(chunk)`` from the microphone's capture thread, ``add_remote(frame)`` from
    the call's decoding thread; mixed chunks go to ``out`` (on the thread that completed them),
    stamped on ``clock`` at their arrival (the recorder's clock for the call)."""

    def __init__(
        self,
        out: Callable[[AudioChunk], None],
        *,
        max_lag: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out = out
        self.max_lag = max_lag
        self.clock = clock
        self._lock = threading.Lock()
        self._queue = np.zeros(0, np.float32)  # the other side's sound not mixed yet
        self._local = Resampler()
        self._remote = Resampler()
        self._last_local: float | None = None
        self.dropped = 0  # the other side's samples lost to a full queue
        self.local_muted = False  # the microphone counts as silence (its pace still holds)

    def add_local(self, chunk: AudioChunk) -> None:
        mine = self._local.samples(chunk.samples, chunk.sample_rate)
        if len(mine) == 0:
            return
        now = self.clock()
        with self._lock:
            self._last_local = now
            theirs, self._queue = self._queue[: len(mine)], self._queue[len(mine) :]
        mixed = np.zeros_like(mine) if self.local_muted else mine.copy()
        mixed[: len(theirs)] += theirs
        self._emit(mixed, now)

    def add_remote(self, frame: Any) -> None:
        """A decoded PyAV audio frame of the other side."""
        self.add_remote_samples(self._remote.frame(frame))

    def add_remote_samples(self, samples: npt.NDArray[np.float32]) -> None:
        """The other side's sound already at ``RATE`` mono (tests, a resampled frame)."""
        if len(samples) == 0:
            return
        now = self.clock()
        alone = None
        with self._lock:
            self._queue = np.concatenate([self._queue, samples])
            no_microphone = self._last_local is None or now - self._last_local > self.max_lag
            limit = int(self.max_lag * RATE)
            if no_microphone:
                alone, self._queue = self._queue, np.zeros(0, np.float32)
            elif len(self._queue) > limit:
                self.dropped += len(self._queue) - limit
                self._queue = self._queue[-limit:]
        if alone is not None and len(alone):
            self._emit(alone.copy(), now)

    def _emit(self, samples: npt.NDArray[np.float32], now: float) -> None:
        np.clip(samples, -1.0, 1.0, out=samples)
        self.out(AudioChunk(samples, RATE, now - len(samples) / RATE))
