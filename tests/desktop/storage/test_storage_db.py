"""The SQLCipher database and its single writer thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from desktop.storage import migrate
from desktop.storage.db import Database
from desktop.storage.errors import WrongKeyError
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.writer import DbWriter


@pytest.fixture
def db(tmp_path: Path):
    database = Database(tmp_path / "clinic.db", os.urandom(32))
    migrate.upgrade(database)
    yield database
    database.dispose()


def test_file_is_encrypted_and_pragmas_are_set(db: Database) -> None:
    with db.read_session() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA temp_store")).scalar() == 2  # MEMORY
        assert s.execute(text("PRAGMA cipher_version")).scalar()
    db.checkpoint()
    assert not db.path.read_bytes()[:16].startswith(b"SQLite format 3")


def test_wrong_key_is_refused_and_file_untouched(db: Database) -> None:
    db.checkpoint()
    db.dispose()
    before = db.path.read_bytes()
    with pytest.raises(WrongKeyError):
        Database(db.path, os.urandom(32))
    assert db.path.read_bytes() == before


def test_writer_runs_on_one_thread_and_commits(db: Database) -> None:
    writer = DbWriter(db)
    seen: set[str] = set()

    def add(session, n: int) -> int:
        seen.add(threading.current_thread().name)
        entry = OutboxEntry(entity_type="test", entity_id=str(n), operation="create", payload={})
        session.add(entry)
        session.flush()
        return entry.id

    futures = [writer.submit(lambda s, n=n: add(s, n)) for n in range(20)]
    ids = [f.result(10) for f in futures]
    assert ids == sorted(ids) and len(set(ids)) == 20
    assert len(seen) == 1 and next(iter(seen)).startswith("db-writer")
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 20
    writer.close()


def test_failed_write_rolls_back_everything(db: Database) -> None:
    writer = DbWriter(db)

    def half_then_fail(session) -> None:
        session.add(OutboxEntry(entity_type="t", entity_id="1", operation="create", payload={}))
        session.flush()
        raise ValueError("validation failed late")

    with pytest.raises(ValueError):
        writer.run(half_then_fail)
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    writer.close()


def test_outbox_check_constraint_and_dependency(db: Database) -> None:
    writer = DbWriter(db)

    def chain(session) -> tuple[int, int]:
        first = OutboxEntry(entity_type="patient", entity_id="a", operation="create", payload={})
        session.add(first)
        session.flush()
        second = OutboxEntry(
            entity_type="consult",
            entity_id="b",
            operation="create",
            payload={"x": [1, "२"]},
            depends_on=first.id,
        )
        session.add(second)
        session.flush()
        return first.id, second.id

    first_id, second_id = writer.run(chain)
    with db.read_session() as s:
        row = s.get(OutboxEntry, second_id)
        assert row is not None and row.depends_on == first_id and row.payload == {"x": [1, "२"]}
    with pytest.raises(Exception, match="CHECK constraint"):
        writer.run(lambda s: s.execute(text("UPDATE outbox SET state = 'bogus'")))
    with pytest.raises(Exception, match="FOREIGN KEY"):
        writer.run(lambda s: s.execute(text("UPDATE outbox SET depends_on = 999")))
    writer.close()


def test_key_is_applied_raw_without_a_kdf(tmp_path: Path) -> None:
    key = os.urandom(32)
    database = Database(tmp_path / "clinic.db", key)
    migrate.upgrade(database)
    database.checkpoint()
    database.dispose()
    path = str(tmp_path / "clinic.db")

    def opens(*pragmas: str) -> bool:
        conn = sqlcipher.connect(path)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
            for pragma in pragmas:
                conn.execute(pragma).fetchall()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return True
        except sqlcipher.DatabaseError:
            return False
        finally:
            conn.close()

    raw = f"PRAGMA key = \"x'{key.hex()}'\""
    assert opens(raw)
    # No key derivation runs: the PBKDF2 iteration count does not matter to a raw key...
    assert opens(raw, "PRAGMA kdf_iter = 1")
    # ...while the same 64 hex digits taken as a passphrase (through the KDF) do not open it.
    assert not opens(f"PRAGMA key = '{key.hex()}'")


def test_the_read_side_cannot_write(db: Database) -> None:
    with pytest.raises(OperationalError, match="readonly"), db.read_session() as s:
        s.add(OutboxEntry(entity_type="test", entity_id="1", operation="create", payload={}))
        s.flush()
    with db.read_session() as s:
        assert s.execute(text("PRAGMA query_only")).scalar() == 1
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    writer = DbWriter(db)
    try:  # the writer thread still writes
        writer.run(
            lambda s: s.add(
                OutboxEntry(entity_type="test", entity_id="1", operation="create", payload={})
            )
        )
    finally:
        writer.close()
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 1


def test_a_failing_statement_does_not_carry_its_parameters(db: Database) -> None:
    """The exception text of a failed write names the statement, never the values bound to it
    (a payload holds patient data): the engines hide parameters, like the hub's."""
    writer = DbWriter(db)
    canary = "Zqxcanary Vemulapalli 823001"

    def bad_row(session) -> None:
        session.add(
            OutboxEntry(
                entity_type="patient",
                entity_id=canary,
                operation="create",
                payload={"name": canary},
                state="bogus",  # the CHECK constraint refuses it
            )
        )
        session.flush()

    with pytest.raises(Exception, match="CHECK constraint") as info:
        writer.run(bad_row)
    chain: list[BaseException] = []
    exc: BaseException | None = info.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any("INSERT INTO outbox" in str(e) for e in chain)
    for e in chain:
        assert "Zqxcanary" not in str(e) and "823001" not in str(e), type(e).__name__
    with db.read_session() as s:  # and the read side hides them too
        with pytest.raises(OperationalError) as read_info:
            s.execute(text("SELECT nosuchcolumn FROM outbox WHERE entity_id = :x"), {"x": canary})
        assert "Zqxcanary" not in str(read_info.value)
    writer.close()
