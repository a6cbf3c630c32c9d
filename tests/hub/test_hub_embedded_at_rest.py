"""The embedded hub at rest: an SQLCipher database keyed from memory, no key file, nothing of
a patient readable in its folder; a plain demo hub from an older version is encrypted at start
(crash-safe), and a wrong key is refused without touching the data."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hub import embedded
from hub.app import build_context
from hub.config import HubConfig
from hub.db import DatabaseKeyError, open_sqlcipher
from hub.embedded import (
    DEMO_OPERATOR,
    DEMO_PASSWORD,
    DatabaseState,
    EmbeddedHubError,
    EmbeddedSecrets,
    database_state,
    protect_legacy,
    seed_demo,
    start_embedded,
)
from hub.models import Facility, Patient
from tests.helpers.canary import canary, needles, scan
from tests.hub.world import consult_body, patient_resource


def _operator(hub: embedded.EmbeddedHub) -> dict[str, str]:
    device = hub.devices["spoke"]
    r = httpx.post(
        f"{hub.base_url}/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": DEMO_OPERATOR,
            "password": DEMO_PASSWORD,
            "client_id": device[0],
            "client_secret": device[1],
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _plain_sqlite_fails(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()
    return False


def _resources(path: Path, key: bytes) -> list[str]:
    conn = open_sqlcipher(key, str(path))
    try:
        return [str(row[0]) for row in conn.execute("SELECT resource FROM patients")]
    finally:
        conn.close()


def test_embedded_hub_keeps_patients_encrypted_and_no_key_file(tmp_path: Path) -> None:
    data = tmp_path / "demo-hub"
    secrets = EmbeddedSecrets.generate()
    name = canary()
    pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
    hub = start_embedded(data, secrets)
    try:
        op = _operator(hub)
        for _ in range(2):  # the second PUT takes the idempotent path (driver errors mapped)
            r = httpx.put(
                f"{hub.base_url}/api/v1/patients/{pid}",
                json={"resource": patient_resource(pid, name=f"{name} Devi")},
                headers=op,
            )
            assert r.status_code in (200, 201), r.text
        r = httpx.put(f"{hub.base_url}/api/v1/consults/{cid}", json=consult_body(pid), headers=op)
        assert r.status_code == 201, r.text
        # While the hub runs: the main file, its WAL and -shm hold nothing readable.
        assert list(data.glob("hub.db-wal"))
        assert scan([data], needles(name)) == []
        assert hub.context.identity is secrets.identity
    finally:
        hub.stop()
    assert scan([data], needles(name)) == []
    assert database_state(data) is DatabaseState.ENCRYPTED
    assert _plain_sqlite_fails(data / "hub.db")
    assert not (data / "hub-key.txt").exists()
    assert scan([data], needles(str(secrets.identity))) == []
    assert any(name in r for r in _resources(data / "hub.db", secrets.database_key))
    assert str(secrets.identity) not in repr(secrets)

    other = EmbeddedSecrets(bytes(32), secrets.identity)
    with pytest.raises(DatabaseKeyError):
        start_embedded(data, other)
    assert any(name in r for r in _resources(data / "hub.db", secrets.database_key))


def _legacy_hub(data: Path, name: str) -> None:
    """What an older version left when it was killed: a plain hub.db whose WAL still holds
    the last rows, and hub-key.txt."""
    old = data.with_name("old-hub")
    config = HubConfig.for_data_dir(old)
    context = build_context(config)  # plain SQLite, identity written to hub-key.txt
    with context.sessions() as session:
        seed_demo(session, context)
        pid = str(uuid.uuid4())
        now = context.config.clock.now()
        facility = session.scalars(select(Facility).where(Facility.kind == "spoke")).one()
        session.add(
            Patient(
                id=pid,
                facility_id=facility.id,
                resource=patient_resource(pid, name=f"{name} Devi"),
                payload_sha256="0" * 64,
                created_at=now,
                updated_at=now,
            )
        )
        session.commit()
        # Copied while the database is open, as a kill would leave it.
        shutil.copytree(old, data)
    context.engine.dispose()
    assert name.encode() in (data / "hub.db-wal").read_bytes()


def _legacy_secrets(data: Path) -> EmbeddedSecrets:
    identity = embedded.legacy_identity(data)
    assert identity is not None
    return EmbeddedSecrets(EmbeddedSecrets.generate().database_key, identity)


def test_a_plain_demo_hub_from_before_is_encrypted_at_start(tmp_path: Path) -> None:
    data, name = tmp_path / "demo-hub", canary()
    _legacy_hub(data, name)
    assert database_state(data) is DatabaseState.PLAIN
    assert scan([data], needles(name))  # the plain data the migration must protect
    secrets = _legacy_secrets(data)
    hub = start_embedded(data, secrets)
    try:
        assert str(hub.context.identity) == str(secrets.identity)  # blobs stay readable
        _operator(hub)  # seeds and devices came across
    finally:
        hub.stop()
    assert database_state(data) is DatabaseState.ENCRYPTED
    assert _plain_sqlite_fails(data / "hub.db")
    assert not (data / "hub-key.txt").exists()
    assert sorted(p.name for p in data.glob("hub.db*")) == ["hub.db"]
    assert scan([data], needles(name)) == []
    assert any(name in r for r in _resources(data / "hub.db", secrets.database_key))


def test_another_identity_than_hub_key_txt_is_refused(tmp_path: Path) -> None:
    data, name = tmp_path / "demo-hub", canary()
    _legacy_hub(data, name)
    with pytest.raises(EmbeddedHubError):
        protect_legacy(data, EmbeddedSecrets.generate())
    assert database_state(data) is DatabaseState.PLAIN  # nothing changed
    assert (data / "hub-key.txt").exists()


@pytest.mark.parametrize("crash_at", ["before_swap", "between_swaps", "before_scrub"])
def test_an_interrupted_encryption_is_finished_or_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_at: str
) -> None:
    data, name = tmp_path / "demo-hub", canary()
    _legacy_hub(data, name)
    secrets = _legacy_secrets(data)

    class Crash(Exception):
        pass

    real_replace, real_scrub = embedded.os.replace, embedded._scrub
    replaces: list[Any] = []

    def replace(src: Any, dst: Any) -> None:
        replaces.append(src)
        if crash_at == "before_swap" or (crash_at == "between_swaps" and len(replaces) == 2):
            raise Crash
        real_replace(src, dst)

    def scrub(path: Path) -> None:
        if crash_at == "before_scrub" and path.name == "hub.db.plain":
            raise Crash
        real_scrub(path)

    monkeypatch.setattr(embedded.os, "replace", replace)
    monkeypatch.setattr(embedded, "_scrub", scrub)
    with pytest.raises(Crash):
        protect_legacy(data, secrets)
    monkeypatch.undo()
    protect_legacy(data, secrets)  # the next start
    assert database_state(data) is DatabaseState.ENCRYPTED
    assert sorted(p.name for p in data.glob("hub.db*")) == ["hub.db"]
    assert scan([data], needles(name)) == []
    assert any(name in r for r in _resources(data / "hub.db", secrets.database_key))
