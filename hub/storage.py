"""Blob storage for uploads: an interface and its filesystem implementation.

Blobs are kept exactly as received (spokes send age ciphertext). An S3-compatible store
implements the same five methods with multipart uploads (docs/hub.md).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import BinaryIO, Protocol

_ID = re.compile(r"^[0-9a-f]{32}$")


class BlobStorage(Protocol):
    """Append-only byte objects addressed by upload id."""

    def create(self, blob_id: str) -> None: ...
    def size(self, blob_id: str) -> int: ...
    def append(self, blob_id: str, data: bytes) -> int: ...
    def open(self, blob_id: str) -> BinaryIO: ...
    def delete(self, blob_id: str) -> None: ...


class FilesystemStorage:
    """One file per blob under ``root/ab/<id>``; appends are fsynced before they count."""

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

    def append(self, blob_id: str, data: bytes) -> int:
        with self._path(blob_id).open("ab") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            return fh.tell()

    def open(self, blob_id: str) -> BinaryIO:
        return self._path(blob_id).open("rb")

    def delete(self, blob_id: str) -> None:
        self._path(blob_id).unlink(missing_ok=True)


def sha256_of(storage: BlobStorage, blob_id: str) -> str:
    digest = hashlib.sha256()
    with storage.open(blob_id) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
