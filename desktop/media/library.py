"""Which finished recordings belong to a consult: those whose journal names it, and those
whose segments the database filed under it (queued for upload while they were recorded).
Segment checksums come from the database when it has them: a segment re-encrypted to the
hub's key before upload has a new checksum, and the journal keeps only the first one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop.media import journal
from desktop.media.journal import RecordingManifest
from desktop.storage import blob_records
from desktop.storage.db import DbSession

SEGMENT_KIND = blob_records.SEGMENT_KIND


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


def with_current_checksums(session: DbSession, manifest: RecordingManifest) -> RecordingManifest:
    """The manifest with each segment's checksum as the database records it now."""
    current = blob_records.checksums_of(session, [s.blob_id for s in manifest.segments])
    segments = [
        dataclasses.replace(s, sha256=current.get(s.blob_id, s.sha256)) for s in manifest.segments
    ]
    return dataclasses.replace(manifest, segments=segments)


def consult_recordings(session: DbSession, consult_id: str) -> list[RecordingManifest]:
    """Both of the above in one call (a read session on a pool thread)."""
    found = recordings_of(consult_id, blob_records.segment_ids_of(session, consult_id))
    return [with_current_checksums(session, m) for m in found]
