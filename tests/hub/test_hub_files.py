"""The hub's data folder is 0700 and every file in it 0600, whatever the umask (issue 14,
defect 6): hub.db and its WAL used to be created 0644 in a 0755 folder."""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hub.app import create_app
from hub.config import HubConfig
from tests.hub.world import World


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_data_folder_private_whatever_the_umask(
    db_url: str, tmp_path: Path, umask_022: None
) -> None:
    data = tmp_path / "hub-data"
    sqlite = db_url.startswith("sqlite")
    config = HubConfig.for_data_dir(data, None if sqlite else db_url)
    config.argon2_time_cost, config.argon2_memory_kib = 1, 1024
    config.background_sweep_seconds = 0
    app = create_app(config)
    with TestClient(app) as client:
        world = World.build(client)
        consult = world.consult("opA")
        meta = "consult_id " + base64.b64encode(consult["id"].encode()).decode()
        headers = world["opA"].h | {"Tus-Resumable": "1.0.0"}
        r = client.post(
            "/api/v1/uploads", headers=headers | {"Upload-Length": "3", "Upload-Metadata": meta}
        )
        r = client.patch(
            r.headers["Location"],
            content=b"abc",
            headers=headers
            | {"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        )
        assert r.status_code == 204
        names = {p.name for p in data.rglob("*")}
        expected = {"jwt-secret", "hub-key.txt", "blobs"}
        if sqlite:
            expected |= {"hub.db", "hub.db-wal", "hub.db-shm"}
        assert expected <= names
        modes = {
            str(p.relative_to(tmp_path)): stat.S_IMODE(p.stat().st_mode)
            for p in [data, *data.rglob("*")]
        }
        app.state.hub.engine.dispose()
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if (tmp_path / name).is_dir() else 0o600)
    }
    assert wrong == {}
