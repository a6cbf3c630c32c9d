"""Input that used to give 500s (issue 14, defects 3-5) gets 4xx, and no answer echoes input."""

from __future__ import annotations

import base64
import json
import logging
import uuid
from typing import Any

import pytest

from hub.ratelimit import RateLimiter
from tests.hub.world import World, patient_resource

SECRET = "MySecretPassw0rd-4417"
JSON = {"Content-Type": "application/json"}
TUS = {"Tus-Resumable": "1.0.0"}


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    hub_records = [r for r in caplog.records if r.name.startswith("hub")]
    assert [r for r in hub_records if r.exc_info or r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("route", ["refresh", "logout", "enroll"])
def test_lone_surrogate_on_auth_routes_is_422(
    world: World, route: str, caplog: pytest.LogCaptureFixture
) -> None:
    field = "code" if route == "enroll" else "refresh_token"
    body = '{"' + field + '": "ABCD\\ud800EFGH"}'
    r = world.client.post(f"/api/v1/auth/{route}", content=body, headers=JSON)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", field]
    no_traceback(caplog)


def test_nul_in_login_username_is_422(world: World, caplog: pytest.LogCaptureFixture) -> None:
    form = {"grant_type": "password", "username": "opA\x00x", "password": SECRET}
    r = world.client.post("/api/v1/auth/token", data=form)
    assert r.status_code == 422
    assert SECRET not in r.text
    no_traceback(caplog)


def test_nul_in_facility_and_device_names_is_422(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    facility = {"kind": "hub", "name": "Hub\x00One", "state": "Bihar"}
    r = world.client.post("/api/v1/admin/facilities", json=facility, headers=world["admin"].h)
    assert r.status_code == 422
    code = world.enrollment_code("spokeA")
    r = world.client.post("/api/v1/auth/enroll", json={"code": code, "name": "pc\x00"})
    assert r.status_code == 422
    r = world.client.post("/api/v1/auth/enroll", json={"code": code, "name": "pc"})
    assert r.status_code == 201  # the refused attempt did not use the code
    no_traceback(caplog)


def test_validation_errors_name_the_field_and_reason_only(world: World) -> None:
    r = world.client.post("/api/v1/auth/refresh", json={"refresh_token": "", "password": SECRET})
    assert r.status_code == 422
    assert SECRET not in r.text
    for error in r.json()["detail"]:
        assert set(error) == {"loc", "msg", "type"}
    assert {tuple(e["loc"]) for e in r.json()["detail"]} == {
        ("body", "refresh_token"),
        ("body", "password"),
    }
    user = {"username": "x y", "password": SECRET[:5], "role": "admin"}
    r = world.client.post("/api/v1/admin/users", json=user, headers=world["admin"].h)
    assert r.status_code == 422 and SECRET[:5] not in r.text and "x y" not in r.text


def test_patient_with_extra_surrogate_field_logs_nothing_of_it(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    mobile = "9123456780"
    pid = str(uuid.uuid4())
    resource = patient_resource(pid) | {"telecom": [{"system": "phone", "value": mobile}]}
    body = '{"resource": ' + _json(resource) + ', "zz": "\\udc00 ' + mobile + '"}'
    r = world.client.put(f"/api/v1/patients/{pid}", content=body, headers=world["opA"].h | JSON)
    assert r.status_code == 422 and mobile not in r.text
    no_traceback(caplog)
    assert all(mobile not in logging.Formatter().format(rec) for rec in caplog.records)


def _json(value: Any) -> str:
    return json.dumps(value)


def _extension(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"url": "http://example.org/x", "valueString": "v"}
    for _ in range(levels):
        node = {"url": "http://example.org/x", "extension": [node]}
    return node


@pytest.mark.parametrize("levels", [150, 900])
def test_deeply_nested_fhir_extension_is_422(
    world: World, levels: int, caplog: pytest.LogCaptureFixture
) -> None:
    pid = str(uuid.uuid4())
    # Written out by hand: json.dumps itself gives up on 900 levels.
    nested = '{"url": "http://example.org/x", "extension": [' * levels
    nested += '{"url": "http://example.org/x", "valueString": "v"}' + "]}" * levels
    resource = _json(patient_resource(pid))[:-1] + ', "extension": [' + nested + "]}"
    r = world.client.put(
        f"/api/v1/patients/{pid}",
        content='{"resource": ' + resource + "}",
        headers=world["opA"].h | JSON,
    )
    assert r.status_code == 422
    no_traceback(caplog)


def test_moderately_nested_fhir_extension_is_stored(world: World) -> None:
    pid = str(uuid.uuid4())
    resource = patient_resource(pid) | {"extension": [_extension(20)]}
    r = world.client.put(
        f"/api/v1/patients/{pid}", json={"resource": resource}, headers=world["opA"].h
    )
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "0.5",
        "0",
        "2024-01-01T00:00:00",  # no zone
    ],
)
def test_out_of_range_or_numeric_datetimes_are_422(
    world: World, value: str, caplog: pytest.LogCaptureFixture
) -> None:
    r = world.client.get(
        "/api/v1/consults", params={"updated_since": value}, headers=world["opA"].h
    )
    assert r.status_code == 422
    for param in ("since", "until"):
        r = world.client.get(
            "/api/v1/stats/states", params={param: value}, headers=world["admin"].h
        )
        assert r.status_code == 422
    no_traceback(caplog)


def test_in_range_datetimes_still_work(world: World) -> None:
    for value in ("0001-01-02T00:00:00+23:59", "9999-12-30T00:00:00-23:59", "2024-01-01T00:00:00Z"):
        r = world.client.get(
            "/api/v1/consults", params={"updated_since": value}, headers=world["opA"].h
        )
        assert r.status_code == 200, (value, r.text)


def test_logout_is_rate_limited(world: World) -> None:
    world.hub.login_limiter = RateLimiter(world.hub.config.clock, 3, 60)
    answers = [
        world.client.post("/api/v1/auth/logout", json={"refresh_token": f"rt_x{i}"}).status_code
        for i in range(4)
    ]
    assert answers == [204, 204, 204, 429]


def _consult_upload(world: World) -> str:
    consult = world.consult("opA", final=False)
    meta = "consult_id " + base64.b64encode(consult["id"].encode()).decode()
    r = world.client.post(
        "/api/v1/uploads",
        headers=world["opA"].h | TUS | {"Upload-Length": "4", "Upload-Metadata": meta},
    )
    assert r.status_code == 201
    return str(r.headers["Location"])


@pytest.mark.parametrize("value", [b"\xb2", b"1\xb9", "\u0661".encode(), b"9" * 40])
def test_tus_unicode_digits_are_400(
    world: World, value: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    url = _consult_upload(world)
    meta = "consult_id " + base64.b64encode(str(uuid.uuid4()).encode()).decode()
    r = world.client.post(
        "/api/v1/uploads",
        headers=world["opA"].h | TUS | {"Upload-Length": value, "Upload-Metadata": meta},  # type: ignore[dict-item]
    )
    assert r.status_code == 400
    octets = {"Content-Type": "application/offset+octet-stream", "Upload-Offset": value}
    r = world.client.patch(url, content=b"abcd", headers=world["opA"].h | TUS | octets)  # type: ignore[arg-type]
    assert r.status_code == 400
    no_traceback(caplog)


@pytest.mark.parametrize("value", [b"sha256 \xe9\xe9", "sha256 \u0661".encode(), b"sha256 !!"])
def test_tus_malformed_checksum_is_400(
    world: World, value: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    url = _consult_upload(world)
    headers = {
        "Content-Type": "application/offset+octet-stream",
        "Upload-Offset": "0",
        "Upload-Checksum": value,
    }
    r = world.client.patch(url, content=b"abcd", headers=world["opA"].h | TUS | headers)  # type: ignore[arg-type]
    assert r.status_code == 400
    no_traceback(caplog)


def test_access_log_names_routes_not_request_values(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hub.access")
    mobile = "9123456780"
    pid = str(uuid.uuid4())
    world.client.get(f"/api/v1/patients/{pid}", headers=world["opA"].h)
    world.client.get(f"/api/v1/consults?status={mobile}", headers=world["opA"].h)
    lines = [r.getMessage() for r in caplog.records if r.name == "hub.access"]
    assert lines[-2].startswith("GET /patients/{patient_id} 404 ")
    assert lines[-1].startswith("GET /consults 422 ")
    assert all(pid not in line and mobile not in line for line in lines)
