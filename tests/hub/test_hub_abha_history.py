"""The doctor's history finds a patient's records at other spokes by ABHA number through an
index: every patient write keeps ``patients.abha_key`` (the number's digest), migration 0011
fills it for patients stored before, and the query's plan uses ``ix_patients_abha_key`` on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, text

from hub.abha import abha_key
from hub.db import make_engine, migrate
from hub.history import same_abha
from hub.models import Facility, Patient
from tests.hub.test_hub_doctor_media import ABHA, abha_patient
from tests.hub.world import World

ABHA_SYSTEM = "https://healthid.abdm.gov.in"
NOW = datetime(2026, 12, 5, 9, tzinfo=UTC)


def _resource(pid: str, abha: str | None) -> dict:
    resource: dict = {"resourceType": "Patient", "id": pid}
    if abha is not None:
        resource["identifier"] = [{"system": ABHA_SYSTEM, "value": abha}]
    return resource


def _plan(conn, dialect: str, key: str) -> str:  # type: ignore[no-untyped-def]
    query = same_abha(key, "no-such-patient").compile(
        dialect=conn.dialect, compile_kwargs={"literal_binds": True}
    )
    prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
    return "\n".join(str(row[-1]) for row in conn.execute(text(prefix + str(query))))


def test_the_history_query_uses_the_abha_index(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(Facility),
                [{"id": "f1", "kind": "spoke", "name": "HWC", "state": "MP", "created_at": NOW}],
            )
            rows = [
                {
                    "id": str(uuid.UUID(int=i)),
                    "facility_id": "f1",
                    "resource": {},
                    "payload_sha256": "x",
                    "version": 1,
                    "created_at": NOW,
                    "updated_at": NOW,
                    "abha_key": abha_key(_resource("p", f"{i:014d}")),
                }
                for i in range(1, 3001)
            ]
            conn.execute(insert(Patient), rows)
            conn.execute(text("ANALYZE"))
        with engine.connect() as conn:
            plan = _plan(conn, engine.dialect.name, rows[7]["abha_key"])
        assert "ix_patients_abha_key" in plan, plan
    finally:
        engine.dispose()


def test_the_key_follows_every_write_of_the_patient(world: World) -> None:
    here = abha_patient(world, "opA")  # "91-2345-6789-0123"
    plain = abha_patient(world, "opB", abha=ABHA.replace("-", ""))  # the same, unformatted
    none = abha_patient(world, "opA", abha=None)
    engine = world.hub.engine
    with engine.connect() as conn:
        keys = dict(conn.execute(select(Patient.id, Patient.abha_key)).all())
    expected = abha_key(_resource("p", ABHA))
    assert keys[here] == keys[plain] == expected and keys[none] is None
    assert ABHA.replace("-", "") not in expected  # a digest, not the number
    # An update of the record that changes the number moves the key with it.
    resource = _resource(none, "12-3456-7890-1234")
    body = world.client.get(f"/api/v1/patients/{none}", headers=world["opA"].h).json()
    resource = {**body["resource"], "identifier": resource["identifier"]}
    r = world.client.put(
        f"/api/v1/patients/{none}", json={"resource": resource}, headers=world["opA"].h
    )
    assert r.status_code == 200, r.text
    with engine.connect() as conn:
        key = conn.execute(select(Patient.abha_key).where(Patient.id == none)).scalar()
    assert key == abha_key(_resource("p", "12345678901234"))


def test_0011_fills_the_key_of_patients_stored_before(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        migrate(engine, "0010")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO facilities (id, kind, name, state, district, created_at) "
                    "VALUES ('f1', 'spoke', 'HWC', 'MP', 'Sehore', '2026-01-01 09:00:00')"
                )
            )
            for pid, abha in (
                ("p1", "91-2345-6789-0123"),
                ("p2", "91234567890123"),
                ("p3", None),
                ("p4", "12-34"),  # not 14 digits: no ABHA number
            ):
                conn.execute(
                    text(
                        "INSERT INTO patients (id, facility_id, resource, payload_sha256, "
                        "version, created_at, updated_at) VALUES (:id, 'f1', :r, 'x', 1, "
                        "'2026-01-01 09:00:00', '2026-01-01 09:00:00')"
                    ),
                    {"id": pid, "r": json.dumps(_resource(pid, abha))},
                )
        migrate(engine)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, abha_key FROM patients ORDER BY id")).all()
        key = abha_key(_resource("p", "91234567890123"))
        assert [tuple(r) for r in rows] == [("p1", key), ("p2", key), ("p3", None), ("p4", None)]
    finally:
        engine.dispose()
