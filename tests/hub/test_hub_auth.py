"""Auth: every bad credential answers 401; refresh tokens rotate and reuse ends the session."""

from __future__ import annotations

import base64
import json

import httpx
import jwt
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from hub.clock import ManualClock
from hub.models import RefreshToken
from tests.hub.world import PASSWORD, World

ME = "/api/v1/consults"


def _forge(payload: dict[str, object], header: dict[str, str]) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}."


def test_valid_token_is_accepted(world: World) -> None:
    assert world.client.get(ME, headers=world["opA"].h).status_code == 200


def test_no_token(world: World) -> None:
    r = world.client.get(ME)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_expired_token(world: World, clock: ManualClock) -> None:
    clock.advance(world.hub.config.access_token_seconds + 1)
    assert world.client.get(ME, headers=world["opA"].h).status_code == 401


def test_bad_signature(world: World) -> None:
    claims = jwt.decode(world["opA"].token, options={"verify_signature": False})
    forged = jwt.encode(claims, "not-the-hub-secret-" + "y" * 30, algorithm="HS256")
    r = world.client.get(ME, headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401
    # A tampered payload under the original signature fails too.
    head, _, sig = world["opA"].token.split(".")
    claims["role"] = "admin"
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    r = world.client.get(ME, headers={"Authorization": f"Bearer {head}.{body}.{sig}"})
    assert r.status_code == 401


def test_alg_none(world: World) -> None:
    claims = jwt.decode(world["admin"].token, options={"verify_signature": False})
    for alg in ("none", "None", "NONE"):
        token = _forge(claims, {"alg": alg, "typ": "JWT"})
        r = world.client.get(
            "/api/v1/admin/facilities", headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 401


def test_revoked_device(world: World) -> None:
    op = world["opA"]
    r = world.client.post(f"/api/v1/admin/devices/{op.device_id}/revoke", headers=world["admin"].h)
    assert r.status_code == 200
    assert world.client.get(ME, headers=op.h).status_code == 401
    # Neither refresh nor a new login works from the revoked device.
    r = world.client.post("/api/v1/auth/refresh", json={"refresh_token": op.refresh})
    assert r.status_code == 401
    form = {
        "grant_type": "password",
        "username": "opA",
        "password": PASSWORD,
        "client_id": op.device_id,
        "client_secret": op.device_secret,
    }
    assert world.client.post("/api/v1/auth/token", data=form).status_code == 401


def test_refresh_rotates_and_reuse_revokes_family(world: World, clock: ManualClock) -> None:
    op = world["opA"]
    r1 = world.client.post("/api/v1/auth/refresh", json={"refresh_token": op.refresh})
    assert r1.status_code == 200
    new = r1.json()
    assert new["refresh_token"] != op.refresh
    # The old token comes back (stolen copy) after the retry grace: 401, the family is revoked.
    clock.advance(world.hub.config.refresh_grace_seconds + 1)
    r2 = world.client.post("/api/v1/auth/refresh", json={"refresh_token": op.refresh})
    assert r2.status_code == 401
    r3 = world.client.post(
        "/api/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": new["refresh_token"]},
    )
    assert r3.status_code == 401
    with world.hub.sessions() as s:
        rows = s.scalars(select(RefreshToken).where(RefreshToken.user_id == op.user_id)).all()
        assert rows and all(row.revoked for row in rows)
        # Only hashes are stored.
        assert all(row.token_hash != op.refresh for row in rows)


def _refresh(world: World, token: str) -> httpx.Response:
    return world.client.post("/api/v1/auth/refresh", json={"refresh_token": token})


def test_retried_refresh_within_grace_gets_a_fresh_pair(world: World, clock: ManualClock) -> None:
    """The answer to a refresh is lost; the client retries with the same token 30 s later."""
    op = world["opA"]
    lost = _refresh(world, op.refresh)
    assert lost.status_code == 200
    clock.advance(30)
    retry = _refresh(world, op.refresh)
    assert retry.status_code == 200
    pair = retry.json()
    assert pair["refresh_token"] not in (op.refresh, lost.json()["refresh_token"])
    me = {"Authorization": f"Bearer {pair['access_token']}"}
    assert world.client.get("/api/v1/consults", headers=me).status_code == 200
    clock.advance(30)  # a second retry at the edge of the window still works
    again = _refresh(world, op.refresh)
    assert again.status_code == 200
    pair = again.json()
    # The client goes on with the last pair it received: rotation continues normally.
    nxt = _refresh(world, pair["refresh_token"])
    assert nxt.status_code == 200
    me = {"Authorization": f"Bearer {nxt.json()['access_token']}"}
    assert world.client.get("/api/v1/consults", headers=me).status_code == 200
    with world.hub.sessions() as s:
        live = s.scalars(
            select(RefreshToken).where(
                RefreshToken.user_id == op.user_id,
                RefreshToken.used_at.is_(None),
                RefreshToken.revoked.is_(False),
            )
        ).all()
    assert len(live) == 1  # the pairs that never arrived were dropped, not left valid
    # A pair that never arrived is dead; presenting it counts as theft.
    assert _refresh(world, lost.json()["refresh_token"]).status_code == 401
    assert _refresh(world, nxt.json()["refresh_token"]).status_code == 401


def test_reuse_outside_grace_revokes_everything(world: World, clock: ManualClock) -> None:
    op = world["opA"]
    first = _refresh(world, op.refresh)
    assert first.status_code == 200
    clock.advance(world.hub.config.refresh_grace_seconds + 1)
    assert _refresh(world, op.refresh).status_code == 401
    assert _refresh(world, first.json()["refresh_token"]).status_code == 401


def test_reuse_after_the_new_token_was_used_revokes_everything(world: World) -> None:
    """Within the window, but the client evidently got its answer: the old token is a copy."""
    op = world["opA"]
    first = _refresh(world, op.refresh).json()
    second = _refresh(world, first["refresh_token"])
    assert second.status_code == 200
    assert _refresh(world, op.refresh).status_code == 401
    assert _refresh(world, second.json()["refresh_token"]).status_code == 401


def test_refresh_expired(world: World, clock: ManualClock) -> None:
    clock.advance(world.hub.config.refresh_token_seconds + 1)
    r = world.client.post("/api/v1/auth/refresh", json={"refresh_token": world["opA"].refresh})
    assert r.status_code == 401


def test_wrong_password_and_unknown_user(world: World) -> None:
    op = world["opA"]
    for user, pw in (("opA", "wrong password!"), ("nobody", PASSWORD)):
        form = {
            "grant_type": "password",
            "username": user,
            "password": pw,
            "client_id": op.device_id,
            "client_secret": op.device_secret,
        }
        assert world.client.post("/api/v1/auth/token", data=form).status_code == 401


def test_operator_needs_device_of_own_facility(world: World) -> None:
    form = {"grant_type": "password", "username": "opA", "password": PASSWORD}
    assert world.client.post("/api/v1/auth/token", data=form).status_code == 401
    ob = world["opB"]  # a device enrolled to spoke B
    form |= {"client_id": ob.device_id, "client_secret": ob.device_secret}
    assert world.client.post("/api/v1/auth/token", data=form).status_code == 401


def test_enrollment_code_is_one_time(world: World) -> None:
    code = world.enrollment_code("spokeA")
    assert world.client.post("/api/v1/auth/enroll", json={"code": code}).status_code == 201
    assert world.client.post("/api/v1/auth/enroll", json={"code": code}).status_code == 401


def test_enrollment_code_expires(world: World, clock: ManualClock) -> None:
    code = world.enrollment_code("spokeA")
    clock.advance(world.hub.config.enrollment_code_seconds + 1)
    assert world.client.post("/api/v1/auth/enroll", json={"code": code}).status_code == 401


def test_login_rate_limit(world: World, clock: ManualClock) -> None:
    limit, window = world.hub.config.login_rate
    form = {"grant_type": "password", "username": "doc1", "password": "bad password"}
    codes = [
        world.client.post("/api/v1/auth/token", data=form).status_code for _ in range(limit + 1)
    ]
    assert codes[-1] == 429
    r = world.client.post("/api/v1/auth/token", data=form)
    assert r.status_code == 429 and 0 < int(r.headers["Retry-After"]) <= window
    clock.advance(window)
    assert world.client.post("/api/v1/auth/token", data=form).status_code == 401


def test_lockout_after_repeated_failures(world: World) -> None:
    op = world["opB"]
    base = {
        "grant_type": "password",
        "username": "opB",
        "client_id": op.device_id,
        "client_secret": op.device_secret,
    }
    for _ in range(world.hub.config.lockout_failures):
        world.client.post("/api/v1/auth/token", data=base | {"password": "bad password"})
    # Locked: even the right password is refused for a while.
    assert (
        world.client.post("/api/v1/auth/token", data=base | {"password": PASSWORD}).status_code
        == 401
    )


@pytest.mark.parametrize("role_user", ["opA", "doc1"])
def test_admin_routes_forbid_other_roles(world: World, role_user: str) -> None:
    assert (
        world.client.get("/api/v1/admin/facilities", headers=world[role_user].h).status_code == 403
    )


def test_garbage_bearer(client: TestClient) -> None:
    for value in ("Bearer x.y.z", "Bearer ", "Basic abc", "Bearer " + "a" * 5000):
        assert client.get(ME, headers={"Authorization": value}).status_code == 401


def test_a_checked_token_still_expires_and_a_refused_one_stays_refused() -> None:
    """Verified tokens are kept (hub.security._verified); expiry is checked on every use,
    and a token that failed verification is verified (and refused) again."""
    from datetime import UTC, datetime, timedelta

    from hub.security import AuthError, Claims, decode_access_token, issue_access_token

    secret = "s" * 40
    now = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    claims = Claims("u1", "spoke_operator", "f1", "d1", "sid-1")
    token = issue_access_token(secret, claims, now, 600)
    assert decode_access_token(secret, token, now) == claims
    assert decode_access_token(secret, token, now + timedelta(seconds=599)) == claims
    with pytest.raises(AuthError, match="expired"):
        decode_access_token(secret, token, now + timedelta(seconds=600))
    with pytest.raises(AuthError, match="invalid"):  # another hub's secret
        decode_access_token("t" * 40, token, now)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for _ in range(2):
        with pytest.raises(AuthError, match="invalid"):
            decode_access_token(secret, forged, now)
