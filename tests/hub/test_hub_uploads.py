"""tus 1.0: creation, resume after interruptions at random offsets, checksums, termination,
expiration, size and rate limits."""

from __future__ import annotations

import base64
import hashlib
import random
import socket
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.app import build_context, create_app, housekeeping
from hub.clock import ManualClock
from hub.config import HubConfig
from hub.storage import FilesystemStorage
from tests.hub.world import World

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = {"Content-Type": "application/offset+octet-stream"}


def b64(data: str | bytes) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def create(
    world: World, consult_id: str, length: int, who: str = "opA", **meta: str
) -> httpx.Response:
    pairs = [f"consult_id {b64(consult_id)}"] + [f"{k} {b64(v)}" for k, v in meta.items()]
    headers = (
        world[who].h | TUS | {"Upload-Length": str(length), "Upload-Metadata": ",".join(pairs)}
    )
    return world.client.post("/api/v1/uploads", headers=headers)


def checksum(data: bytes) -> str:
    return "sha256 " + b64(hashlib.sha256(data).digest())


def offset_of(world: World, url: str) -> int:
    r = world.client.head(url, headers=world["opA"].h | TUS)
    assert r.status_code == 200, r.status_code
    assert r.headers["Cache-Control"] == "no-store"
    return int(r.headers["Upload-Offset"])


def patch(
    world: World, url: str, offset: int, data: bytes, check: str | None = None
) -> httpx.Response:
    headers = world["opA"].h | TUS | OCTETS | {"Upload-Offset": str(offset)}
    if check:
        headers["Upload-Checksum"] = check
    return world.client.patch(url, content=data, headers=headers)


def test_options_advertises_extensions(world: World) -> None:
    r = world.client.options("/api/v1/uploads")
    assert r.status_code == 204
    assert r.headers["Tus-Version"] == "1.0.0"
    assert set(r.headers["Tus-Extension"].split(",")) == {
        "creation",
        "checksum",
        "termination",
        "expiration",
    }
    assert r.headers["Tus-Checksum-Algorithm"] == "sha1,sha256"
    assert int(r.headers["Tus-Max-Size"]) == world.hub.config.max_upload_bytes


def test_protocol_version_required(world: World) -> None:
    cid = world.consult("opA")["id"]
    headers = world["opA"].h | {"Upload-Length": "5", "Upload-Metadata": f"consult_id {b64(cid)}"}
    r = world.client.post("/api/v1/uploads", headers=headers)
    assert r.status_code == 412 and r.headers["Tus-Version"] == "1.0.0"


def test_resume_at_random_offsets_in_process(world: World) -> None:
    """Chunks of random size, each response 'lost' half the time: resume from HEAD."""
    rng = random.Random(5)
    blob = rng.randbytes(700_000)
    cid = world.consult("opA")["id"]
    r = create(world, cid, len(blob), filename="ecg.age")
    assert r.status_code == 201 and "Upload-Expires" in r.headers
    url = urlsplit(r.headers["Location"]).path
    offset = 0
    while offset < len(blob):
        size = rng.randint(1, world.hub.config.max_chunk_bytes)
        chunk = blob[offset : offset + size]
        r = patch(world, url, offset, chunk, checksum(chunk))
        assert r.status_code == 204
        lost = rng.random() < 0.5  # the answer was lost: ask the server where we are
        offset = offset_of(world, url) if lost else int(r.headers["Upload-Offset"])
    info = world.client.get(f"{url}/info", headers=world["opA"].h).json()
    assert info["complete"] and info["sha256"] == hashlib.sha256(blob).hexdigest()
    body = world.client.get(f"{url}/content", headers=world["opA"].h).content
    assert body == blob


@dataclass
class Exchange:
    """One HTTP request as the hub handled it: body bytes it read, the status it answered
    (None if it never started an answer) and whether it has finished (answered or aborted)."""

    method: str
    path: str
    received: int = 0
    status: int | None = None
    done: bool = False


