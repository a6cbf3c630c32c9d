"""The database side of blobs: recording a ``BlobRef``, and making a blob ready to upload
(checksum verified, re-encrypted to the hub's key if it was written before the key was known,
kill-safe). A damaged blob is flagged and never handed to the uploader."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import logs
from desktop.storage.blob_io import _fsync_dir
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.errors import BlobDamagedError, BlobMissingError
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.clinical import AttachmentRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.writer import DbWriter

log = logs.get("storage")

SEGMENT_KIND = "recording-segment"


def segment_ids_of(session: Session, consult_id: str) -> set[str]:
    """Blob ids of the recording segments filed under this consult."""
    rows = session.scalars(
        select(BlobRecord.blob_id).where(
            BlobRecord.owner_type == "consult",
            BlobRecord.owner_id == consult_id,
            BlobRecord.kind == SEGMENT_KIND,
        )
    )
    return set(rows)


def checksums_of(session: Session, blob_ids: list[str]) -> dict[str, str]:
    """The checksum the database records now for each of these blobs it knows."""
    query = select(BlobRecord.blob_id, BlobRecord.sha256).where(BlobRecord.blob_id.in_(blob_ids))
    return {blob_id: sha256 for blob_id, sha256 in session.execute(query)}


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


def staged_id(blob_id: str) -> str:
    """The file name a re-encrypted copy is written under before it replaces the blob
    (derived from the id, so a restart after a kill finds it)."""
    return hashlib.sha256(f"reencrypt:{blob_id}".encode()).hexdigest()[:32]


def ready_for_upload(store: BlobStore, writer: DbWriter, blob_id: str) -> BlobRef:
    """The ref to upload (its file is the ciphertext to send as is). Raises
    ``BlobDamagedError``/``BlobMissingError`` (and flags the row) instead of returning a
    blob that does not match its recorded checksum. Call off the main thread.

    Re-encryption is kill-safe: the new ciphertext is written under ``staged_id``, then one
    transaction points every reference (blob row, attachment, unsent outbox rows) at its
    checksum, then it replaces the old file. A kill before the commit leaves the old blob
    and rows (the staged copy is dropped on the next call); a kill after it leaves the
    staged copy, which the next call moves into place."""
    row = writer.run(lambda s: s.get(BlobRecord, blob_id))
    if row is None:
        raise BlobMissingError("no record for this blob")
    if row.damaged:
        raise BlobDamagedError("flagged earlier")
    ref = _ref(row)
    _settle_staged(store, ref)
    try:
        store.verify(blob_id, ref.sha256)
    except (BlobDamagedError, BlobMissingError):
        writer.run(lambda s: _flag_damaged(s, blob_id))
        log.error("blob %s failed its checksum; it will not be uploaded", blob_id[:8])
        raise
    wanted = {str(r) for r in store.recipients}
    if wanted <= set(ref.recipients):
        return ref
    tmp_id = staged_id(blob_id)
    with store.open(blob_id, ref.sha256) as reader, store.create(ref.kind, tmp_id) as w:
        for piece in reader.chunks():
            w.write(piece)
    assert w.ref is not None
    new = BlobRef(blob_id, w.ref.sha256, w.ref.size, ref.kind, ref.plaintext_size, w.ref.recipients)
    writer.run(lambda s: _point_to(s, ref, new))
    _move_into_place(store, blob_id)
    log.info("blob %s re-encrypted to the hub's key before upload", blob_id[:8])
    return new


def _settle_staged(store: BlobStore, ref: BlobRef) -> None:
    """Finish (or drop) a re-encryption a kill interrupted."""
    tmp_id = staged_id(ref.blob_id)
    if not store.path_of(tmp_id).exists():
        return
    try:
        store.verify(tmp_id, ref.sha256)
    except (BlobDamagedError, BlobMissingError):
        store.delete(tmp_id)  # killed before the commit: the rows still name the old file
        return
    _move_into_place(store, ref.blob_id)  # killed after the commit


def _move_into_place(store: BlobStore, blob_id: str) -> None:
    final = store.path_of(blob_id)
    os.replace(store.path_of(staged_id(blob_id)), final)
    _fsync_dir(final.parent)


def _point_to(s: Session, old: BlobRef, new: BlobRef) -> None:
    """Every reference to the blob's checksum, in one transaction."""
    current = s.get(BlobRecord, old.blob_id)
    assert current is not None
    current.sha256, current.size = new.sha256, new.size
    current.recipients = list(new.recipients)
    for att in s.scalars(select(AttachmentRecord).where(AttachmentRecord.blob_id == old.blob_id)):
        att.sha256 = new.sha256
    for entry in s.scalars(select(OutboxEntry).where(OutboxEntry.state != "done")):
        payload = entry.payload or {}
        if entry.entity_type == "blob" and (
            str(payload.get("blob_id") or entry.entity_id) == old.blob_id
        ):
            changed = dict(payload, sha256=new.sha256, size=new.size)
            meta = dict(changed.get("_sync") or {})
            meta.pop("upload_path", None)  # an upload of the old bytes is another file
            changed["_sync"] = meta
            entry.payload = changed
        elif entry.entity_type == "consult" and old.sha256 in str(payload):
            entry.payload = _replace_text(payload, old.sha256, new.sha256)


def _replace_text(value: Any, old: str, new: str) -> Any:
    """A copy of a JSON value with the string ``old`` replaced (e.g. a DocumentReference's
    checksum identifier in an unsent consult bundle)."""
    if isinstance(value, dict):
        return {k: _replace_text(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_text(v, old, new) for v in value]
    return new if value == old else value


def _flag_damaged(session: Session, blob_id: str) -> None:
    row = session.get(BlobRecord, blob_id)
    if row is not None:
        row.damaged = True
