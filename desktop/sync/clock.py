"""Time for the sync worker and the outbox: the system clocks in the app, a manual clock in
tests (backoff, probes and due times decided without waiting). The hub has its own
(hub/clock.py)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds for intervals, UTC wall time for what is stored, and the one way
    the worker waits (so a test clock can answer a wait at once)."""

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...

    def wait(self, event: threading.Event, timeout: float | None) -> bool:
        """Wait for ``event`` up to ``timeout`` seconds (None: for ever); whether it is set."""
        ...


class SystemClock:
    """The real clocks."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def wait(self, event: threading.Event, timeout: float | None) -> bool:
        return event.wait(timeout)


SYSTEM_CLOCK = SystemClock()


class ManualClock:
    """A clock that moves only when told to, for driving the worker step by step on the
    test's thread: a wait returns at once, as if ``timeout`` seconds had passed (unless the
    event is already set), and is recorded in ``waits``."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
        self._mono = 1000.0
        self._lock = threading.Lock()
        self.waits: list[float | None] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._mono += seconds
            self._now += timedelta(seconds=seconds)

    def wait(self, event: threading.Event, timeout: float | None) -> bool:
        self.waits.append(timeout)
        if event.is_set():
            return True
        if timeout is not None:
            self.advance(timeout)
        return False
