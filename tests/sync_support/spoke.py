"""A spoke installation for sync tests: an encrypted database with the real schema, the
single writer, hub credentials in the real keyring, and helpers that add outbox rows the
way the workflow does (record and outbox row in one transaction)."""

from __future__ import annotations

import hashlib
import os
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.storage import migrate
from desktop.storage.db import Database
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.writer import DbWriter
from desktop.sync.engine import SyncEngine, blob_file
from desktop.sync.events import SyncEvent
from desktop.sync.tokens import TokenStore
from desktop.sync.worker import WorkerConfig

FAST = WorkerConfig(
    backoff_base=0.02,
    backoff_cap=0.3,
    probe_interval=0.05,
    pull_interval=3600.0,
    progress_interval=0.05,
)


def open_db(path: Path, key: bytes) -> tuple[Database, DbWriter]:
    db = Database(path, key)
    migrate.upgrade(db)
    return db, DbWriter(db)


class Recorder:
    """A listener that keeps every event (thread-safe)."""

    def __init__(self) -> None:
        self.events: list[SyncEvent] = []
        self._lock = threading.Lock()

    def __call__(self, event: SyncEvent) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: type) -> list[Any]:
        with self._lock:
            return [e for e in self.events if isinstance(e, kind)]


def patient_payload(pid: str, n: int = 0) -> dict[str, Any]:
    return {
        "resource": {
            "resourceType": "Patient",
            "id": pid,
            "name": [{"text": f"Synthetic Person {n}"}],
            "gender": "female",
        }
    }


def consult_payload(
    pid: str, final: bool = False, specialty: str = "general_medicine"
) -> dict[str, Any]:
    return {
        "patient_id": pid,
        "specialty": specialty,
        "mode": "text",
        "resources": [],
        "final": final,
    }


@dataclass
class Spoke:
    root: Path
    db: Database
    writer: DbWriter
    tokens: TokenStore
    blob_root: Path
    recorder: Recorder = field(default_factory=Recorder)
    engines: list[SyncEngine] = field(default_factory=list)
    patient_rows: dict[str, int] = field(default_factory=dict)  # patient id -> outbox row

    @classmethod
    def create(cls, root: Path, service: str | None = None) -> Spoke:
        root.mkdir(parents=True, exist_ok=True)
        key_file = root / "db.key"
        if not key_file.exists():
            key_file.write_bytes(os.urandom(32))
        db, writer = open_db(root / "clinic.db", key_file.read_bytes())
        tokens = TokenStore(service or f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
        return cls(root, db, writer, tokens, root / "blobs")

    def engine(self, hub_url: str = "", config: WorkerConfig = FAST, **kw: Any) -> SyncEngine:
        eng = SyncEngine(
            self.db,
            self.writer,
            self.recorder,
            tokens=self.tokens,
            blob_root=self.blob_root,
            state_file=self.root / "sync-state.json",
            config=config,
            hub_url=hub_url,
            **kw,
        )
        self.engines.append(eng)
        return eng

    def close(self) -> None:
        for eng in self.engines:
            eng.stop()
        self.writer.close()
        self.db.dispose()
        try:
            self.tokens.forget_all()
        except Exception:
            pass

    # -- outbox rows, as the workflow writes them ---------------------------------------
    def add(
        self,
        entity_type: str,
        entity_id: str,
        operation: str,
        payload: dict[str, Any],
        depends_on: int | None = None,
    ) -> int:
        def write(s: Any) -> int:
            row = OutboxEntry(
                entity_type=entity_type,
                entity_id=entity_id,
                operation=operation,
                payload=payload,
                depends_on=depends_on,
            )
            s.add(row)
            s.flush()
            return int(row.id)

        row_id = int(self.writer.run(write))
        if entity_type == "patient":
            self.patient_rows[entity_id] = row_id  # what a consult row depends on
        return row_id

    def add_patient(self, n: int = 0) -> str:
        pid = uuid.uuid4().hex
        self.add("patient", pid, "create", patient_payload(str(uuid.UUID(pid)), n))
        return pid

    def add_consult(self, pid: str, final: bool = False) -> str:
        cid = uuid.uuid4().hex
        # As mark_ready writes it: after the patient's row.
        self.add(
            "consult",
            cid,
            "create",
            consult_payload(str(uuid.UUID(pid)), final),
            depends_on=self.patient_rows.get(pid),
        )
        return cid

    def add_blob(
        self, consult_id: str, size: int, seed: int = 0, data_path: Path | None = None
    ) -> str:
        """A blob file of ``size`` deterministic bytes (stands in for age ciphertext)."""
        blob_id = uuid.uuid4().hex
        path = blob_file(self.blob_root, blob_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        sha = write_deterministic(path, size, seed)

        def write(s: Any) -> None:
            s.add(
                BlobRecord(
                    blob_id=blob_id,
                    kind="attachment",
                    sha256=sha,
                    size=size,
                    owner_type="consult",
                    owner_id=consult_id,
                )
            )
            s.add(
                OutboxEntry(
                    entity_type="blob",
                    entity_id=blob_id,
                    operation="upload",
                    payload={
                        "blob_id": blob_id,
                        "sha256": sha,
                        "size": size,
                        "kind": "attachment",
                        "consult_id": consult_id,
                    },
                )
            )

        self.writer.run(write)
        return blob_id

    def states(self) -> dict[str, int]:
        from collections import Counter

        with self.db.read_session() as s:
            from sqlalchemy import select

            return dict(Counter(s.scalars(select(OutboxEntry.state))))


def write_deterministic(path: Path, size: int, seed: int = 0) -> str:
    """``size`` bytes from a seeded generator, fast (a 1 MiB block varied per position)."""
    block = hashlib.shake_256(f"spoke-{seed}".encode()).digest(1 << 20)
    sha = hashlib.sha256()
    with open(path, "wb") as fh:
        done = 0
        i = 0
        while done < size:
            piece = block[: min(len(block), size - done)]
            if i:
                piece = i.to_bytes(8, "little") + piece[8:] if len(piece) > 8 else piece
            fh.write(piece)
            sha.update(piece)
            done += len(piece)
            i += 1
    return sha.hexdigest()
