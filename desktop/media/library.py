"""Which finished recordings belong to a consult: those whose journal names it, and those
whose segments the database filed under it (queued for upload while they were recorded).
Segment checksums come from the database when it has them: a segment re-encrypted to the
hub's key before upload has a new checksum, and the journal keeps only the first one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.media import journal
from desktop.media.journal import RecordingManifest
from desktop.storage.models.blobs import BlobRecord

SEGMENT_KIND = "recording-segment"


def segment_blobs_of(session: Session, consult_id: str) -> set[str]:
    """Blob ids of the recording segments filed under this consult."""
    rows = session.scalars(
        select(BlobRecord.blob_id).where(
            BlobRecord.owner_type == "consult",
            BlobRecord.owner_id == consult_id,
            BlobRecord.kind == SEGMENT_KIND,
        )
    )
    return set(rows)


def recordings_of(
    consult_id: str, segment_blobs: set[str], folder: Path | None = None
) -> list[RecordingManifest]:
    """The consult's finished (or recovered) recordings with at least one segment, oldest
    first. A recording still being written is left out until it ends."""
    found = []
    for manifest in journal.list_recordings(folder or journal.recordings_dir()):
        if not manifest.finished or not manifest.segments:
            continue
        if manifest.consult_id == consult_id or any(
            s.blob_id in segment_blobs for s in manifest.segments
        ):
            found.append(manifest)
    found.sort(key=lambda m: m.started_at)
    return found


def with_current_checksums(session: Session, manifest: RecordingManifest) -> RecordingManifest:
    """The manifest with each segment's checksum as the database records it now."""
    ids = [s.blob_id for s in manifest.segments]
    query = select(BlobRecord.blob_id, BlobRecord.sha256).where(BlobRecord.blob_id.in_(ids))
    current = {blob_id: sha256 for blob_id, sha256 in session.execute(query)}
    segments = [
        dataclasses.replace(s, sha256=current.get(s.blob_id, s.sha256)) for s in manifest.segments
    ]
    return dataclasses.replace(manifest, segments=segments)


def consult_recordings(session: Session, consult_id: str) -> list[RecordingManifest]:
    """Both of the above in one call (a read session on a pool thread)."""
    found = recordings_of(consult_id, segment_blobs_of(session, consult_id))
    return [with_current_checksums(session, m) for m in found]
