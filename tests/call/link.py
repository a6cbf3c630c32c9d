"""A link under the test's control between call peers in one process: every UDP datagram
ICE receives (STUN checks, DTLS, RTP, RTCP) passes a gate first. ``down`` drops everything
(an outage); ``kbps`` polices each receiving socket to that rate with a token bucket of
``burst_seconds`` (a throttled link: what exceeds it is lost, as on a full queue).
Installed by patching aioice's ``StunProtocol.datagram_received`` for the test's duration.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import aioice.ice


class Link:
    def __init__(self) -> None:
        self.down = False
        self.kbps: float | None = None
        self.burst_seconds = 0.25
        self.dropped = 0
        self._buckets: dict[int, tuple[float, float]] = {}  # socket id -> (tokens, at)

    def passes(self, key: int, size: int) -> bool:
        if self.down:
            self.dropped += 1
            return False
        if self.kbps is None:
            return True
        rate = self.kbps * 1000 / 8  # bytes per second
        depth = rate * self.burst_seconds
        now = time.monotonic()
        tokens, at = self._buckets.get(key, (depth, now))
        tokens = min(depth, tokens + (now - at) * rate)
        if tokens < size:
            self._buckets[key] = (tokens, now)
            self.dropped += 1
            return False
        self._buckets[key] = (tokens - size, now)
        return True

    def install(self, setattr_: Callable[[Any, str, Any], None]) -> None:
        original = aioice.ice.StunProtocol.datagram_received
        link = self

        def gated(protocol: aioice.ice.StunProtocol, data: Any, addr: Any) -> None:
            if link.passes(id(protocol), len(data)):
                original(protocol, data, addr)

        setattr_(aioice.ice.StunProtocol, "datagram_received", gated)
