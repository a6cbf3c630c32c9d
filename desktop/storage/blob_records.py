"""The database side of blobs: recording a ``BlobRef``, and making a blob ready to upload
(checksum verified, re-encrypted to the hub's key if it was written before the key was known).
A damaged blob is flagged and never handed to the uploader."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop import logs
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.errors import BlobDamagedError, BlobMissingError
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.writer import DbWriter

log = logs.get("storage")


def record(
    session: Session, ref: BlobRef, owner_type: str | None = None, owner_id: str | None = None
) -> BlobRecord:
    """Add the row for a freshly written blob (inside the writer transaction of its owner)."""
    row = BlobRecord(
        blob_id=ref.blob_id,
        kind=ref.kind,
        sha256=ref.sha256,
        size=ref.size,
        plaintext_size=ref.plaintext_size,
        recipients=list(ref.recipients),
        owner_type=owner_type,
        owner_id=owner_id,
    )
    session.add(row)
    return row


def _ref(row: BlobRecord) -> BlobRef:
    return BlobRef(
        row.blob_id, row.sha256, row.size, row.kind, row.plaintext_size, tuple(row.recipients)
    )


def ready_for_upload(store: BlobStore, writer: DbWriter, blob_id: str) -> BlobRef:
    """The ref to upload (its file is the ciphertext to send as is). Raises
    ``BlobDamagedError``/``BlobMissingError`` (and flags the row) instead of returning a
    blob that does not match its recorded checksum. Call off the main thread."""
    row = writer.run(lambda s: s.get(BlobRecord, blob_id))
    if row is None:
        raise BlobMissingError("no record for this blob")
    if row.damaged:
        raise BlobDamagedError("flagged earlier")
    ref = _ref(row)
    try:
        store.verify(blob_id, ref.sha256)
    except (BlobDamagedError, BlobMissingError):
        writer.run(lambda s: _flag_damaged(s, blob_id))
        log.error("blob %s failed its checksum; it will not be uploaded", blob_id[:8])
        raise
    wanted = {str(r) for r in store.recipients}
    if wanted <= set(ref.recipients):
        return ref
    new = store.reencrypt(ref)

    def update(s: Session) -> None:
        current = s.get(BlobRecord, blob_id)
        assert current is not None
        current.sha256, current.size = new.sha256, new.size
        current.recipients = list(new.recipients)

    writer.run(update)
    return new


def _flag_damaged(session: Session, blob_id: str) -> None:
    row = session.get(BlobRecord, blob_id)
    if row is not None:
        row.damaged = True
