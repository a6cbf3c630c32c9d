"""A link under the test's control between call peers: a UDP relay (one small asyncio
forwarder per ICE candidate, on loopback) that every datagram between the peers crosses,
STUN checks, DTLS, RTP and RTCP alike. ``down`` drops everything (an outage); ``kbps``
polices each direction of each forwarder to that rate with a token bucket of
``burst_seconds`` (a throttled link: what exceeds it is lost, as on a full queue).
``retire()`` kills the forwarders there are for good (a network change: the addresses the
peer connections used are gone; only connections negotiated afterwards get through).

The room between the peers (``RelayRoom`` in the tests) rewrites the host candidates in each
offer and answer to the forwarder's port, so the other peer only ever reaches this one
through the relay: a forwarder sends what its peer's address sends on to the last other
address it heard from, and everything else to its peer.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any, cast

_CANDIDATE = re.compile(r"^(a=candidate:\S+ \d+ udp \d+ 127\.0\.0\.1 )(\d+)( typ host.*)$", re.M)


class Link:
    def __init__(self) -> None:
        self.down = False
        self.kbps: float | None = None
        self.burst_seconds = 0.25
        self.dropped = 0
        self.forwarded = 0
        self._buckets: dict[tuple[int, bool], tuple[float, float]] = {}
        self._forwarders: dict[int, _Forwarder] = {}  # peer's port -> its forwarder

    def passes(self, key: tuple[int, bool], size: int) -> bool:
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

    async def front(self, port: int) -> int:
        """The relay port that reaches the peer at 127.0.0.1:``port``."""
        forwarder = self._forwarders.get(port)
        if forwarder is None:
            loop = asyncio.get_running_loop()
            _, forwarder = await loop.create_datagram_endpoint(
                lambda: _Forwarder(self, ("127.0.0.1", port)), local_addr=("127.0.0.1", 0)
            )
            self._forwarders[port] = forwarder
        return forwarder.port

    async def rewrite(self, message: dict[str, Any]) -> dict[str, Any]:
        """An offer or answer whose host candidates point at their forwarders."""
        sdp = message.get("sdp")
        if not isinstance(sdp, str):
            return message
        ports = {int(m.group(2)) for m in _CANDIDATE.finditer(sdp)}
        fronts = {port: await self.front(port) for port in ports}
        rewritten = _CANDIDATE.sub(lambda m: f"{m[1]}{fronts[int(m[2])]}{m[3]}", sdp)
        return {**message, "sdp": rewritten}

    def retire(self) -> int:
        """Every forwarder there is now drops all from now on; new ones work."""
        for forwarder in self._forwarders.values():
            forwarder.retired = True
        return len(self._forwarders)

    def close(self) -> None:
        for forwarder in self._forwarders.values():
            forwarder.transport.close()
        self._forwarders.clear()


class _Forwarder(asyncio.DatagramProtocol):
    def __init__(self, link: Link, peer: tuple[str, int]) -> None:
        self.link = link
        self.peer = peer  # the call peer this forwarder stands for
        self.other: tuple[str, int] | None = None  # the far side, as last heard
        self.transport: asyncio.DatagramTransport
        self.port = 0
        self.retired = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)
        self.port = int(transport.get_extra_info("sockname")[1])

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        outbound = (addr[0], addr[1]) == self.peer
        if not outbound:
            self.other = (addr[0], addr[1])
        target = self.other if outbound else self.peer
        if self.retired:
            self.link.dropped += 1
            return
        if target is None or not self.link.passes((id(self), outbound), len(data)):
            return
        self.link.forwarded += 1
        self.transport.sendto(data, target)
