"""Every error answer carries a machine-readable ``code`` (protocol.errors.ErrorCode) beside
the human ``detail``: HTTP errors, validation errors, the router's own 404/405, and each kind
of 401 the spoke must tell apart."""

from __future__ import annotations

import uuid

from protocol.errors import ErrorCode
from tests.hub.world import PASSWORD, World


def code(r: object) -> ErrorCode:
    body = r.json()  # type: ignore[attr-defined]
    assert isinstance(body.get("detail"), str | list | dict), body
    return ErrorCode(body["code"])


def test_each_kind_of_401_has_its_code(world: World) -> None:
    c = world.client
    assert code(c.get("/api/v1/doctors/me/queue")) is ErrorCode.NOT_AUTHENTICATED
    bad = {"Authorization": "Bearer not-a-token"}
    assert code(c.get("/api/v1/doctors/me/queue", headers=bad)) is ErrorCode.NOT_AUTHENTICATED
    op = world["opA"]
    wrong = {"grant_type": "password", "username": "opA", "password": "wrong password!"}
    wrong |= {"client_id": op.device_id or "", "client_secret": op.device_secret or ""}
    assert code(c.post("/api/v1/auth/token", data=wrong)) is ErrorCode.BAD_CREDENTIALS
    stranger = {"grant_type": "password", "username": "opA", "password": PASSWORD}
    stranger |= {"client_id": str(uuid.uuid4()), "client_secret": "x" * 40}
    assert code(c.post("/api/v1/auth/token", data=stranger)) is ErrorCode.DEVICE_REVOKED
    refresh = {"grant_type": "refresh_token", "refresh_token": "no-such-token"}
    assert code(c.post("/api/v1/auth/token", data=refresh)) is ErrorCode.SESSION_ENDED
    enroll = c.post("/api/v1/auth/enroll", json={"code": "WRONG-CODE-1234"})
    assert enroll.status_code == 401
    assert code(enroll) is ErrorCode.ENROLLMENT_CODE_INVALID
    # The administrator revokes the operator's PC: its next request says so by code.
    revoked = c.post(f"/api/v1/admin/devices/{op.device_id}/revoke", headers=world["admin"].h)
    assert revoked.status_code == 200, revoked.text
    r = c.get(f"/api/v1/patients/{uuid.uuid4()}", headers=op.h)
    assert r.status_code == 401 and code(r) is ErrorCode.DEVICE_REVOKED
    again = {"grant_type": "refresh_token", "refresh_token": op.refresh}
    assert code(c.post("/api/v1/auth/token", data=again)) is ErrorCode.DEVICE_REVOKED


def test_request_errors_have_codes(world: World) -> None:
    c, op = world.client, world["opA"]
    r = c.get(f"/api/v1/patients/{uuid.uuid4()}", headers=op.h)
    assert r.status_code == 404 and code(r) is ErrorCode.NOT_FOUND
    r = c.get("/api/v1/no-such-route", headers=op.h)
    assert r.status_code == 404 and code(r) is ErrorCode.NOT_FOUND
    r = c.get("/api/v1/admin/facilities", headers=op.h)
    assert r.status_code == 403 and code(r) is ErrorCode.FORBIDDEN
    r = c.put(f"/api/v1/patients/{uuid.uuid4()}", json={"resource": 5}, headers=op.h)
    assert r.status_code == 422 and code(r) is ErrorCode.INVALID
    assert isinstance(r.json()["detail"], list)  # names the fields, for people and logs
    r = c.delete("/api/v1/auth/enroll")
    assert r.status_code == 405 and code(r) is ErrorCode.METHOD_NOT_ALLOWED


def test_tus_errors_have_codes_too(world: World) -> None:
    c, op = world.client, world["opA"]
    r = c.post("/api/v1/uploads", headers=op.h | {"Upload-Length": "10"})
    assert r.status_code == 412 and code(r) is ErrorCode.PRECONDITION_FAILED
