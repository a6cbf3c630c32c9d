"""SQLCipher overhead: the app's schema and pragmas (``desktop.storage.db.PRAGMAS``: WAL,
synchronous=FULL, busy_timeout, cache_size...) on SQLCipher with a raw key against plain
SQLite with the same pragmas; inserts in 100-row transactions, then indexed lookups and a
scan. Usage: bench/storage_sqlcipher_overhead.py [--rows 20000]"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session

from desktop.storage import migrate
from desktop.storage.db import PRAGMAS, Database
from desktop.storage.models import Base
from desktop.storage.models.outbox import OutboxEntry


def plain_engine(path: Path) -> Engine:
    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        # Exactly the app's pragmas (WAL, synchronous, foreign keys, temp store, busy
        # timeout, 32 MB page cache): the only difference left is the encryption.
        for pragma in PRAGMAS:
            conn.execute(pragma).fetchall()
        return conn

    engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    Base.metadata.create_all(engine)
    return engine


def workload(engine: Engine, rows: int, seed: int) -> tuple[float, float]:
    rng = random.Random(seed)
    payload = {"resourceType": "Patient", "name": [{"text": "Synthetic Person"}], "n": 0}
    start = time.perf_counter()
    for batch in range(0, rows, 100):
        with Session(engine) as s, s.begin():
            for n in range(batch, min(rows, batch + 100)):
                s.add(
                    OutboxEntry(
                        entity_type="patient",
                        entity_id=f"p{n:08d}",
                        operation="create",
                        payload={**payload, "n": n},
                    )
                )
    inserted = time.perf_counter() - start
    start = time.perf_counter()
    with Session(engine) as s:
        for _ in range(2000):
            key = f"p{rng.randrange(rows):08d}"
            assert s.scalar(select(OutboxEntry.id).where(OutboxEntry.entity_id == key))
        for _ in range(20):
            s.scalar(select(func.count()).where(OutboxEntry.state == "pending"))
            s.scalar(select(func.sum(func.length(OutboxEntry.payload))))
    queried = time.perf_counter() - start
    return inserted, queried


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sqlcipher-bench-"))
    try:
        db = Database(work / "cipher.db", os.urandom(32))
        migrate.upgrade(db)
        ours = workload(db.write_engine, args.rows, 1)
        db.dispose()
        plain = plain_engine(work / "plain.db")
        ref = workload(plain, args.rows, 1)
        plain.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for label, (ins, qry) in (("sqlcipher", ours), ("sqlite", ref)):
        print(
            f"{label:>9}: insert {args.rows} rows {ins:6.2f} s ({args.rows / ins:7.0f}/s)"
            f"   query {qry * 1000:7.1f} ms"
        )
    print(f"overhead: insert x{ours[0] / ref[0]:.2f}, query x{ours[1] / ref[1]:.2f}")
    total_ours, total_ref = sum(ours), sum(ref)
    print(
        json.dumps(
            {
                "metric": f"insert {args.rows} rows (100/txn) + 2000 lookups + 40 scans",
                "unit": "s",
                "ours": round(total_ours, 3),
                "reference": round(total_ref, 3),
                "reference_name": "plain SQLite, same schema and pragmas",
                "ratio": round(total_ref / total_ours, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
