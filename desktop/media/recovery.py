"""Start-up recovery of recordings: finalize the journals a crash or kill cut off, and file
every journaled segment the database does not know yet under its consult, queued for upload.

A segment is journaled (durable) before its database and outbox rows are written: a kill
between the two leaves a segment that only the journal knows. Recovery reconciles the two,
in one writer transaction, idempotently (a segment with a row is left alone).

Partial (encrypted) segment files are not touched here: ``Storage`` removed them when the
profile opened, and recovery runs later, in the background, while other work may be
writing a partial file at that moment (a sync pull, an attachment, a recording).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop import logs
from desktop.media import journal
from desktop.media.journal import RecordingManifest, SegmentInfo
from desktop.media.library import SEGMENT_KIND
from desktop.storage import consult_repo
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.writer import DbWriter

log = logs.get("media")


@dataclass(frozen=True)
class Recovery:
    """What start-up recovery did.

    ``finalized``: the journals closed now (a kill cut them off); ``kept``: those of them
    with at least one segment on disk (what the operator is told was recovered);
    ``queued``: journaled segments that had no database row, filed and queued now."""

    finalized: list[RecordingManifest] = field(default_factory=list)
    kept: list[RecordingManifest] = field(default_factory=list)
    queued: int = 0


def recover_interrupted_recordings(
    store: BlobStore,
    writer: DbWriter | None = None,
    actor: Actor | None = None,
    folder: Path | None = None,
) -> Recovery:
    """Finalize orphan journals, then (with ``writer`` and ``actor``) queue the segments
    the database never heard of. Call off the main thread.

    Safe to run while recording: a recording this process is writing is never an orphan,
    and its segments are the recording's own hook to file."""
    folder = folder or journal.recordings_dir()
    finalized = journal.recover_orphans(folder)
    kept = []
    for manifest in finalized:
        present = [s for s in manifest.segments if store.path_of(s.blob_id).exists()]
        if len(present) < len(manifest.segments):  # never expected: journaled after rename
            log.error(
                "recovered recording lists %d missing segments",
                len(manifest.segments) - len(present),
            )
        if present:
            kept.append(manifest)
    queued = 0
    if writer is not None and actor is not None:
        queued = queue_unfiled_segments(store, writer, actor, folder)
    return Recovery(finalized, kept, queued)


def queue_unfiled_segments(
    store: BlobStore, writer: DbWriter, actor: Actor, folder: Path | None = None
) -> int:
    """File each journaled segment of a consult's recording that has no database row (and
    is on disk) under that consult, with its upload row, in one writer transaction.
    Returns how many were queued; a second call queues none."""
    candidates: list[tuple[str, BlobRef]] = []
    for manifest in journal.list_recordings(folder or journal.recordings_dir()):
        if manifest.consult_id is None or journal.is_live(manifest.recording_id):
            continue
        for seg in manifest.segments:
            if store.path_of(seg.blob_id).exists():
                candidates.append((manifest.consult_id, _ref(seg)))
    if not candidates:
        return 0
    queued = writer.run(lambda s: consult_repo.file_recording_segments(s, candidates, actor))
    if queued:
        log.info("%d recording segments had no database row; queued for upload now", queued)
    return queued


def _ref(seg: SegmentInfo) -> BlobRef:
    # Who the blob is encrypted to is not journaled: left empty, the uploader re-encrypts
    # it to this installation and the hub before sending (blob_records).
    return BlobRef(seg.blob_id, seg.sha256, seg.size, SEGMENT_KIND)
