"""The spoke side of the re-encryption kill test, as its own process: open the database and
blob store as the app does (partials removed, the hub key known), pass every listed blob
through the upload gate (``blob_records.ready_for_upload``), print a line per blob. The
parent SIGKILLs it at random moments.

    python -m tests.sync_support.reencrypt_child ROOT
"""

from __future__ import annotations

import sys
from pathlib import Path

from pyrage import x25519

from desktop.storage import blob_records
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter


def main(root: Path) -> None:
    db = Database(root / "clinic.db", (root / "db.key").read_bytes())
    writer = DbWriter(db)
    own = x25519.Identity.from_str((root / "own.key").read_text().strip())
    hub = x25519.Recipient.from_str((root / "hub.pub").read_text().strip())
    store = BlobStore(root / "blobs", own, [hub])
    store.remove_partials()  # as the app does at start
    print("start", flush=True)
    for blob_id in (root / "ids").read_text().split():
        blob_records.ready_for_upload(store, writer, blob_id)
        print("ok", blob_id, flush=True)
    writer.close()
    db.dispose()
    print("all", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
