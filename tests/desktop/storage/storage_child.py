"""Child processes for the kill tests, forked from a zygote that has already imported
everything, so each of the hundreds of SIGKILLed children costs milliseconds, not seconds.

    python storage_child.py zygote      then commands on stdin, one per line:
      writer <db> <keyhex> <blobs-dir> <run>   write rows (and blobs) until killed
      migrate <db> <keyhex> <kill-at>          upgrade to head; SIGKILL self at statement N
Every line the zygote or a child prints is one short os.write (atomic on a pipe).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from pyrage import x25519
from sqlalchemy import event

from desktop.storage import migrate
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.writer import DbWriter


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def writer(db_path: str, key_hex: str, blobs_dir: str, run: str) -> None:
    db = Database(Path(db_path), bytes.fromhex(key_hex))
    store = BlobStore(Path(blobs_dir), x25519.Identity.generate())
    w = DbWriter(db)
    n = 0
    while True:
        n += 1
        entity = f"{run}-{n}"
        if n % 4 == 0:
            with store.create("recording-segment") as blob:
                for _ in range(8):
                    blob.write(os.urandom(16_384))
            ref = blob.ref
            assert ref is not None

            def add_blob(s: Any, ref: Any = ref, entity: str = entity) -> None:
                s.add(
                    BlobRecord(
                        blob_id=ref.blob_id,
                        kind=ref.kind,
                        sha256=ref.sha256,
                        size=ref.size,
                        owner_id=entity,
                        recipients=[],
                    )
                )

            w.run(add_blob)
            say(f"blob {entity} {ref.blob_id} {ref.sha256}")
        w.run(
            lambda s, e=entity: s.add(
                OutboxEntry(entity_type="test", entity_id=e, operation="create", payload={"n": e})
            )
        )
        say(f"ack {entity}")


def migrate_child(db_path: str, key_hex: str, kill_at: str) -> None:
    db = Database(Path(db_path), bytes.fromhex(key_hex))
    count = 0
    limit = int(kill_at)

    @event.listens_for(db.write_engine, "before_cursor_execute")
    def _maybe_die(*_: Any) -> None:
        nonlocal count
        count += 1
        if count == limit:
            os.kill(os.getpid(), signal.SIGKILL)

    migrate.upgrade(db)
    say(f"migrated {count}")


def zygote() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    say("ready")
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                {"writer": writer, "migrate": migrate_child}[parts[0]](*parts[1:])
            except BaseException as exc:
                say(f"error {type(exc).__name__}: {exc}".replace("\n", " ")[:400])
            finally:
                os._exit(0)
        say(f"pid {pid}")


if __name__ == "__main__":
    zygote()