class WatchedHub:
    """The hub app behind an ASGI wrapper that reports what each request did, so the
    cut-connection tests wait for the hub's own events instead of sleeping: the line is cut
    only once the hub has read the bytes sent (uvicorn drops body bytes it still holds when
    the peer goes), and the outcome is checked once the hub has finished the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._cond = threading.Condition()
        self.exchanges: list[Exchange] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exchange = Exchange(scope["method"], scope["path"])
        with self._cond:
            self.exchanges.append(exchange)

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                with self._cond:
                    exchange.received += len(message.get("body", b""))
                    self._cond.notify_all()
            return message

        async def answered(message: Message) -> None:
            if message["type"] == "http.response.start":
                with self._cond:
                    exchange.status = message["status"]
            await send(message)

        try:
            await self.app(scope, counted, answered)
        finally:
            with self._cond:
                exchange.done = True
                self._cond.notify_all()

    def wait_for(
        self, check: Callable[[Exchange], bool], since: int = 0, timeout: float = 30
    ) -> Exchange:
        """The first request from number ``since`` on for which ``check`` holds, waiting
        for it to happen."""

        def found() -> Exchange | None:
            return next((e for e in self.exchanges[since:] if check(e)), None)

        with self._cond:
            exchange = self._cond.wait_for(found, timeout)
        assert exchange is not None, "the hub never got there"
        return exchange


@pytest.fixture
def watched(client: TestClient) -> Iterator[tuple[str, WatchedHub]]:
    """The hub served by uvicorn on loopback behind ``WatchedHub``; yields (URL, watcher)."""
    from hub.server import ServerThread

    hub = WatchedHub(client.app)
    server = ServerThread(hub)  # type: ignore[arg-type]
    server.start()
    yield server.base_url, hub
    server.stop()


def _cut_patch(
    base: str,
    hub: WatchedHub,
    path: str,
    headers: str,
    offset: int,
    data: bytes,
    declared: int,
) -> Exchange:
    """Send a PATCH announcing ``declared`` bytes, deliver only ``data``, drop the line once
    the hub has read them, and return the request as the hub finished it."""
    parts = urlsplit(base)
    before = len(hub.exchanges)
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        head = (
            f"PATCH {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n{headers}"
            f"Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\n"
            f"Upload-Offset: {offset}\r\nContent-Length: {declared}\r\n\r\n"
        )
        sock.sendall(head.encode() + data)
        exchange = hub.wait_for(lambda e: e.method == "PATCH" and e.received >= len(data), before)
        sock.shutdown(socket.SHUT_RDWR)
    hub.wait_for(lambda e: e is exchange and e.done, before)
    return exchange


def test_resume_after_dropped_connections(world: World, watched: tuple[str, WatchedHub]) -> None:
    """Real sockets cut mid-body at random offsets: the server keeps what arrived, the client
    resumes from HEAD, and the stored SHA-256 matches the source."""
    live, hub = watched
    rng = random.Random(11)
    blob = rng.randbytes(600_000)
    cid = world.consult("opA")["id"]
    url = urlsplit(create(world, cid, len(blob)).headers["Location"]).path
    auth = f"Authorization: Bearer {world['opA'].token}\r\n"
    with httpx.Client(base_url=live, headers=world["opA"].h | TUS) as http:
        offset = 0
        for _ in range(4):
            declared = min(len(blob) - offset, world.hub.config.max_chunk_bytes)
            cut = rng.randint(1, declared - 1)
            chunk = blob[offset : offset + cut]
            exchange = _cut_patch(live, hub, url, auth, offset, chunk, declared)
            assert exchange.received == cut
            # Kept: the hub's new offset is exactly what it read before the line went.
            assert int(http.head(url).headers["Upload-Offset"]) == offset + cut
            offset += cut
        while offset < len(blob):
            chunk = blob[offset : offset + world.hub.config.max_chunk_bytes]
            r = http.patch(
                url,
                content=chunk,
                headers=OCTETS | {"Upload-Offset": str(offset), "Upload-Checksum": checksum(chunk)},
            )
            assert r.status_code == 204, r.text
            offset = int(r.headers["Upload-Offset"])
        info = http.get(f"{url}/info").json()
    assert info["sha256"] == hashlib.sha256(blob).hexdigest()


def test_cut_chunk_with_checksum_is_discarded(
    world: World, watched: tuple[str, WatchedHub]
) -> None:
    live, hub = watched
    blob = random.Random(3).randbytes(50_000)
    cid = world.consult("opA")["id"]
    url = urlsplit(create(world, cid, len(blob)).headers["Location"]).path
    headers = f"Authorization: Bearer {world['opA'].token}\r\nUpload-Checksum: {checksum(blob)}\r\n"
    exchange = _cut_patch(live, hub, url, headers, 0, blob[:20_000], len(blob))
    # The hub read 20,000 bytes, saw the line go, and answered "checksum mismatch" (to
    # nobody) after dropping them: nothing of the chunk is kept.
    assert exchange.received == 20_000 and exchange.status == 460
    assert offset_of(world, url) == 0


def test_wrong_checksum_rejected(world: World) -> None:
    cid = world.consult("opA")["id"]
    url = urlsplit(create(world, cid, 10).headers["Location"]).path
    r = patch(world, url, 0, b"0123456789", checksum(b"something else"))
    assert r.status_code == 460 and r.json()["code"] == "checksum_mismatch"
    assert offset_of(world, url) == 0
    r = patch(world, url, 0, b"01234", "md5 " + b64(b"x" * 16))
    assert r.status_code == 400
    assert patch(world, url, 0, b"0123456789", checksum(b"0123456789")).status_code == 204


def test_whole_blob_sha256_checked(world: World) -> None:
    cid = world.consult("opA")["id"]
    wrong = hashlib.sha256(b"other").hexdigest()
    url = urlsplit(create(world, cid, 4, sha256=wrong).headers["Location"]).path
    assert patch(world, url, 0, b"data").status_code == 460
    assert world.client.head(url, headers=world["opA"].h | TUS).status_code == 404
    right = hashlib.sha256(b"data").hexdigest()
    url = urlsplit(create(world, cid, 4, sha256=right).headers["Location"]).path
    assert patch(world, url, 0, b"data").status_code == 204


def test_offset_mismatch_and_content_type(world: World) -> None:
    cid = world.consult("opA")["id"]
    url = urlsplit(create(world, cid, 10).headers["Location"]).path
    assert patch(world, url, 3, b"abc").status_code == 409
    headers = world["opA"].h | TUS | {"Upload-Offset": "0", "Content-Type": "text/plain"}
    assert world.client.patch(url, content=b"abc", headers=headers).status_code == 415


def test_termination(world: World) -> None:
    cid = world.consult("opA")["id"]
    url = urlsplit(create(world, cid, 10).headers["Location"]).path
    assert patch(world, url, 0, b"abc").status_code == 204
    r = world.client.delete(url, headers=world["opA"].h | TUS)
    assert r.status_code == 204
    assert world.client.head(url, headers=world["opA"].h | TUS).status_code == 404


def test_expiration(world: World, clock: ManualClock) -> None:
    cid = world.consult("opA")["id"]
    url = urlsplit(create(world, cid, 10).headers["Location"]).path
    done = urlsplit(create(world, cid, 3).headers["Location"]).path
    assert patch(world, done, 0, b"abc").status_code == 204
    clock.advance(world.hub.config.upload_expiry_seconds + 1)
    world.renew("opA")
    assert world.client.head(url, headers=world["opA"].h | TUS).status_code == 410
    assert patch(world, url, 0, b"abc").status_code == 410
    housekeeping(world.hub)
    assert world.client.head(url, headers=world["opA"].h | TUS).status_code == 404
    # Completed uploads do not expire.
    assert world.client.head(done, headers=world["opA"].h | TUS).status_code == 200


def test_size_limits(world: World) -> None:
    cfg = world.hub.config
    cid = world.consult("opA")["id"]
    assert create(world, cid, cfg.max_upload_bytes + 1).status_code == 413
    url = urlsplit(create(world, cid, cfg.max_upload_bytes).headers["Location"]).path
    big = b"x" * (cfg.max_chunk_bytes + 1)  # no per-request cap: one PATCH may carry it all
    assert patch(world, url, 0, big).status_code == 204
    small = urlsplit(create(world, cid, 5).headers["Location"]).path
    assert patch(world, small, 0, b"too long").status_code == 413
    assert offset_of(world, small) == 0


@pytest.mark.parametrize("bad", ["consult_id", "garbage!!", ""])
def test_metadata_required(world: World, bad: str) -> None:
    headers = world["opA"].h | TUS | {"Upload-Length": "5", "Upload-Metadata": bad}
    assert world.client.post("/api/v1/uploads", headers=headers).status_code == 400


def test_upload_rate_limit(world: World, clock: ManualClock) -> None:
    world.hub.upload_limiter._limit = 3
    cid = world.consult("opA")["id"]
    codes = [create(world, cid, 1).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    r = create(world, cid, 1)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    clock.advance(world.hub.config.upload_rate[1])
    world.renew("opA")
    assert create(world, cid, 1).status_code == 201


def test_concurrent_patches_on_two_workers_append_once(
    world: World, config: HubConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers (own engine, own storage object, no shared memory) get the same chunk at
    the same offset at the same moment: one 204, one 409 (or 423 while the first still
    appends), and the blob holds the chunk once."""
    second = build_context(config, run_migrations=False)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        worker_b = TestClient(create_app(config, second))
    cid = world.consult("opA")["id"]
    url = urlsplit(create(world, cid, 100_000).headers["Location"]).path
    chunk = bytes(range(256)) * 100
    both_started = threading.Barrier(2, timeout=20)
    real_begin = FilesystemStorage.begin_append

    def begin_together(self: FilesystemStorage, *args: Any) -> Any:
        both_started.wait()  # both requests are checked: now race for the blob
        return real_begin(self, *args)

    monkeypatch.setattr(FilesystemStorage, "begin_append", begin_together)
    headers = world["opA"].h | TUS | OCTETS | {"Upload-Offset": "0"}
    answers: list[httpx.Response] = []

    def send(client: TestClient) -> None:
        answers.append(client.patch(url, content=chunk, headers=headers))

    threads = [threading.Thread(target=send, args=(c,)) for c in (world.client, worker_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    monkeypatch.setattr(FilesystemStorage, "begin_append", real_begin)
    second.engine.dispose()
    codes = sorted(r.status_code for r in answers)
    assert codes in ([204, 409], [204, 423])
    lost = next(r for r in answers if r.status_code != 204)
    if lost.status_code == 409:
        assert lost.headers["Upload-Offset"] == str(len(chunk))
    assert offset_of(world, url) == len(chunk)
    with world.hub.storage.open(url.rsplit("/", 1)[1]) as fh:
        assert fh.read() == chunk
    rest = bytes(100_000 - len(chunk))
    assert patch(world, url, len(chunk), rest).status_code == 204
    info = world.client.get(f"{url}/info", headers=world["opA"].h).json()
    assert info["complete"] and info["sha256"] == hashlib.sha256(chunk + rest).hexdigest()
