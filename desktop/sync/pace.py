"""Retry timing: exponential backoff with full jitter and a cap, Retry-After honoured, and an
adaptive pace per host that slows down on 429/503 and speeds up again on success."""

from __future__ import annotations

import random
import threading
import time
from email.utils import parsedate_to_datetime

DEFAULT_BASE = 1.0
DEFAULT_CAP = 300.0


def backoff_delay(
    attempts: int,
    *,
    base: float = DEFAULT_BASE,
    cap: float = DEFAULT_CAP,
    retry_after: float = 0.0,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before attempt number ``attempts + 1``.

    Full jitter (uniform in [0, min(cap, base * 2**attempts)]) keeps many spokes from
    hammering a hub that just came back; a Retry-After is a floor (itself capped)."""
    attempts = max(0, min(attempts, 30))
    ceiling = min(cap, base * (2**attempts))
    delay = (rng or random).uniform(ceiling / 2, ceiling) if attempts else 0.0
    return max(delay, min(retry_after, cap))


def parse_retry_after(value: str | None, now: float | None = None) -> float:
    """Retry-After as seconds: either delta-seconds or an HTTP date. 0 when absent/bad."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return 0.0
    return max(0.0, when - (time.time() if now is None else now))


class HostPace:
    """Minimum spacing between requests to one host, adapted to its answers.

    Starts at zero; each 429/503 doubles it (up to ``max_gap``) and a Retry-After holds all
    requests until then; each success halves it."""

    def __init__(self, max_gap: float = 5.0) -> None:
        self.max_gap = max_gap
        self._gap = 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    @property
    def gap(self) -> float:
        return self._gap

    def reserve(self) -> float:
        """Claim the next slot; returns how long the caller must wait before sending."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._gap
            return start - now

    def slowed(self, retry_after: float = 0.0) -> None:
        with self._lock:
            self._gap = min(self.max_gap, max(0.05, self._gap * 2))
            if retry_after:
                self._next = max(self._next, time.monotonic() + retry_after)

    def succeeded(self) -> None:
        with self._lock:
            self._gap = 0.0 if self._gap < 0.01 else self._gap * 0.5


class PaceTable:
    """One ``HostPace`` per host (shared by every client of the process)."""

    def __init__(self) -> None:
        self._hosts: dict[str, HostPace] = {}
        self._lock = threading.Lock()

    def for_host(self, host: str) -> HostPace:
        with self._lock:
            pace = self._hosts.get(host)
            if pace is None:
                pace = self._hosts[host] = HostPace()
            return pace
