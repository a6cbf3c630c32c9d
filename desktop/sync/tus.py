"""A tus 1.0 client on httpx: creation, HEAD for the offset, PATCH with a SHA-256 per chunk.

Memory stays constant (one chunk at a time); the chunk size adapts to the measured link;
the upload's path is handed to ``save_location`` as soon as the hub creates it, so a
restart resumes from the hub's offset instead of starting over.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from desktop import logs
from desktop.sync.client import HubClient, json_body
from desktop.sync.errors import (
    ConflictError,
    LocalDataError,
    RejectedError,
    SyncError,
    UnexpectedAnswerError,
)

log = logs.get("sync")

TUS = {"Tus-Resumable": "1.0.0"}
KIB = 1024
MIB = 1024 * KIB


class UploadGoneError(SyncError):
    """The hub no longer has the upload (expired, or discarded after a bad checksum)."""


class Stopped(Exception):
    """The worker asked the upload to stop (pause, shutdown); the hub keeps what it has."""


@dataclass
class ChunkSizer:
    """Picks the next chunk size so that one PATCH takes about ``target_seconds``."""

    minimum: int = 64 * KIB
    maximum: int = 16 * MIB
    target_seconds: float = 1.0
    size: int = 256 * KIB
    rate: float = 0.0  # bytes per second, smoothed

    def measured(self, nbytes: int, seconds: float) -> None:
        if nbytes <= 0:
            return
        sample = nbytes / max(seconds, 1e-4)
        self.rate = sample if self.rate == 0 else 0.6 * self.rate + 0.4 * sample
        wanted = self.rate * self.target_seconds
        # Grow at most 4x per step, so one lucky sample cannot overshoot on a slow link.
        self.size = int(min(self.maximum, max(self.minimum, min(wanted, self.size * 4))))
        self.size -= self.size % self.minimum

    def failed(self) -> None:
        self.size = max(self.minimum, self.size // 2 // self.minimum * self.minimum)


@dataclass
class BlobUpload:
    """Everything about one blob to upload."""

    path: Path
    length: int
    sha256: str
    metadata: dict[str, str]
    location: str | None = None  # path of an upload created earlier, if any
    extra: dict[str, str] = field(default_factory=dict)


def encode_metadata(meta: dict[str, str]) -> str:
    return ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}" if v else k for k, v in meta.items()
    )


def _path_only(location: str) -> str:
    """Keep the path: the hub may be reached by another address next time."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class TusClient:
    """Uploads one blob at a time through a ``HubClient`` (auth, TLS, pacing, errors)."""

    def __init__(self, client: HubClient, sizer: ChunkSizer | None = None) -> None:
        self.client = client
        self.sizer = sizer or ChunkSizer()

    def offset(self, location: str) -> int | None:
        """The hub's offset of an upload; None when it no longer exists (404/410)."""
        try:
            response = self.client.send("HEAD", location, headers=TUS)
        except RejectedError as exc:
            if exc.status in (403, 404, 410):
                return None
            raise
        text = response.headers.get("Upload-Offset", "")
        if not text.isdigit():
            raise UnexpectedAnswerError("HEAD answer without Upload-Offset")
        return int(text)

    def create(self, blob: BlobUpload) -> str:
        headers = {
            **TUS,
            "Upload-Length": str(blob.length),
            "Upload-Metadata": encode_metadata(blob.metadata),
        }
        response = self.client.send("POST", "/api/v1/uploads", headers=headers)
        location = response.headers.get("Location", "")
        if response.status_code != 201 or not location:
            raise UnexpectedAnswerError(f"creation answered {response.status_code}")
        return _path_only(location)

    def upload(
        self,
        blob: BlobUpload,
        *,
        save_location: Callable[[str], None],
        find_existing: Callable[[], str | None] = lambda: None,
        on_progress: Callable[[int, int], None] = lambda done, total: None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> str:
        """Upload (or resume) ``blob``; returns its location once the hub holds every byte."""
        offset: int | None = None
        location = blob.location
        if location:
            offset = self.offset(location)
        if offset is None:
            # Not known here (or expired): the hub may still have one from a run killed
            # between its creation and our saving the location.
            location = find_existing()
            offset = self.offset(location) if location else None
        if offset is None or location is None:
            location = self.create(blob)
            save_location(location)
            offset = 0
        elif location != blob.location:
            save_location(location)
        log.info("upload resumes at %d of %d bytes", offset, blob.length)
        on_progress(offset, blob.length)
        try:
            fd = os.open(blob.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise LocalDataError(f"blob file unreadable: {type(exc).__name__}") from exc
        reader = _ChunkReader(fd, self.sizer.maximum)
        try:
            ahead = reader.prepare(offset, min(self.sizer.size, blob.length - offset))
            while offset < blob.length:
                if should_stop():
                    raise Stopped
                view, digest = ahead.result()
                ahead = None  # type: ignore[assignment]
                nxt = offset + len(view)
                if nxt < blob.length:
                    # Read and hash the next chunk while this one travels.
                    ahead = reader.prepare(nxt, min(self.sizer.size, blob.length - nxt))
                new = self._patch(location, offset, view, digest)
                if new != nxt and ahead is not None:
                    ahead.result()  # wrong guess (retry or a jump): discard it
                    ahead = reader.prepare(new, min(self.sizer.size, blob.length - new))
                offset = new
                on_progress(offset, blob.length)
        finally:
            reader.close()
            os.close(fd)
        return location

    def _patch(self, location: str, offset: int, view: memoryview, digest: bytes) -> int:
        size = len(view)
        headers = {
            **TUS,
            "Upload-Offset": str(offset),
            "Upload-Checksum": f"sha256 {base64.b64encode(digest).decode()}",
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(size),
        }
        started = time.perf_counter()
        try:
            response = self.client.send("PATCH", location, headers=headers, content=_Body(view))
        except ConflictError:
            # Offset mismatch: someone (an earlier run) got further; ask where we are.
            found = self.offset(location)
            if found is None:
                raise
            return found
        except RejectedError as exc:
            if exc.status in (413, 460) and self.offset(location) is not None:
                self.sizer.failed()  # too big for the hub, or damaged on the way: retry
                return offset
            if exc.status in (404, 410, 460):
                raise UploadGoneError(str(exc.status), status=exc.status) from exc
            raise
        except SyncError:
            self.sizer.failed()
            raise
        self.sizer.measured(size, time.perf_counter() - started)
        text = response.headers.get("Upload-Offset", "")
        if not text.isdigit() or int(text) != offset + size:
            raise UnexpectedAnswerError("PATCH answer with a wrong Upload-Offset")
        return int(text)

    def info(self, location: str) -> dict[str, object]:
        """The hub's JSON description of a finished upload, echoing its id."""
        upload_id = location.rstrip("/").rsplit("/", 1)[-1]
        response = self.client.send("GET", location.rstrip("/") + "/info")
        body = json_body(response, expect_id=upload_id)
        assert isinstance(body, dict)
        return body


class _Body:
    """A re-iterable request body over a buffer (a retry after a token refresh resends it)."""

    PIECE = 1024 * 1024

    def __init__(self, view: memoryview) -> None:
        self.view = view

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self.view), self.PIECE):
            yield bytes(self.view[start : start + self.PIECE])


