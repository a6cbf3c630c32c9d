"""Media of a consult: attachments and snapshots into the encrypted blob store, the consult's
recordings, recordings a crash cut off, and the audit hook of playback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.changes import Change, Kind
from desktop.media import library
from desktop.media.audit_hook import storage_audit
from desktop.media.journal import RecordingManifest
from desktop.media.playback import AuditHook
from desktop.media.recovery import Recovery, recover_interrupted_recordings
from desktop.services.clinic import Clinic
from desktop.storage import consult_repo
from desktop.storage.blobs import BlobRef, BlobStore

__all__ = ["BlobRef", "BlobStore", "MediaService", "Recovery", "RecordingManifest", "StoredFile"]


@dataclass(frozen=True)
class StoredFile:
    """An encrypted file in the blob store, its thumbnail (images) and the thumbnail's PNG
    bytes for display."""

    ref: BlobRef
    thumb: BlobRef | None
    thumb_png: bytes | None


class MediaService:
    """Blocking methods: call them from an ``Operation`` (never the UI thread)."""

    def __init__(self, clinic: Clinic) -> None:
        self._clinic = clinic

    @property
    def blobs(self) -> BlobStore:
        return self._clinic.blobs

    def store_file(self, path: Path, media_type: str) -> StoredFile:
        """Encrypt an attachment (and its thumbnail) into the blob store."""
        store = self._clinic.blobs
        ref, thumb = consult_repo.store_attachment_blobs(store, path.read_bytes(), media_type)
        return StoredFile(ref, thumb, store.read_all(thumb.blob_id) if thumb else None)

    def stored(self, ref: BlobRef, thumb: BlobRef | None) -> StoredFile:
        """Blobs already in the store (a camera snapshot), with the thumbnail's bytes."""
        store = self._clinic.blobs
        return StoredFile(ref, thumb, store.read_all(thumb.blob_id) if thumb else None)

    def consult_recordings(self, consult_id: str) -> list[RecordingManifest]:
        return self._clinic.read(lambda s: library.consult_recordings(s, consult_id))

    def recover_interrupted(self) -> Recovery:
        """Finalize recordings a crash cut off and queue their segments."""
        c = self._clinic
        result = recover_interrupted_recordings(c.blobs, c.writer, c.actor)
        if result.queued:
            c.bus.announce(Change(Kind.OUTBOX, (), "recovered"))
        return result

    def playback_audit(self, patient_id: str | None) -> AuditHook:
        return storage_audit(self._clinic.writer, self._clinic.actor, patient_id)
