"""Kill safety: a writer SIGKILLed at random moments (200 times) loses no acknowledged write
and never corrupts the database or leaves a half blob; a migration killed at any statement
leaves the schema at N-1 or N, never between."""

from __future__ import annotations

import hashlib
import os
import queue
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyrage import x25519
from sqlalchemy import select, text

from desktop.storage import migrate
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.outbox import OutboxEntry

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
KILLS = 200


class Zygote:
    """Drives storage_child.py: forks children on request and collects their lines."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "storage_child.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._pump_thread = threading.Thread(target=self._pump, daemon=True)
        self._pump_thread.start()
        assert self.expect("ready", 60) == "ready"

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, prefix: str, timeout: float = 20) -> str:
        """Next line starting with ``prefix``; every line read is kept in ``self.seen``."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            self.seen.append(line)
            if line.startswith("error"):
                raise AssertionError(line)
            if line.startswith(prefix):
                return line

    def spawn(self, *args: str) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(" ".join(args) + "\n")
        self.proc.stdin.flush()
        return int(self.expect("pid ").split()[1])

    def drain(self) -> list[str]:
        time.sleep(0.05)
        while True:
            try:
                self.seen.append(self.lines.get_nowait())
            except queue.Empty:
                return self.seen

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(20)
        self._pump_thread.join(5)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def zygote() -> Iterator[Zygote]:
    z = Zygote()
    yield z
    z.close()


def _kill_and_wait(pid: int) -> None:
    os.kill(pid, 9)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.001)
    raise AssertionError(f"child {pid} did not die")


def test_sigkilled_writer_loses_no_acknowledged_write(tmp_path: Path, zygote: Zygote) -> None:
    key = os.urandom(32)
    db_path, blobs = tmp_path / "clinic.db", tmp_path / "blobs"
    db = Database(db_path, key)
    migrate.upgrade(db)
    db.dispose()
    rng = random.Random(20261125)
    for run in range(KILLS):
        pid = zygote.spawn("writer", str(db_path), key.hex(), str(blobs), f"r{run}")
        if run % 2:
            # Anywhere from the first instruction on: kills land while opening, too.
            time.sleep(rng.uniform(0.0, 0.15))
        else:
            # Surely mid-stream: after its first acknowledged write, mid-row, mid-blob,
            # mid-commit (a child opens the database in ~0.1 s, slower on a busy machine).
            zygote.expect(f"ack r{run}-", timeout=30)
            time.sleep(rng.uniform(0.0, 0.05))
        _kill_and_wait(pid)
    lines = [line for line in zygote.drain() if not line.startswith("pid")]
    errors = [line for line in lines if line.startswith("error")]
    assert errors == []
    acked = {line.split()[1] for line in lines if line.startswith("ack ")}
    blob_acks = [line.split()[1:] for line in lines if line.startswith("blob ")]
    runs_with_acks = {a.split("-")[0] for a in acked}
    assert len(runs_with_acks) >= KILLS // 2  # at least half the kills landed mid-stream

    db = Database(db_path, key)
    assert db.integrity_check() == "ok"
    with db.read_session() as s:
        stored = set(s.scalars(select(OutboxEntry.entity_id)))
        blob_rows = {b.blob_id: b.sha256 for b in s.scalars(select(BlobRecord))}
    assert acked - stored == set(), f"{len(acked - stored)} acknowledged writes lost"
    for _, blob_id, sha in blob_acks:
        assert blob_rows[blob_id] == sha
    # No half blob is ever visible: every finished file is whole and matches its record.
    for path in blobs.glob("*/*.age"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if path.stem in blob_rows:
            assert digest == blob_rows[path.stem]
    partials = BlobStore(blobs, x25519.Identity.generate()).remove_partials()
    assert list((blobs / "tmp").iterdir()) == []
    print(
        f"kills={KILLS} acked={len(acked)} runs-with-acks={len(runs_with_acks)} "
        f"blobs={len(blob_acks)} partials_cleaned={partials}"
    )
    db.dispose()


def _schema(db: Database) -> set[tuple[str, str]]:
    with db.read_session() as s:
        rows = s.execute(
            text("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        )
        return {(r[0], r[1]) for r in rows}


def test_migration_killed_at_any_statement_leaves_old_or_new_schema(
    tmp_path: Path, zygote: Zygote
) -> None:
    key = os.urandom(32)
    base = tmp_path / "base.db"
    first = migrate.revisions()[0]
    db = Database(base, key)
    migrate.upgrade(db, first)
    db.checkpoint()
    old_schema = _schema(db)
    db.dispose()
    full = tmp_path / "full.db"
    full.write_bytes(base.read_bytes())
    db = Database(full, key)
    migrate.upgrade(db)
    new_schema = _schema(db)
    db.dispose()

    # How many statements does the upgrade issue?
    probe = tmp_path / "probe.db"
    probe.write_bytes(base.read_bytes())
    zygote.spawn("migrate", str(probe), key.hex(), "0")
    total = int(zygote.expect("migrated").split()[1])
    assert total > 5
    points = sorted(
        {1, 2, total // 3, total // 2, total - 2, total - 1, total}
        | {random.Random(7).randint(1, total) for _ in range(4)}
    )
    outcomes = []
    for kill_at in points:
        target = tmp_path / f"kill{kill_at}.db"
        target.write_bytes(base.read_bytes())
        pid = zygote.spawn("migrate", str(target), key.hex(), str(kill_at))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
                time.sleep(0.01)
            except ProcessLookupError:
                break
        db = Database(target, key)
        revision = migrate.current_revision(db)
        schema = _schema(db)
        assert db.integrity_check() == "ok"
        if revision == first:
            assert schema == old_schema, f"killed at {kill_at}: revision N-1 with a mixed schema"
        else:
            assert revision == migrate.head() and schema == new_schema
        outcomes.append(revision)
        # And the next start finishes the job.
        migrate.upgrade(db)
        assert _schema(db) == new_schema
        db.dispose()
    assert first in outcomes
