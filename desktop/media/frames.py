"""Captured media as it travels between threads, and the fan-out that hands it on.

A capture thread publishes each frame to a ``Fanout``; every consumer (preview, recorder,
live call) holds a ``LatestSlot`` that keeps only the newest item, so nothing queues up.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from desktop import logs

log = logs.get("media")

T = TypeVar("T")


@dataclass(frozen=True)
class VideoFrame:
    """One camera frame: BGR pixels (H x W x 3, uint8) and its capture time in seconds.

    ``time`` is on the ``time.monotonic()`` clock for live sources and on the media clock
    of a synthetic source; recorder and preview only ever use differences.
    """

    image: npt.NDArray[np.uint8]
    time: float
    seq: int

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


@dataclass(frozen=True)
class AudioChunk:
    """Mono float32 samples in [-1, 1] and the capture time of the first sample."""

    samples: npt.NDArray[np.float32]
    sample_rate: int
    time: float

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    def level_dbfs(self) -> float:
        """RMS level in dBFS (-100 for silence), what the microphone meter shows."""
        if len(self.samples) == 0:
            return -100.0
        rms = float(np.sqrt(np.mean(np.square(self.samples, dtype=np.float64))))
        return max(-100.0, 20.0 * float(np.log10(rms))) if rms > 0 else -100.0


class LatestSlot(Generic[T]):
    """Holds only the most recent item; a consumer thread waits for the next one.

    Put never blocks and never grows: an item the consumer has not taken yet is replaced
    (and counted in ``dropped``), so a slow consumer sees fresh media, never stale media.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._item: T | None = None
        self._closed = False
        self.dropped = 0

    def put(self, item: T) -> None:
        with self._cond:
            if self._item is not None:
                self.dropped += 1
            self._item = item
            self._cond.notify()

    def take(self, timeout: float | None = None) -> T | None:
        """The newest item, waiting up to ``timeout``; None on timeout or when closed."""
        with self._cond:
            if self._item is None and not self._closed:
                self._cond.wait(timeout)
            item, self._item = self._item, None
            return item

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class BufferSlot(Generic[T]):
    """A bounded FIFO for media that must not be skipped (audio): the oldest item is
    dropped only when the consumer falls more than ``capacity`` items behind."""

    def __init__(self, capacity: int = 500) -> None:
        self._cond = threading.Condition()
        self._items: collections.deque[T] = collections.deque(maxlen=capacity)
        self._closed = False
        self.dropped = 0

    def put(self, item: T) -> None:
        with self._cond:
            if len(self._items) == self._items.maxlen:
                self.dropped += 1
            self._items.append(item)
            self._cond.notify()

    def take_all(self, timeout: float | None = None) -> list[T]:
        with self._cond:
            if not self._items and not self._closed:
                self._cond.wait(timeout)
            items = list(self._items)
            self._items.clear()
            return items

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class Fanout(Generic[T]):
    """Publishes every item to each subscriber callback, on the publishing thread.

    Callbacks must be quick (store into a slot, emit a queued Qt signal); a callback that
    raises is logged and removed.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Callable[[T], None]] = []

    def subscribe(self, callback: Callable[[T], None]) -> None:
        with self._lock:
            self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[T], None]) -> None:
        with self._lock:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

    def slot(self) -> LatestSlot[T]:
        """Subscribe a new latest-only slot and return it."""
        slot: LatestSlot[T] = LatestSlot()
        self.subscribe(slot.put)
        return slot

    def drop_slot(self, slot: LatestSlot[T]) -> None:
        self.unsubscribe(slot.put)
        slot.close()

    def publish(self, item: T) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(item)
            except Exception:  # one broken consumer must not stop the camera for the rest
                log.exception("media consumer failed; unsubscribed")
                self.unsubscribe(callback)

    def __len__(self) -> int:
        with self._lock:
            return len(self._subscribers)
