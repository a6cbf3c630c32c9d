"""What the app calls once at start, before any recording begins: finalize recordings cut
off by a crash or kill, and drop the partial (encrypted) segment files they left."""

from __future__ import annotations

from desktop import logs
from desktop.media import journal
from desktop.media.journal import RecordingManifest
from desktop.storage.blobs import BlobStore

log = logs.get("media")


def recover_interrupted_recordings(store: BlobStore) -> list[RecordingManifest]:
    """Returns the recordings finalized now, each with every segment that was committed."""
    recovered = journal.recover_orphans(journal.recordings_dir())
    store.remove_partials()
    for manifest in recovered:
        missing = [s.index for s in manifest.segments if not store.path_of(s.blob_id).exists()]
        if missing:  # never expected: a segment is journaled only after its rename
            log.error("recovered recording lists %d missing segments", len(missing))
    return recovered
