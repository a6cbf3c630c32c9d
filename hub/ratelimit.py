"""Fixed-window rate limits per key (client address, username), answered with 429 + Retry-After.

In-process only: behind several workers each keeps its own counts (docs/hub.md says how to
move this to Redis).
"""

from __future__ import annotations

import math
import threading

from hub.clock import Clock


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key."""

    def __init__(self, clock: Clock, limit: int, window: int) -> None:
        self._clock = clock
        self._limit = limit
        self._window = window
        self._lock = threading.Lock()
        self._hits: dict[str, tuple[float, int]] = {}

    def hit(self, key: str) -> int:
        """Count one hit; return 0 if allowed, else the seconds to wait."""
        now = self._clock.now().timestamp()
        with self._lock:
            start, count = self._hits.get(key, (now, 0))
            if now - start >= self._window:
                start, count = now, 0
            if count >= self._limit:
                return max(1, math.ceil(start + self._window - now))
            self._hits[key] = (start, count + 1)
            if len(self._hits) > 50_000:
                self._expire(now)
            return 0

    def _expire(self, now: float) -> None:
        for key in [k for k, (s, _) in self._hits.items() if now - s >= self._window]:
            del self._hits[key]
