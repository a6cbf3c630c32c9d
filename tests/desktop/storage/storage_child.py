"""Child processes for the kill tests, forked from a zygote that has already imported
everything, so each of the hundreds of SIGKILLed children costs milliseconds, not seconds.

    python storage_child.py zygote      then commands on stdin, one per line:
      writer <db> <keyhex> <blobs-dir> <run> <point> <n>
                                               write rows (and blobs); SIGKILL self at
                                               ``point`` of entity n (see WRITER_POINTS)
      migrate <db> <keyhex> <kill-at>          upgrade to head; SIGKILL self at statement N
      sync                                     answers "synced": every line printed
                                               before it (by dead children too) is read
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


# Where a writer child dies, for its entity n (entity n carries a blob when n % 4 == 0).
WRITER_POINTS = (
    "open",  # database open, nothing written yet (n is ignored)
    "insert",  # the outbox row of n is executed inside the open transaction
    "commit",  # just before the commit of n's row
    "committed",  # n's row committed, its "ack" line not printed
    "acked",  # just after n's "ack" line
    "blob-chunk",  # half of n's blob handed to the encryptor
    "blob-closed",  # n's blob durable and renamed, no database row yet
    "blob-row",  # n's blob row committed, its "blob" line not printed
    "committing",  # not a death: says "committing <entity>" before each row commit and
    # goes on, so the test's kill lands inside or just after SQLite's commit
)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def writer(db_path: str, key_hex: str, blobs_dir: str, run: str, point: str, at: str) -> None:
    if point not in WRITER_POINTS:
        raise ValueError(point)
    target = int(at)
    db = Database(Path(db_path), bytes.fromhex(key_hex))
    store = BlobStore(Path(blobs_dir), x25519.Identity.generate())
    w = DbWriter(db)
    if point == "open":
        die()
    n = 0
    writing_row = False  # the outbox row of entity n, not its blob row

    @event.listens_for(db.write_engine, "after_cursor_execute")
    def _inserted(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if point == "insert" and n == target and statement.startswith("INSERT INTO outbox"):
            die()

    @event.listens_for(db.write_engine, "commit")
    def _committing(_conn: Any) -> None:
        if writing_row and point == "commit" and n == target:
            die()
        if writing_row and point == "committing":
            say(f"committing {run}-{n}")

    while True:
        n += 1
        entity = f"{run}-{n}"
        here = n == target
        if n % 4 == 0:
            with store.create("recording-segment") as blob:
                for chunk in range(8):
                    blob.write(os.urandom(16_384))
                    if here and point == "blob-chunk" and chunk == 3:
                        die()
            ref = blob.ref
            assert ref is not None
            if here and point == "blob-closed":
                die()

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
            if here and point == "blob-row":
                die()
            say(f"blob {entity} {ref.blob_id} {ref.sha256}")
        writing_row = True
        w.run(
            lambda s, e=entity: s.add(
                OutboxEntry(entity_type="test", entity_id=e, operation="create", payload={"n": e})
            )
        )
        writing_row = False
        if here and point == "committed":
            die()
        say(f"ack {entity}")
        if here and point == "acked":
            die()


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
        if parts == ["sync"]:
            say("synced")
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
