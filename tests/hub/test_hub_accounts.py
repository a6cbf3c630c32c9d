"""Sessions and accounts (issue 14, defect 8): logout and revoked sessions end access tokens
within the session check interval, accounts can be disabled from the API and the CLI, a claim
on another doctor's consult tells nothing of it, and 405 answers list every allowed method."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update

from hub.cli import main
from hub.clock import ManualClock
from hub.models import RefreshToken
from tests.hub.world import PASSWORD, World

ME = "/api/v1/ice-servers"  # any route that needs a valid access token


def test_logout_ends_the_access_token_at_once(world: World) -> None:
    op = world["opA"]
    assert world.client.get(ME, headers=op.h).status_code == 200
    r = world.client.post("/api/v1/auth/logout", json={"refresh_token": op.refresh})
    assert r.status_code == 204
    r = world.client.get(ME, headers=op.h)
    assert r.status_code == 401 and r.json()["code"] == "session_ended"
    # Another session of the same account is not affected.
    other = world.login("opA", op.device_id, op.device_secret)
    h = {"Authorization": f"Bearer {other['access_token']}"}
    assert world.client.get(ME, headers=h).status_code == 200


def test_session_ended_elsewhere_ends_access_within_the_check_interval(
    world: World, clock: ManualClock
) -> None:
    """Another worker logged the session out (only the database knows): this worker trusts its
    last look for ``session_check_seconds``, then refuses the token."""
    op = world["opA"]
    assert world.client.get(ME, headers=op.h).status_code == 200  # looked at: live
    with world.hub.sessions() as s:
        s.execute(update(RefreshToken).values(revoked=True))
        s.commit()
    ttl = world.hub.config.session_check_seconds
    assert ttl <= 5
    clock.advance(ttl - 1)
    assert world.client.get(ME, headers=op.h).status_code == 200  # still the cached look
    clock.advance(1)
    r = world.client.get(ME, headers=op.h)
    assert r.status_code == 401 and r.json()["code"] == "session_ended"


def test_refresh_reuse_ends_the_access_tokens_of_the_family(
    world: World, clock: ManualClock
) -> None:
    op = world["opA"]
    first = world.client.post("/api/v1/auth/refresh", json={"refresh_token": op.refresh}).json()
    h = {"Authorization": f"Bearer {first['access_token']}"}
    assert world.client.get(ME, headers=h).status_code == 200
    clock.advance(world.hub.config.refresh_grace_seconds + 1)
    r = world.client.post("/api/v1/auth/refresh", json={"refresh_token": op.refresh})
    assert r.status_code == 401  # a stolen copy came back: the family ends
    assert world.client.get(ME, headers=h).status_code == 401


def test_admin_disables_an_account(world: World) -> None:
    op = world["opA"]
    url = f"/api/v1/admin/users/{op.user_id}/disable"
    assert world.client.post(url, headers=op.h).status_code == 403
    r = world.client.post(url, headers=world["admin"].h)
    assert r.status_code == 200 and r.json()["disabled"] is True
    assert world.client.get(ME, headers=op.h).status_code == 401
    r = world.client.post("/api/v1/auth/refresh", json={"refresh_token": op.refresh})
    assert r.status_code == 401
    form = {
        "grant_type": "password",
        "username": "opA",
        "password": PASSWORD,
        "client_id": op.device_id or "",
        "client_secret": op.device_secret or "",
    }
    assert world.client.post("/api/v1/auth/token", data=form).status_code == 401
    # An admin cannot lock themselves out; unknown users are 404.
    admin = world["admin"]
    me = f"/api/v1/admin/users/{admin.user_id}/disable"
    assert world.client.post(me, headers=admin.h).status_code == 409
    nobody = "/api/v1/admin/users/00000000-0000-4000-8000-000000000000/disable"
    assert world.client.post(nobody, headers=admin.h).status_code == 404
    # Enabled again: a new login works.
    r = world.client.post(f"/api/v1/admin/users/{op.user_id}/enable", headers=admin.h)
    assert r.status_code == 200 and r.json()["disabled"] is False
    assert world.client.post("/api/v1/auth/token", data=form).status_code == 200


def test_cli_disables_an_account(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data", str(tmp_path / "hub"), "--db", db_url]
    assert main([*base, "init", "--admin", "root", "--password", "a long password"]) == 0
    assert (
        main([*base, "add-user", "root2", "--role", "admin", "--password", "another long password"])
        == 0
    )
    capsys.readouterr()
    assert main([*base, "user", "disable", "root2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["username"] == "root2" and out["disabled"] is True
    assert main([*base, "user", "disable", "nobody"]) == 2
    assert "no such user" in capsys.readouterr().err


def test_cli_disable_stops_a_live_token(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """The command works on the database the running hub uses; the hub refuses the token on
    its next request (the account is checked per request)."""
    op = world["opA"]
    url = world.hub.engine.url.render_as_string(hide_password=False)
    data = Path(world.hub.config.blobs_dir).parent / "cli-data"
    assert main(["--data", str(data), "--db", url, "user", "disable", "opA"]) == 0
    capsys.readouterr()
    assert world.client.get(ME, headers=op.h).status_code == 401


def test_claim_on_another_doctors_consult_reveals_nothing(world: World) -> None:
    world.online("doc1")
    taken = world.consult("opA")  # assigned to doc1
    assert taken["assigned_doctor_id"] == world["doc1"].user_id
    r = world.client.post(f"/api/v1/consults/{taken['id']}/claim", headers=world["doc2"].h)
    assert r.status_code == 409
    assert r.json() == {"code": "conflict", "detail": "consult cannot be claimed"}
    for status in ("assigned", "in_progress", "completed", "withdrawn", "queued"):
        assert status not in r.text


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/v1/patients/00000000-0000-4000-8000-000000000000", "GET, PUT"),
        ("POST", "/api/v1/consults/00000000-0000-4000-8000-000000000000", "GET, PUT, DELETE"),
        (
            "POST",
            "/api/v1/uploads/00000000000000000000000000000000",
            "HEAD, PATCH, DELETE, OPTIONS",
        ),
        ("GET", "/api/v1/auth/token", "POST"),
    ],
)
def test_405_lists_every_allowed_method(world: World, method: str, path: str, allow: str) -> None:
    r = world.client.request(method, path, headers=world["opA"].h)
    assert r.status_code == 405
    assert r.headers["allow"] == allow


def test_token_form_states_each_grants_required_fields(world: World) -> None:
    spec = world.client.get("/openapi.json").json()
    body = spec["paths"]["/api/v1/auth/token"]["post"]["requestBody"]
    form = body["content"]["application/x-www-form-urlencoded"]["schema"]
    assert [ref["$ref"].rsplit("/", 1)[-1] for ref in form["oneOf"]] == [
        "PasswordGrant",
        "RefreshTokenGrant",
    ]
    schemas = spec["components"]["schemas"]
    assert schemas["PasswordGrant"]["required"] == ["grant_type", "username", "password"]
    assert schemas["RefreshTokenGrant"]["required"] == ["grant_type", "refresh_token"]
    # What the spec calls required, the server requires.
    for form_body in ({"grant_type": "password", "username": "opA"}, {"grant_type": "password"}):
        assert world.client.post("/api/v1/auth/token", data=form_body).status_code == 422
    r = world.client.post("/api/v1/auth/token", data={"grant_type": "refresh_token"})
    assert r.status_code == 422


def test_facility_and_account_rules_are_in_the_spec_and_missing_rows_are_404(
    world: World,
) -> None:
    schemas = world.client.get("/openapi.json").json()["components"]["schemas"]
    assert {b["properties"]["kind"]["const"] for b in schemas["FacilityIn"]["oneOf"]} == {
        "hub",
        "spoke",
    }
    roles = {b["properties"]["role"]["const"]: b for b in schemas["UserIn"]["oneOf"]}
    assert roles["hub_doctor"]["required"] == ["facility_id", "specialties"]
    admin = world["admin"].h
    missing = "00000000-0000-4000-8000-000000000000"
    spoke = {"kind": "spoke", "name": "HWC", "state": "Bihar"}
    r = world.client.post("/api/v1/admin/facilities", json=spoke, headers=admin)
    assert r.status_code == 422  # schema-invalid: a spoke names its hub
    r = world.client.post(
        "/api/v1/admin/facilities", json=spoke | {"hub_id": missing}, headers=admin
    )
    assert r.status_code == 404  # schema-valid, but no such hub
    user = {"username": "newop", "password": "a long password", "role": "spoke_operator"}
    assert world.client.post("/api/v1/admin/users", json=user, headers=admin).status_code == 422
    r = world.client.post(
        "/api/v1/admin/users", json=user | {"facility_id": missing}, headers=admin
    )
    assert r.status_code == 404
    world.online("doc1")
    body = {"patient_id": missing, "specialty": "general_medicine"}
    r = world.client.put(f"/api/v1/consults/{missing}", json=body, headers=world["opA"].h)
    assert r.status_code == 404
