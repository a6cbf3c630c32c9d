"""One wake path for the sync worker: storage's ``OutboxWatch`` hears the commits of the app's
one ``DbWriter`` that add outbox rows, and nothing else (not the process's other sessions,
such as the embedded hub's); the UI never wakes the engine itself."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.storage import migrate
from desktop.storage.db import Database
from desktop.storage.models.base import Base
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.outbox_watch import OutboxWatch
from desktop.storage.writer import DbWriter

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[DbWriter]:
    db = Database(tmp_path / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    w = DbWriter(db)
    yield w
    w.close()
    db.dispose()


def _row(n: int) -> OutboxEntry:
    return OutboxEntry(entity_type="patient", entity_id=f"p{n}", operation="create", payload={})


def test_the_writers_commits_that_add_outbox_rows_wake_and_nothing_else(
    writer: DbWriter, tmp_path: Path
) -> None:
    woken: list[int] = []
    watch = OutboxWatch(writer, lambda: woken.append(1))
    watch.start()
    try:
        # Called on the writer thread before the write's future resolves: no waiting.
        writer.run(lambda s: s.add(_row(1)))
        assert woken == [1]
        writer.run(lambda s: s.get(OutboxEntry, 1))  # a write adding no outbox row
        assert woken == [1]
        # Another session of the process (the embedded hub's, a test's) is not heard,
        # and the watch is no process-wide hook on every Session.
        other = sessionmaker(create_engine(f"sqlite:///{tmp_path / 'other.db'}"))
        with other() as s:
            Base.metadata.create_all(s.get_bind(), tables=[OutboxEntry.__table__])  # type: ignore[list-item]
            s.add(_row(2))
            s.commit()
        assert woken == [1]
        assert not event.contains(Session, "after_commit", watch._on_commit)
    finally:
        watch.stop()
    writer.run(lambda s: s.add(_row(3)))
    assert woken == [1]  # stopped


def test_the_ui_never_wakes_the_sync_engine_itself() -> None:
    """The second wake path (the UI calling ``notify_new_work`` after its writes) is gone."""
    calls = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "desktop" / "ui").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "notify_new_work"
    ]
    assert calls == []
