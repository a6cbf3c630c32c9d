"""Blob storage for uploads: an interface and its filesystem implementation.

Blobs are kept exactly as received (spokes send age ciphertext). An S3-compatible store
implements the same methods with multipart uploads (docs/hub.md).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import time
from pathlib import Path
from typing import BinaryIO, Protocol

_ID = re.compile(r"^[0-9a-f]{32}$")


class OffsetMismatch(Exception):
    """An append named an offset that is not the blob's current size."""

    def __init__(self, current: int) -> None:
        super().__init__(f"blob is at offset {current}")
        self.current = current


class BlobBusy(Exception):
    """Another append to the blob is still running."""


class BlobAppend(Protocol):
    """One streamed append, holding the blob's lock until ``close``."""

    def write(self, data: bytes) -> None: ...
    def finish(self) -> int: ...  # make durable; returns the blob's new size
    def discard(self) -> None: ...  # drop what this append wrote
    def close(self) -> None: ...


class BlobStorage(Protocol):
    """Append-only byte objects addressed by upload id.

    ``begin_append`` is exclusive across threads, processes and workers: of two appends at the
    same offset exactly one starts, the other raises OffsetMismatch (or BlobBusy while the
    first still runs). A missing blob is KeyError.
    """

    def create(self, blob_id: str) -> None: ...
    def size(self, blob_id: str) -> int: ...
    def begin_append(self, blob_id: str, offset: int, wait: float = 10.0) -> BlobAppend: ...
    def open(self, blob_id: str) -> BinaryIO: ...
    def delete(self, blob_id: str) -> None: ...


class FilesystemStorage:
    """One file per blob under ``root/ab/<id>``; appends are fsynced before they count.

    Folders are 0700 and files 0600 whatever the umask (ciphertext, but nobody else's).

    Appends and deletions hold ``flock`` on the blob file. flock belongs to the open file, so
    it excludes other workers (processes) and other threads of this one alike.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o700)

    def _path(self, blob_id: str) -> Path:
        if not _ID.match(blob_id):
            raise KeyError(blob_id)
        return self.root / blob_id[:2] / blob_id

    def create(self, blob_id: str) -> None:
        path = self._path(blob_id)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        path.parent.chmod(0o700)  # mkdir's mode is cut by the umask
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    def size(self, blob_id: str) -> int:
        return self._path(blob_id).stat().st_size

    def begin_append(self, blob_id: str, offset: int, wait: float = 10.0) -> FileAppend:
        """Lock the blob (waiting up to ``wait`` seconds for another append) at ``offset``."""
        try:
            fh = self._path(blob_id).open("r+b")  # never re-creates a deleted blob
        except FileNotFoundError:
            raise KeyError(blob_id) from None
        try:
            _flock(fh, wait)
            stat = os.fstat(fh.fileno())
            if stat.st_nlink == 0:  # deleted while we waited for the lock
                raise KeyError(blob_id)
            if stat.st_size != offset:
                raise OffsetMismatch(stat.st_size)
        except BaseException:
            fh.close()
            raise
        fh.seek(offset)
        return FileAppend(fh, offset)

    def append_at(self, blob_id: str, offset: int, data: bytes) -> int:
        append = self.begin_append(blob_id, offset)
        try:
            append.write(data)
            return append.finish()
        finally:
            append.close()

    def open(self, blob_id: str) -> BinaryIO:
        return self._path(blob_id).open("rb")

    def delete(self, blob_id: str) -> None:
        path = self._path(blob_id)
        try:
            fh = path.open("rb")
        except FileNotFoundError:
            return
        with fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # not in the middle of an append
            path.unlink(missing_ok=True)


def _flock(fh: BinaryIO, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise BlobBusy() from None
            time.sleep(0.02)


class FileAppend:
    """An append to an open, flocked blob file; the lock goes when the file closes."""

    def __init__(self, fh: BinaryIO, start: int) -> None:
        self._fh = fh
        self.start = start

    def write(self, data: bytes) -> None:
        self._fh.write(data)

    def finish(self) -> int:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        return self._fh.tell()

    def discard(self) -> None:
        self._fh.flush()
        self._fh.truncate(self.start)
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


def sha256_of(storage: BlobStorage, blob_id: str) -> str:
    digest = hashlib.sha256()
    with storage.open(blob_id) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
