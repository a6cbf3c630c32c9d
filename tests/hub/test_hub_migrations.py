"""The shipped Alembic migrations build exactly the schema the models describe, on both
databases; and the PostgreSQL fixture fails loudly when the server binaries are missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

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


def old_consults(engine: Engine, consults: list[tuple[str, str, str]]) -> None:
    """A spoke, a patient and its consults ``(id, mode, status)``, in a database migrated to an
    older revision (only the columns every revision has)."""
    now = "2026-01-01 09:00:00+00:00"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO facilities (id, kind, name, state, district, created_at) "
                "VALUES ('f1', 'spoke', 'HWC', 'MP', 'Sehore', :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO patients (id, facility_id, resource, payload_sha256, version, "
                "created_at, updated_at) VALUES ('p1', 'f1', '{}', 'x', 1, :now, :now)"
            ),
            {"now": now},
        )
        for cid, mode, status in consults:
            conn.execute(
                text(
                    "INSERT INTO consults (id, facility_id, hub_id, patient_id, specialty, "
                    "priority, mode, consult_type, resources, payload_sha256, version, "
                    "finalized, status, declined_by, created_at, updated_at) VALUES "
                    "(:id, 'f1', 'f1', 'p1', 'ent', 0, :mode, 'hub_spoke', '[]', 'x', 1, "
                    "0, :status, '[]', :now, :now)"
                ),
                {"id": cid, "mode": mode, "status": status, "now": now},
            )


def test_0005_maps_old_consult_modes_and_adds_the_follow_up_link(tmp_path: Path) -> None:
    """live -> video, store_and_forward -> text; every consult starts with no follow-up."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        migrate(engine, "0004")
        old_consults(
            engine,
            [
                ("c1", "live", "draft"),
                ("c2", "store_and_forward", "draft"),
                ("c3", "live", "draft"),
            ],
        )
        migrate(engine)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, mode, follow_up_of FROM consults ORDER BY id"))
            assert [tuple(r) for r in rows] == [
                ("c1", "video", None),
                ("c2", "text", None),
                ("c3", "video", None),
            ]
    finally:
        engine.dispose()


def test_0007_keeps_devices_and_adds_the_doctor_tables(tmp_path: Path) -> None:
    """From 0006: existing devices stay as they were, with no age key; the queue versions and
    decline reasons start empty."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        migrate(engine, "0006")
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
        engine.dispose()


def test_0010_keeps_consults_with_no_achieved_mode_and_adds_the_call_reports(
    tmp_path: Path,
) -> None:
    """From 0009: every consult keeps its chosen mode and has no achieved mode yet (no call
    was reported), so the prescription rules go on using the chosen one; no call reports."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        migrate(engine, "0009")
        assert "consult_calls" not in inspect(engine).get_table_names()
        old_consults(engine, [("c1", "text", "in_progress"), ("c2", "video", "draft")])
        migrate(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, mode, status, achieved_mode FROM consults ORDER BY id")
            )
            assert [tuple(r) for r in rows] == [
                ("c1", "text", "in_progress", None),
                ("c2", "video", "draft", None),
            ]
            assert conn.execute(text("SELECT count(*) FROM consult_calls")).scalar() == 0
    finally:
        engine.dispose()
