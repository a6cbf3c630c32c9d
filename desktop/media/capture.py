"""Capture threads: one named thread per device reads its source and fans media out.

The thread survives the device: when a camera is missing, busy or unplugged it reports the
reason on ``status`` and keeps retrying, and capture resumes by itself when frames return.
A watchdog reports a device that is open but has stopped delivering (``STALLED``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from desktop import logs
from desktop.media.frames import AudioChunk, Fanout, VideoFrame
from desktop.media.sources import AudioSource, SourceUnavailable, Unavailable, VideoSource

log = logs.get("media")
T = TypeVar("T", covariant=True)
M = TypeVar("M")


class _Readable(Protocol[T]):
    label: str
    is_test_pattern: bool

    def open(self) -> None: ...

    def read(self) -> T: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class CaptureStatus:
    """``reason`` is None while media flows."""

    reason: Unavailable | None

    @property
    def live(self) -> bool:
        return self.reason is None


STARTING = CaptureStatus(Unavailable.STALLED)


class CaptureThread(Generic[M]):
    """Reads one source on a named thread; ``media`` and ``status`` are the fan-outs.

    Only the newest item is kept (``latest``); consumers that want a stream subscribe.
    """

    def __init__(
        self,
        source: _Readable[M],
        name: str,
        retry_interval: float = 0.5,
        stall_after: float = 2.0,
    ) -> None:
        self.source = source
        self.name = name
        self.media: Fanout[M] = Fanout()
        self.status: Fanout[CaptureStatus] = Fanout()
        self._retry = retry_interval
        self._stall_after = stall_after
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._status_lock = threading.Lock()
        self._state = STARTING
        self._latest: M | None = None
        self._last_at = time.monotonic()
        self._threads: list[threading.Thread] = []
        self.delivered = 0

    # -- control ---------------------------------------------------------------
    def start(self) -> None:
        self._stop.clear()
        self._last_at = time.monotonic()
        self._threads = [
            threading.Thread(target=self._run, name=f"capture-{self.name}", daemon=True),
            threading.Thread(target=self._watch, name=f"capture-{self.name}-watch", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    # -- state -----------------------------------------------------------------
    @property
    def state(self) -> CaptureStatus:
        with self._lock:
            return self._state

    @property
    def latest(self) -> M | None:
        with self._lock:
            return self._latest

    def _set_state(self, state: CaptureStatus) -> None:
        # Two threads report (reader and watchdog): one at a time, so consumers see the
        # changes in the order they happened.
        with self._status_lock:
            with self._lock:
                if state == self._state:
                    return
                self._state = state
            if state.live:
                log.info("%s: capturing", self.name)
            else:
                reason = state.reason.value if state.reason else ""
                log.warning("%s: no media (%s)", self.name, reason)
            self.status.publish(state)

    # -- threads ---------------------------------------------------------------
    def _run(self) -> None:
        opened = False
        try:
            while not self._stop.is_set():
                if not opened:
                    opened = self._try_open()
                    if not opened:
                        self._stop.wait(self._retry)
                    continue
                try:
                    item = self.source.read()
                except SourceUnavailable as exc:
                    self._lost(exc.reason)
                    opened = False
                    self._stop.wait(self._retry)
                    continue
                except Exception:  # a decoder or driver error is a lost device too
                    log.exception("%s: read failed", self.name)
                    self._lost(Unavailable.LOST)
                    opened = False
                    self._stop.wait(self._retry)
                    continue
                with self._lock:
                    self._latest = item
                    self._last_at = time.monotonic()
                self.delivered += 1
                self._set_state(CaptureStatus(None))
                self.media.publish(item)
        finally:
            self.source.close()

    def _try_open(self) -> bool:
        try:
            self.source.open()
        except SourceUnavailable as exc:
            # Once it was lost, keep saying so until it is back: that is what the operator saw.
            if self.state.reason is not Unavailable.LOST:
                self._set_state(CaptureStatus(exc.reason))
            return False
        except Exception:
            log.exception("%s: open failed", self.name)
            self._set_state(CaptureStatus(Unavailable.MISSING))
            return False
        with self._lock:
            self._last_at = time.monotonic()
        return True

    def _lost(self, reason: Unavailable) -> None:
        self.source.close()
        self._set_state(CaptureStatus(reason))

    def _watch(self) -> None:
        interval = min(0.25, self._stall_after / 4)
        while not self._stop.wait(interval):
            with self._lock:
                age = time.monotonic() - self._last_at
                live = self._state.live
            if live and age > self._stall_after:
                self._set_state(CaptureStatus(Unavailable.STALLED))


def video_capture(
    source: VideoSource, name: str = "camera", **kw: float
) -> CaptureThread[VideoFrame]:
    return CaptureThread(source, name, **kw)


def audio_capture(
    source: AudioSource, name: str = "microphone", **kw: float
) -> CaptureThread[AudioChunk]:
    return CaptureThread(source, name, **kw)
