"""Hub fixtures: every hub test runs on SQLite and on a real throwaway PostgreSQL server.

The PostgreSQL cluster is started once per session from Debian's server binaries; if they are
missing the PostgreSQL tests fail (never skip) and say what to install.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from hub.app import build_context, create_app
from hub.clock import ManualClock
from hub.config import HubConfig
from hub.db import make_engine, migrate
from hub.models import Base
from hub.pgtemp import TempPostgres

with warnings.catch_warnings():
    # Starlette 1.x asks for the httpx2 fork; plain httpx still works for the test client.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

from tests.hub.world import World  # noqa: E402


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A migrated database on a private PostgreSQL cluster (loopback, random port)."""
    pg = TempPostgres()
    try:
        pg.start()
        url = pg.create_database("hub_test")
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url
    finally:
        pg.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hub-template") / "hub.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


def _truncate(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated hub database: SQLite file or the shared PostgreSQL database."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "hub.db")
        return f"sqlite:///{tmp_path / 'hub.db'}"
    url: str = request.getfixturevalue("pg_server")
    _truncate(url)
    return url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def config(db_url: str, tmp_path: Path, clock: ManualClock) -> HubConfig:
    return HubConfig(
        db_url=db_url,
        blobs_dir=tmp_path / "blobs",
        key_file=tmp_path / "hub-key.txt",
        jwt_secret="test-secret-" + "x" * 40,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        background_sweep_seconds=0,
        max_chunk_bytes=256 * 1024,
        max_upload_bytes=4 * 1024 * 1024,
        clock=clock,
        stun_urls=["stun:stun.example.org:3478"],
        turn_urls=["turn:turn.example.org:3478?transport=udp"],
        turn_secret="turn-shared-secret",
    )


@pytest.fixture
def client(config: HubConfig) -> Iterator[TestClient]:
    context = build_context(config, run_migrations=False)
    app = create_app(config, context)
    with TestClient(app, raise_server_exceptions=True) as c:
        yield c
    context.engine.dispose()


@pytest.fixture
def world(client: TestClient) -> World:
    """Two hubs, three spokes, operators, doctors and an admin, all logged in."""
    return World.build(client)


@pytest.fixture
def live(client: TestClient) -> Iterator[str]:
    """The same hub also served by uvicorn on loopback (for real sockets); yields its URL."""
    from hub.server import ServerThread

    server = ServerThread(client.app)  # type: ignore[arg-type]
    server.start()
    yield server.base_url
    server.stop()
