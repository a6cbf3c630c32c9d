"""The spoke side of the re-encryption kill test, as its own process: open the database and
blob store as the app does (partials removed, the hub key known), pass every listed blob
through the upload gate (``blob_records.ready_for_upload``), print a line per blob.

With ``KILL_AT`` (``POINT:N``) the child SIGKILLs itself the N-th time it reaches POINT, one
of ``POINTS``: the parent chooses where the kill lands instead of hoping a timer hits it.

    python -m tests.sync_support.reencrypt_child ROOT [KILL_AT]
"""

from __future__ import annotations

import os
import signal
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyrage import x25519

from desktop.storage import blob_records
from desktop.storage.blob_io import BlobWriter
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter

# Every step of ``ready_for_upload`` where a kill leaves a different state on disk.
POINTS = (
    "settle",  # before looking for a staged copy a kill left (finish or drop it)
    "chunk",  # while writing the staged copy (a partial file under blobs/tmp)
    "staged",  # the staged copy complete, nothing committed
    "uncommitted",  # inside the transaction: every reference changed, not yet committed
    "committed",  # committed, the staged copy not yet moved over the blob
    "replaced",  # moved into place, its folder not yet fsynced
    "blob_done",  # one blob finished
)


def _kill_at(spec: str) -> Callable[[str], None]:
    point, _, count = spec.partition(":")
    assert point in POINTS, point
    target = int(count or 1)
    seen: Counter[str] = Counter()

    def checkpoint(name: str) -> None:
        seen[name] += 1
        if name == point and seen[name] == target:
            os.kill(os.getpid(), signal.SIGKILL)  # the writer thread too, mid-transaction

    return checkpoint


def _before(checkpoint: Callable[[str], None], name: str, fn: Any) -> Any:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        checkpoint(name)
        return fn(*args, **kwargs)

    return wrapped


def _after(checkpoint: Callable[[str], None], name: str, fn: Any) -> Any:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        checkpoint(name)
        return result

    return wrapped


def install(checkpoint: Callable[[str], None]) -> None:
    """Wrap the steps of the upload gate (this process only)."""
    blob_records._settle_staged = _before(checkpoint, "settle", blob_records._settle_staged)  # type: ignore[attr-defined]
    BlobWriter.write = _before(checkpoint, "chunk", BlobWriter.write)  # type: ignore[method-assign]
    BlobWriter.close = _after(checkpoint, "staged", BlobWriter.close)  # type: ignore[method-assign]
    blob_records._point_to = _after(checkpoint, "uncommitted", blob_records._point_to)  # type: ignore[attr-defined]
    blob_records._move_into_place = _before(  # type: ignore[attr-defined]
        checkpoint, "committed", blob_records._move_into_place
    )
    blob_records._fsync_dir = _before(checkpoint, "replaced", blob_records._fsync_dir)  # type: ignore[attr-defined]


def main(root: Path, kill_at: str = "") -> None:
    checkpoint = _kill_at(kill_at) if kill_at else (lambda name: None)
    install(checkpoint)
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
        checkpoint("blob_done")
    writer.close()
    db.dispose()
    print("all", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), *sys.argv[2:3])
