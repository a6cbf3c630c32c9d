"""The PostgreSQL connection pool: a connection that sat idle is checked before use (and
replaced if the server dropped it); one handed back a moment ago is used without that
extra round trip; one statement inserts a new row or leaves an existing one alone."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from hub.db import insert_new, make_engine, make_sessionmaker, migrate
from hub.models import Facility

pytestmark = pytest.mark.postgres


def _backend_pid_then_terminate(url: str, ping_idle_seconds: float) -> tuple[Engine, int]:
    engine = make_engine(url, ping_idle_seconds=ping_idle_seconds)
    with engine.connect() as conn:
        pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
    # The server drops the pooled connection (a restart, an idle timeout, an admin).
    killer = make_engine(url)
    with killer.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()
    killer.dispose()
    return engine, pid


def test_idle_connection_dropped_by_the_server_is_replaced(pg_server: str) -> None:
    engine, pid = _backend_pid_then_terminate(pg_server, ping_idle_seconds=0.0)
    with engine.connect() as conn:  # idle longer than 0 s: pinged, found dead, replaced
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    engine.dispose()


def test_connection_back_a_moment_ago_is_not_pinged(pg_server: str) -> None:
    # Without the ping the dead connection reaches the request: the ping above is what saved it,
    # and a connection handed back within the idle limit goes without it.
    engine, _pid = _backend_pid_then_terminate(pg_server, ping_idle_seconds=3600.0)
    with pytest.raises(OperationalError), engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1  # the pool recovered
    engine.dispose()


@pytest.mark.parametrize("sqlite", [False, True])
def test_insert_new_inserts_once_under_concurrency(
    pg_server: str, tmp_path: Path, sqlite: bool
) -> None:
    url = f"sqlite:///{tmp_path}/hub.db" if sqlite else pg_server
    engine = make_engine(url)
    if sqlite:
        migrate(engine)
    sessions = make_sessionmaker(engine)
    fid = "7f6c3c1e-0d7c-4f57-9d0e-8b3f3c2f6a01"
    values = {
        "id": fid,
        "kind": "hub",
        "name": "Zonal Hub Test",
        "state": "Bihar",
        "district": "Patna",
        "hub_id": None,
        "created_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    }
    wins: list[bool] = []
    go = threading.Barrier(6)

    def insert() -> None:
        with sessions() as s:
            go.wait()
            wins.append(insert_new(s, Facility, values))
            s.commit()

    threads = [threading.Thread(target=insert) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 5 + [True]
    with sessions() as s:
        row = s.get(Facility, fid)
        assert row is not None and row.name == "Zonal Hub Test"
        assert row.created_at == values["created_at"]  # typed binds: the zone survives
        s.delete(row)
        s.commit()
    engine.dispose()
