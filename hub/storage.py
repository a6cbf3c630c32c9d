"""Blob storage for uploads: an interface and its filesystem implementation.

Blobs are kept exactly as received (spokes send age ciphertext). An S3-compatible store
implements the same methods with multipart uploads (docs/hub.md).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from pathlib import Path
from typing import BinaryIO, Protocol

_ID = re.compile(r"^[0-9a-f]{32}$")


class OffsetMismatch(Exception):
    """An append named an offset that is not the blob's current size."""

    def __init__(self, current: int) -> None:
        super().__init__(f"blob is at offset {current}")
        self.current = current


class BlobStorage(Protocol):
    """Append-only byte objects addressed by upload id.

    ``append_at`` is atomic across threads, processes and workers: of two appends at the same
    offset exactly one succeeds, the other raises OffsetMismatch. A missing blob is KeyError.
    """

    def create(self, blob_id: str) -> None: ...
    def size(self, blob_id: str) -> int: ...
    def append_at(self, blob_id: str, offset: int, data: bytes) -> int: ...
    def open(self, blob_id: str) -> BinaryIO: ...
    def delete(self, blob_id: str) -> None: ...


class FilesystemStorage:
    """One file per blob under ``root/ab/<id>``; appends are fsynced before they count.

    Appends and deletions hold ``flock`` on the blob file. flock belongs to the open file, so
    it excludes other workers (processes) and other threads of this one alike.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, blob_id: str) -> Path:
        if not _ID.match(blob_id):
            raise KeyError(blob_id)
        return self.root / blob_id[:2] / blob_id

    def create(self, blob_id: str) -> None:
        path = self._path(blob_id)
        path.parent.mkdir(exist_ok=True)
        path.touch(exist_ok=False)

    def size(self, blob_id: str) -> int:
        return self._path(blob_id).stat().st_size

    def append_at(self, blob_id: str, offset: int, data: bytes) -> int:
        try:
            fh = self._path(blob_id).open("r+b")  # never re-creates a deleted blob
        except FileNotFoundError:
            raise KeyError(blob_id) from None
        with fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            stat = os.fstat(fh.fileno())
            if stat.st_nlink == 0:  # deleted while we waited for the lock
                raise KeyError(blob_id)
            if stat.st_size != offset:
                raise OffsetMismatch(stat.st_size)
            fh.seek(offset)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            return fh.tell()  # the lock is released when the file closes

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


def sha256_of(storage: BlobStorage, blob_id: str) -> str:
    digest = hashlib.sha256()
    with storage.open(blob_id) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
