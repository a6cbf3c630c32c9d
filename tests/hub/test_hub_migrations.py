"""The shipped Alembic migrations build exactly the schema the models describe, on both
databases; and the PostgreSQL fixture fails loudly when the server binaries are missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

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
