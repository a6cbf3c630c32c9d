"""The shipped Alembic migrations build exactly the schema the models describe, on both
databases; and the PostgreSQL fixture fails loudly when the server binaries are missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from hub import pgtemp
from hub.db import alembic_config, make_engine, migrate
from hub.models import Base


def test_migrations_match_models(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine)  # already at head: a no-op that must not fail
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
            assert context.get_current_revision() == head
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    finally:
        engine.dispose()


def test_fresh_sqlite_database_migrates(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        migrate(engine)
        migrate(engine)
        assert "consults" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_missing_postgres_binaries_fail_with_instructions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgtemp.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pgtemp.shutil, "which", lambda name: None)
    with pytest.raises(pgtemp.PostgresMissing, match="apt-get install -y postgresql"):
        pgtemp.TempPostgres()


def test_migration_0005_keeps_devices_and_adds_the_doctor_tables(db_url: str) -> None:
    """From 0004: existing devices stay as they were, with no age key; the queue versions and
    decline reasons start empty."""
    engine = make_engine(db_url)
    try:
        command.downgrade(alembic_config(engine), "0004")
        assert "queue_versions" not in inspect(engine).get_table_names()
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO facilities (id, kind, name, state, district, created_at)"
                    " VALUES ('f1', 'hub', 'Zonal Hub', 'Bihar', '', '2026-01-01 09:00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO devices (id, facility_id, name, secret_hash, revoked,"
                    " enrolled_at) VALUES ('d1', 'f1', 'doctor PC', :h, false,"
                    " '2026-01-01 09:00:00')"
                ),
                {"h": "a" * 64},
            )
        migrate(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, facility_id, name, revoked, age_recipient FROM devices")
            ).all()
            assert [tuple(r) for r in rows] == [("d1", "f1", "doctor PC", False, None)]
            assert conn.execute(text("SELECT count(*) FROM queue_versions")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM consult_declines")).scalar() == 0
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM devices WHERE id = 'd1'"))
            conn.execute(text("DELETE FROM facilities WHERE id = 'f1'"))
        engine.dispose()
