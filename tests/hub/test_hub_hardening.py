"""Hardening: request size limits, probes, and logs that never carry patient data."""

from __future__ import annotations

import logging
import shutil
import uuid

import pytest
from sqlalchemy import event

from tests.hub.world import World, consult_body, patient_resource


def test_json_body_size_limit(world: World) -> None:
    limit = world.hub.config.max_json_bytes
    pid = str(uuid.uuid4())
    resource = patient_resource(pid) | {"text": {"status": "generated", "div": "x" * limit}}
    r = world.client.put(
        f"/api/v1/patients/{pid}", json={"resource": resource}, headers=world["opA"].h
    )
    assert r.status_code == 413

    def chunks():  # type: ignore[no-untyped-def]  # no Content-Length: counted as it streams
        yield b'{"resource": {"resourceType": "Patient", "text": "'
        for _ in range(limit // 65536 + 2):
            yield b"y" * 65536
        yield b'"}}'

    r = world.client.put(
        f"/api/v1/patients/{pid}",
        content=chunks(),
        headers=world["opA"].h | {"Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert world.client.get(f"/api/v1/patients/{pid}", headers=world["opA"].h).status_code == 404


def test_readyz_reports_broken_storage(world: World) -> None:
    assert world.client.get("/readyz").status_code == 200
    blobs = world.hub.config.blobs_dir
    shutil.rmtree(blobs)
    blobs.write_text("not a directory")
    r = world.client.get("/readyz")
    assert r.status_code == 503 and r.json()["status"] == "unavailable"
    assert world.client.get("/healthz").status_code == 200


def test_logs_never_carry_patient_data(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    name, mobile = "Zubeida Khatoon", "9123456780"
    pid = str(uuid.uuid4())
    resource = patient_resource(pid, name) | {"telecom": [{"system": "phone", "value": mobile}]}
    h = world["opA"].h
    world.client.put(f"/api/v1/patients/{pid}", json={"resource": resource}, headers=h)
    bad = dict(resource, gender=name)  # invalid: the value must not be echoed into logs
    world.client.put(f"/api/v1/patients/{pid}", json={"resource": bad}, headers=h)
    world.online("doc1")
    body = consult_body(pid)
    body["resources"][1]["code"]["text"] = f"{name} complains of chest pain"
    cid = str(uuid.uuid4())
    world.client.put(f"/api/v1/consults/{cid}", json=body, headers=h)
    world.client.get(f"/api/v1/consults/{cid}/fhir", headers=world["doc1"].h)
    world.client.get(f"/api/v1/patients/{pid}", headers=world["opB"].h)  # denied
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in (name, "Zubeida", mobile, "chest pain"):
        assert secret not in text


@pytest.mark.expected_errors("unhandled error in PUT")
def test_database_error_in_a_patient_write_logs_no_patient_data(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """A 500 from the database: the traceback is logged, the bound FHIR resource is not."""
    caplog.set_level(logging.DEBUG)
    name, mobile = "Gulnaz Parveen", "9988776655"
    pid = str(uuid.uuid4())
    resource = patient_resource(pid, name) | {"telecom": [{"system": "phone", "value": mobile}]}

    def break_insert(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if "INSERT INTO patients " in statement:  # on PostgreSQL inside a WITH (+ audit row)
            statement = statement.replace("INSERT INTO patients ", "INSERT INTO patients_gone ")
        return statement, params

    engine = world.hub.engine
    event.listen(engine, "before_cursor_execute", break_insert, retval=True)
    try:
        r = world.client.put(
            f"/api/v1/patients/{pid}", json={"resource": resource}, headers=world["opA"].h
        )
    finally:
        event.remove(engine, "before_cursor_execute", break_insert)
    assert r.status_code == 500
    assert r.json() == {"code": "server_error", "detail": "internal server error"}
    errors = [rec for rec in caplog.records if rec.name == "hub.errors"]
    assert len(errors) == 1 and errors[0].exc_info is not None
    formatter = logging.Formatter()
    logged = "\n".join(formatter.format(rec) for rec in caplog.records)
    assert "patients_gone" in logged  # the database error itself was logged...
    for secret in (name, "Gulnaz", mobile):  # ...without the values bound to the statement
        assert secret not in logged
        assert secret not in r.text
