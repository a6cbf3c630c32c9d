"""The spoke side of the kill test, as its own process: open the spoke database (already
migrated by the parent), run the sync engine until the outbox is empty, print progress
lines, exit 0. The parent SIGKILLs it at chosen moments. With ``own.key`` (an age identity)
in SPOKE_ROOT, uploads pass the app's blob gate with that store (re-encryption to the hub).

    python -m tests.sync_support.upload_child SPOKE_ROOT HUB_URL KEYRING_SERVICE MAX_CHUNK
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from pyrage import x25519
from sqlalchemy import func, select

from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.writer import DbWriter
from desktop.sync.engine import SyncEngine
from desktop.sync.events import ItemProgress, SyncEvent
from desktop.sync.tokens import TokenStore
from desktop.sync.worker import WorkerConfig

FAST = WorkerConfig(
    backoff_base=0.02,
    backoff_cap=0.3,
    probe_interval=0.05,
    pull_interval=3600.0,
    progress_interval=0,
)


def main() -> int:
    root, hub_url, service, max_chunk = (
        Path(sys.argv[1]),
        sys.argv[2],
        sys.argv[3],
        int(sys.argv[4]),
    )
    db = Database(root / "clinic.db", (root / "db.key").read_bytes())
    writer = DbWriter(db)

    def listener(event: SyncEvent) -> None:
        if isinstance(event, ItemProgress):
            print(f"PROGRESS {event.done} {event.total}", flush=True)

    blobs = None
    if (root / "own.key").exists():
        own = x25519.Identity.from_str((root / "own.key").read_text().strip())
        blobs = BlobStore(root / "blobs", own)
    engine = SyncEngine(
        db,
        writer,
        listener,
        blobs=blobs,
        tokens=TokenStore(service),
        blob_root=root / "blobs",
        state_file=root / "sync-state.json",
        config=replace(FAST, max_chunk=max_chunk),
        hub_url=hub_url,
    )
    engine.start()

    def unsent() -> int:
        with db.read_session() as s:
            query = select(func.count()).select_from(OutboxEntry)
            return int(s.scalar(query.where(OutboxEntry.state != "done")) or 0)

    while unsent():
        time.sleep(0.02)
    print("DONE", flush=True)
    engine.stop()
    writer.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
