"""The audit log: chained, append-only; verify() finds an edited, removed or cut-off entry."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.storage import audit, migrate
from desktop.storage.db import Database
from desktop.storage.errors import AuditChainError
from desktop.storage.writer import DbWriter

ACTOR = audit.Actor("asha", "operator", "device-1")


@pytest.fixture
def logged(tmp_path: Path):
    db = Database(tmp_path / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    writer = DbWriter(db)
    for i, action in enumerate(["login", "read", "write", "export", "print", "read"]):
        pid = f"patient{i:02d}"
        writer.run(lambda s, a=action, p=pid: audit.record(s, ACTOR, a, patient_id=p))
    yield db, writer
    writer.close()
    db.dispose()


def _verify(db: Database) -> int:
    with db.read_session() as s:
        return audit.verify(s)


def _raw(db: Database, sql: str) -> None:
    """What someone with the key and a SQL shell could do (triggers dropped first)."""
    with db.write_engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text(sql))


def test_intact_chain_verifies(logged) -> None:
    db, _ = logged
    assert _verify(db) == 6


def test_the_database_refuses_edits_and_deletes(logged) -> None:
    db, writer = logged
    with pytest.raises(Exception, match="append-only"):
        writer.run(lambda s: s.execute(text("UPDATE audit_log SET actor = 'x' WHERE id = 2")))
    with pytest.raises(Exception, match="append-only"):
        writer.run(lambda s: s.execute(text("DELETE FROM audit_log WHERE id = 2")))
    assert _verify(db) == 6


@pytest.mark.parametrize(
    ("sql", "where"),
    [
        ("UPDATE audit_log SET patient_id = 'someone-else' WHERE id = 3", "entry 3 was edited"),
        ("UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE id = 4", "entry 4"),
        ("UPDATE audit_log SET action = 'read' WHERE id = 4", "entry 4 was edited"),
        ("DELETE FROM audit_log WHERE id = 2", "entry 2 is missing"),
        ("DELETE FROM audit_log WHERE id = 6", "ends at entry 5"),
    ],
)
def test_tampering_is_detected(logged, sql: str, where: str) -> None:
    db, _ = logged
    _raw(db, sql)
    with pytest.raises(AuditChainError, match=where):
        _verify(db)


def test_a_rewritten_row_with_a_fresh_hash_still_breaks_the_chain(logged) -> None:
    db, _ = logged
    with db.read_session() as s:
        row = s.execute(text("SELECT * FROM audit_log WHERE id = 3")).mappings().one()
    forged_at = datetime.fromisoformat(str(row["at"])).replace(tzinfo=UTC).isoformat()
    fields = {
        "at": forged_at,
        "actor": row["actor"],
        "role": row["role"],
        "action": "read",
        "patient_id": "forged",
        "entity_type": None,
        "entity_id": None,
        "device": row["device"],
    }
    forged = audit._digest(3, row["prev_hash"], fields)
    _raw(
        db,
        f"UPDATE audit_log SET patient_id = 'forged', action = 'read', hash = '{forged}' "
        "WHERE id = 3",
    )
    with pytest.raises(AuditChainError, match="entry 4 does not follow"):
        _verify(db)
