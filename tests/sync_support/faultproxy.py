"""A fault-injecting HTTP/1.1 proxy on loopback (asyncio, in its own thread).

Each request gets a fresh upstream connection and is then subject to one fault, drawn
from ``faults`` (probabilities) with a seeded RNG:

- ``drop``: close before forwarding anything (nothing reaches the hub);
- ``delay``: wait up to ``max_delay`` seconds, then pass;
- ``cut_request``: forward the head and half the body, then cut both sides;
- ``cut_response``: forward everything (the hub commits), cut the answer midway;
- ``html200``: answer ``200 OK`` with an HTML page, like a captive portal;
- ``json_other``: answer ``200`` JSON that does not echo the item's id;
- ``busy503``: answer ``503`` with ``Retry-After: 0``.

Apart from the draw, ``corrupt_patches`` names PATCH requests (0-based, in arrival order)
whose body gets one byte flipped on the way (mode ``flip_byte``); ``patches`` records each
PATCH as (Upload-Offset, mode, upstream status). ``aim(pattern, modes)`` gives the next
requests whose request line contains ``pattern`` these modes, in order, before any draw.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter


def _answer(status: str, ctype: str, body: bytes, extra: str = "") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{extra}Connection: close\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


CAPTIVE = _answer(
    "200 OK", "text/html; charset=utf-8", b"<html><body><h1>Welcome. Log in</h1></body></html>"
)
OTHER_JSON = _answer("200 OK", "application/json", b'{"id": "x", "status": "ok"}')
BUSY = _answer(
    "503 Service Unavailable",
    "application/json",
    b'{"code": "busy", "detail": "busy"}',
    "Retry-After: 0\r\n",
)
MODES = ("drop", "delay", "cut_request", "cut_response", "html200", "json_other", "busy503")


def _rewrite_head(head: bytes) -> tuple[bytes, int]:
    lines = head.split(b"\r\n")
    kept = [lines[0]]
    length = 0
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(b":")
        lname = name.strip().lower()
        if lname == b"connection":
            continue
        if lname == b"content-length":
            length = int(value.strip())
        kept.append(line)
    kept.append(b"Connection: close")
    return b"\r\n".join(kept) + b"\r\n\r\n", length


def _offset_of(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"upload-offset" and value.strip().isdigit():
            return int(value.strip())
    return -1


class FaultProxy:
    """``FaultProxy(port_of_hub, {"drop": 0.1, ...}).start()``; ``.url`` is its address."""

    def __init__(
        self,
        upstream_port: int,
        faults: dict[str, float] | None = None,
        *,
        seed: int = 1,
        max_delay: float = 0.2,
        upstream_host: str = "127.0.0.1",
        exempt: tuple[bytes, ...] = (),
        script: list[str] | None = None,
        corrupt_patches: set[int] | None = None,
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.faults = dict(faults or {})
        self.rng = random.Random(seed)
        self.max_delay = max_delay
        self.enabled = True
        self.exempt = exempt  # path prefixes never faulted (e.g. b"/api/v1/auth/")
        self.script = list(script or [])  # modes for the next requests, in order
        self.log: list[tuple[str, str]] = []  # (request line, mode)
        self.corrupt_patches = set(corrupt_patches or ())
        self.patches: list[tuple[int, str, int]] = []  # (Upload-Offset, mode, status)
        self.counts: Counter[str] = Counter()
        self.aimed: list[tuple[bytes, list[str]]] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="fault-proxy", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        fut = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        fut.result(10)
        return self

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for _ in range(5):  # handlers of connections accepted while closing, too
                tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
                if not tasks:
                    break
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                await asyncio.sleep(0.05)  # let the closed transports finish closing

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def aim(self, pattern: bytes, modes: list[str]) -> None:
        """The next requests whose line contains ``pattern`` get ``modes``, in order."""
        self.aimed.append((pattern, list(modes)))

    def _choose(self, head: bytes) -> str:
        target = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b""
        line = head.split(b"\r\n", 1)[0]
        for pattern, modes in self.aimed:
            if modes and pattern in line:
                return modes.pop(0)
        if not self.enabled or any(target.startswith(p) for p in self.exempt):
            return "pass"
        if self.script:
            return self.script.pop(0)
        roll = self.rng.random()
        for mode, p in self.faults.items():
            if roll < p:
                return mode
            roll -= p
        return "pass"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            head, length = _rewrite_head(head)
            body = await reader.readexactly(length) if length else b""
            mode = self._choose(head)
            patch = head.startswith(b"PATCH ")
            if patch and len(self.patches) in self.corrupt_patches and body and mode == "pass":
                mode = "flip_byte"
                flipped = bytearray(body)
                flipped[len(flipped) // 2] ^= 0x01
                body = bytes(flipped)
            self.counts[mode] += 1
            self.log.append((head.split(b"\r\n", 1)[0].decode("latin-1"), mode))
            if mode == "drop":
                return
            if mode == "html200":
                writer.write(CAPTIVE)
                await writer.drain()
                return
            if mode == "json_other":
                writer.write(OTHER_JSON)
                await writer.drain()
                return
            if mode == "busy503":
                writer.write(BUSY)
                await writer.drain()
                return
            if mode == "delay":
                await asyncio.sleep(self.rng.uniform(0, self.max_delay))
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
            try:
                if mode == "cut_request":
                    # Half the body, or half the head when there is no body.
                    partial = head + body[: len(body) // 2] if body else head[: len(head) // 2]
                    up_writer.write(partial)
                    await up_writer.drain()
                    await asyncio.sleep(0.01)
                    return
                up_writer.write(head + body)
                await up_writer.drain()
                answer = await up_reader.read()  # upstream closes (Connection: close)
                if patch:
                    status = int(answer[9:12]) if answer[9:12].isdigit() else 0
                    self.patches.append((_offset_of(head), mode, status))
                if mode == "cut_response":
                    writer.write(answer[: max(1, len(answer) // 2)])
                else:
                    writer.write(answer)
                await writer.drain()
            finally:
                up_writer.close()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            writer.close()
