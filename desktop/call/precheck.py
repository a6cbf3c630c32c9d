"""The pre-call check's network part: the round trip to the hub (WebSocket pings on the
clinic's call-watch socket, as ``Signaling.round_trip`` does in a room) and the bandwidth
each way (a bounded timed transfer against ``/api/v1/calls/probe``). On the call runtime's
loop; each step reports as it goes so the dialog shows progress; cancelling the task stops it."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from desktop.call.bell import open_watch
from desktop.core.precheck import kbps

PINGS = 3
PROBE_KIB = 256  # each way: about 2 s at 1 Mbit/s, bounded by the hub at 1 MiB
Clock = Callable[[], float]


@dataclass(frozen=True)
class LinkFigures:
    round_trip_ms: float | None = None
    download_kbps: float | None = None
    upload_kbps: float | None = None


async def round_trip_ms(
    base_url: str, token: str, *, pings: int = PINGS, timeout: float = 10.0
) -> float | None:
    """The median of ``pings`` WebSocket ping/pong times to the hub, or None without a hub."""
    try:
        ws = await open_watch(base_url, token, timeout=timeout)
    except (OSError, InvalidHandshake, TimeoutError):
        return None
    times: list[float] = []
    try:
        for _ in range(pings):
            pong = await ws.ping()
            times.append(float(await asyncio.wait_for(pong, timeout)))
    except (ConnectionClosed, TimeoutError):
        return None
    finally:
        await ws.close()
    return sorted(times)[len(times) // 2] * 1000


async def bandwidth_kbps(
    base_url: str,
    token: str,
    *,
    kib: int = PROBE_KIB,
    clock: Clock = time.perf_counter,
    verify: ssl.SSLContext | bool = True,
    timeout: float = 30.0,
) -> tuple[float | None, float | None]:
    """(download, upload) in kbit/s of ``kib`` KiB each way; None for a way that failed."""
    url = base_url.rstrip("/") + "/api/v1/calls/probe"
    headers = {"Authorization": f"Bearer {token}"}
    down = up = None
    async with httpx.AsyncClient(verify=verify, timeout=timeout, trust_env=False) as http:
        try:
            started = clock()
            response = await http.get(url, params={"kib": kib}, headers=headers)
            if response.is_success:
                down = kbps(len(response.content), clock() - started)
        except httpx.HTTPError:
            pass
        try:
            body = bytes(kib * 1024)
            started = clock()
            response = await http.post(url, content=body, headers=headers)
            if response.is_success and response.json().get("received") == len(body):
                up = kbps(len(body), clock() - started)
        except (httpx.HTTPError, ValueError):
            pass
    return down, up


async def measure_link(
    base_url: str, token: str, on_step: Callable[[str], None] | None = None, kib: int = PROBE_KIB
) -> LinkFigures:
    """Round trip, then bandwidth (skipped without a round trip: no hub)."""
    step = on_step or (lambda _name: None)
    step("round-trip")
    rtt = await round_trip_ms(base_url, token)
    if rtt is None:
        return LinkFigures()
    step("bandwidth")
    down, up = await bandwidth_kbps(base_url, token, kib=kib)
    return LinkFigures(rtt, down, up)
