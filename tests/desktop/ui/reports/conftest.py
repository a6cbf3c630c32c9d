"""A real hub (SQLite, served by uvicorn on loopback) for the report pages' tests: the hub
tests' fixtures, on SQLite only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hub.conftest import (  # noqa: F401 -- fixtures
    client,
    clock,
    config,
    live,
    sqlite_template,
    world,
)


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    template: Path = request.getfixturevalue("sqlite_template")
    shutil.copy(template, tmp_path / "hub.db")
    return f"sqlite:///{tmp_path / 'hub.db'}"
