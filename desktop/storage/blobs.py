"""Encrypted blob store: recordings, photos and documents as standard ``age`` files under
``<root>/<id[:2]>/<id>.age``, each encrypted to this installation's identity and, once known,
the hub's key. Atomic, streamed in constant memory (blob_io.py), SHA-256 of the ciphertext.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from pathlib import Path

from pyrage import x25519

from desktop import logs
from desktop.storage.blob_io import CHUNK, PARTIAL_SUFFIX, BlobReader, BlobRef, BlobWriter
from desktop.storage.errors import BlobDamagedError, BlobMissingError

__all__ = ["CHUNK", "KINDS", "BlobReader", "BlobRef", "BlobStore", "BlobWriter"]

log = logs.get("storage")

# "hub-record": what a doctor PC cached of a consult it opened (the hub's FHIR bundle).
KINDS = ("snapshot", "recording-segment", "attachment", "photo", "hub-record")


class BlobStore:
    """Blobs under ``root`` as ``<id[:2]>/<id>.age``; partial writes under ``root/tmp``."""

    def __init__(
        self,
        root: Path,
        identity: x25519.Identity,
        recipients: Sequence[x25519.Recipient] = (),
    ) -> None:
        self.root = Path(root)
        self.partial_dir = self.root / "tmp"
        self.partial_dir.mkdir(parents=True, exist_ok=True)
        self.identity = identity
        own = identity.to_public()
        self.recipients: list[x25519.Recipient] = [own]
        for recipient in recipients:
            self.add_recipient(recipient)

    def add_recipient(self, recipient: x25519.Recipient) -> None:
        """Encrypt every blob created from now on to ``recipient`` too (the hub's key)."""
        if str(recipient) not in {str(r) for r in self.recipients}:
            self.recipients.append(recipient)

    def path_of(self, blob_id: str) -> Path:
        if len(blob_id) != 32 or any(c not in "0123456789abcdef" for c in blob_id):
            raise ValueError("blob ids are 32 lowercase hex digits")
        return self.root / blob_id[:2] / f"{blob_id}.age"

    def create(self, kind: str, blob_id: str | None = None) -> BlobWriter:
        """Start a new blob; write to it, and its ``ref`` is ready after the ``with`` block."""
        if kind not in KINDS:
            raise ValueError(f"unknown blob kind {kind!r}")
        blob_id = blob_id or uuid.uuid4().hex
        return BlobWriter(kind, blob_id, self.path_of(blob_id), self.partial_dir, self.recipients)

    def put(self, kind: str, data: bytes) -> BlobRef:
        """Store a small blob in one call."""
        with self.create(kind) as writer:
            writer.write(data)
        assert writer.ref is not None
        return writer.ref

    def verify(self, blob_id: str, expected_sha256: str) -> None:
        """Raise ``BlobDamagedError`` unless the file on disk has this SHA-256."""
        path = self.path_of(blob_id)
        sha = hashlib.sha256()
        try:
            with open(path, "rb") as fh:
                while piece := fh.read(1024 * 1024):
                    sha.update(piece)
        except FileNotFoundError as exc:
            raise BlobMissingError(blob_id) from exc
        if sha.hexdigest() != expected_sha256.lower():
            raise BlobDamagedError("checksum mismatch")

    def open(self, blob_id: str, expected_sha256: str | None = None) -> BlobReader:
        """Stream the plaintext. With ``expected_sha256`` (from the database) a changed or
        truncated file is refused before a single byte is returned."""
        path = self.path_of(blob_id)
        if expected_sha256 is not None:
            self.verify(blob_id, expected_sha256)
        elif not path.exists():
            raise BlobMissingError(blob_id)
        return BlobReader(path, [self.identity])

    def read_all(self, blob_id: str, expected_sha256: str | None = None) -> bytes:
        with self.open(blob_id, expected_sha256) as reader:
            return reader.read()

    def reencrypt(self, ref: BlobRef) -> BlobRef:
        """Re-encrypt a blob to the current recipients (e.g. once the hub key is known).
        The blob keeps its id; the returned ref carries the new checksum and size."""
        with self.open(ref.blob_id, ref.sha256) as reader, self.create(ref.kind, ref.blob_id) as w:
            for piece in reader.chunks():
                w.write(piece)
        assert w.ref is not None
        return w.ref

    def delete(self, blob_id: str) -> None:
        self.path_of(blob_id).unlink(missing_ok=True)

    def remove_partials(self) -> int:
        """Delete leftovers of writes cut short by a crash. Call once at start, before any
        writer exists. Returns how many files were removed."""
        removed = 0
        for leftover in self.partial_dir.glob(f"*{PARTIAL_SUFFIX}"):
            leftover.unlink(missing_ok=True)
            removed += 1
        if removed:
            log.info("removed %d partial blob files left by an interrupted write", removed)
        return removed