class _ChunkReader:
    """Two reusable buffers: one chunk is sent while the next is read and hashed on a
    helper thread (hashlib releases the GIL). Memory is two chunks, whatever the file."""

    def __init__(self, fd: int, maximum: int) -> None:
        self.fd = fd
        self.buffers = [bytearray(), bytearray()]
        self.maximum = maximum
        self.turn = 0
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tus-read")

    def prepare(self, offset: int, size: int) -> Future[tuple[memoryview, bytes]]:
        index = self.turn
        self.turn ^= 1
        return self.pool.submit(self._read, index, offset, size)

    def _read(self, index: int, offset: int, size: int) -> tuple[memoryview, bytes]:
        buf = self.buffers[index]
        if len(buf) < size:
            buf = self.buffers[index] = bytearray(max(size, min(self.maximum, 2 * len(buf))))
        view = memoryview(buf)[:size]
        done = 0
        while done < size:
            n = (
                os.preadv(self.fd, [view[done:]], offset + done)
                if hasattr(os, "preadv")
                else (_read_into(self.fd, view[done:], offset + done))
            )
            if n <= 0:
                raise LocalDataError("blob file is shorter than recorded")
            done += n
        return view, hashlib.sha256(view).digest()

    def close(self) -> None:
        self.pool.shutdown(wait=True)


def _read_into(fd: int, view: memoryview, offset: int) -> int:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.readv(fd, [view])
