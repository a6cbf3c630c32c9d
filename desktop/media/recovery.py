"""What the app calls once at start: finalize recordings cut off by a crash or kill.

Their partial (encrypted) segment files are not touched here: ``Storage`` removed them
when the profile opened, before any writer existed. Doing it again later could delete a
blob another thread is writing at that moment (a sync pull, an attachment, a recording).
"""

from __future__ import annotations

from desktop import logs
from desktop.media import journal
from desktop.media.journal import RecordingManifest
from desktop.storage.blobs import BlobStore

log = logs.get("media")


def recover_interrupted_recordings(store: BlobStore) -> list[RecordingManifest]:
    """Returns the recordings finalized now, each with every segment that was committed.

    Safe to run while recording: a recording this process is writing is never an orphan."""
    recovered = journal.recover_orphans(journal.recordings_dir())
    for manifest in recovered:
        missing = [s.index for s in manifest.segments if not store.path_of(s.blob_id).exists()]
        if missing:  # never expected: a segment is journaled only after its rename
            log.error("recovered recording lists %d missing segments", len(missing))
    return recovered
