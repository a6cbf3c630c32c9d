"""OAuth2 token endpoint (password and refresh_token grants), logout and device enrollment."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hub.api import ERRORS
from hub.context import HubContext
from hub.deps import DB, DEVICELESS, Hub, unauthorized
from hub.models import Device, EnrollmentCode, RefreshToken, User
from hub.schemas import EnrollIn, EnrollOut, RefreshIn, TokenOut
from hub.security import (
    Claims,
    constant_equal,
    issue_access_token,
    new_device_secret,
    new_refresh_token,
    normalise_code,
    sha256_hex,
)
from protocol.errors import ErrorCode
from protocol.roles import Role

ENROLL_REFUSED = "enrollment code invalid, used or expired"
router = APIRouter(prefix="/auth", tags=["auth"], responses=ERRORS)


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limit(hub: HubContext, key: str) -> None:
    wait = hub.login_limiter.hit(key)
    if wait:
        raise HTTPException(429, "too many attempts", headers={"Retry-After": str(wait)})


def _issue(
    hub: HubContext, session: Session, user: User, device_id: str | None, family: str | None = None
) -> TokenOut:
    now = hub.config.clock.now()
    cfg = hub.config
    family = family or str(uuid.uuid4())
    access = issue_access_token(
        cfg.jwt_secret,
        Claims(user.id, user.role, user.facility_id, device_id, family),
        now,
        cfg.access_token_seconds,
    )
    token, digest = new_refresh_token()
    session.add(
        RefreshToken(
            id=str(uuid.uuid4()),
            token_hash=digest,
            family_id=family,
            user_id=user.id,
            device_id=device_id,
            issued_at=now,
            expires_at=now + timedelta(seconds=cfg.refresh_token_seconds),
        )
    )
    return TokenOut(
        access_token=access,
        expires_in=cfg.access_token_seconds,
        refresh_token=token,
        role=user.role,
        user_id=user.id,
        facility_id=user.facility_id,
    )


def _live_device(device: Device | None, secret: str) -> bool:
    return (
        device is not None
        and not device.revoked
        and constant_equal(device.secret_hash, sha256_hex(secret))
    )


def _device_ok(session: Session, user: User, device_id: str, secret: str) -> bool:
    device = session.get(Device, device_id) if len(device_id) <= 36 else None
    return (
        _live_device(device, secret)
        and device is not None
        and (device.facility_id == user.facility_id)
    )


def _password_grant(
    hub: HubContext,
    session: Session,
    request: Request,
    username: str,
    password: str,
    client_id: str,
    client_secret: str,
) -> TokenOut:
    _limit(hub, f"{client_key(request)}|{username.lower()}")
    now = hub.config.clock.now()
    user = session.scalar(select(User).where(User.username == username))
    # The slow hash runs outside any transaction: on SQLite a transaction holds the one writer.
    session.rollback()
    if user is not None and user.locked_until and user.locked_until > now:
        hub.passwords.verify(None, password)
        raise unauthorized("account locked, try later", ErrorCode.ACCOUNT_LOCKED)
    ok = hub.passwords.verify(user.password_hash if user else None, password)
    if user is not None:
        session.refresh(user)  # disabled or locked meanwhile?
    if not ok or user is None or user.disabled:
        if user is not None:
            _count_failure(hub, session, user, now)
        raise unauthorized("wrong username or password", ErrorCode.BAD_CREDENTIALS)
    device_id: str | None = None
    if user.role == Role.PROGRAMME_MANAGER and client_id:
        # A programme manager reads the statistics from whichever PC: a hub PC's desktop
        # signs in with its device credentials, which belong to no facility of theirs. The
        # session is deviceless (it never touches patient data); the PC's secret must still
        # be a live one, so a stranger's form cannot pass for a PC.
        device = session.get(Device, client_id) if len(client_id) <= 36 else None
        if not _live_device(device, client_secret):
            raise unauthorized("device not enrolled or revoked", ErrorCode.DEVICE_REVOKED)
        client_id = ""
    if user.role not in DEVICELESS or client_id:
        # Operators and doctors log in only from an enrolled device of their facility; admins
        # and programme managers (no patient data) may log in without one.
        if not client_id or not _device_ok(session, user, client_id, client_secret):
            raise unauthorized("device not enrolled or revoked", ErrorCode.DEVICE_REVOKED)
        device_id = client_id
    user.failed_logins = 0
    user.locked_until = None
    return _issue(hub, session, user, device_id)


def _count_failure(hub: HubContext, session: Session, user: User, now: datetime) -> None:
    # Committed before the 401, which rolls back whatever the request did after this.
    user.failed_logins += 1
    if user.failed_logins >= hub.config.lockout_failures:
        user.locked_until = now + timedelta(seconds=hub.config.lockout_seconds)
        user.failed_logins = 0
    session.commit()


def _revoke_family(hub: HubContext, session: Session, family_id: str) -> None:
    """End the whole family now: committed here, so the 401 that follows cannot undo it."""
    session.execute(
        update(RefreshToken).where(RefreshToken.family_id == family_id).values(revoked=True)
    )
    session.commit()
    hub.live_sessions.forget(family_id)


def _retry_in_grace(hub: HubContext, session: Session, row: RefreshToken, now: datetime) -> bool:
    """Is this used token a retry after a lost answer rather than a stolen copy?

    Only within the grace window, only for a token rotated (not revoked), and only while no
    token issued from it has been used: once the client used its new token, the old one coming
    back is theft.
    """
    grace = hub.config.refresh_grace_seconds
    if row.revoked or row.used_at is None or grace <= 0:
        return False
    if now - row.used_at > timedelta(seconds=grace):
        return False
    used_successor = session.scalar(
        select(RefreshToken.id)
        .where(
            RefreshToken.family_id == row.family_id,
            RefreshToken.id != row.id,
            RefreshToken.issued_at >= row.used_at,
            RefreshToken.used_at.is_not(None),
        )
        .limit(1)
    )
    return used_successor is None


def _supersede(session: Session, row: RefreshToken) -> None:
    """Revoke the tokens issued from ``row`` that never reached the client."""
    assert row.used_at is not None
    session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.family_id == row.family_id,
            RefreshToken.id != row.id,
            RefreshToken.issued_at >= row.used_at,
            RefreshToken.used_at.is_(None),
        )
        .values(revoked=True)
    )


def _refresh_grant(hub: HubContext, session: Session, request: Request, token: str) -> TokenOut:
    _limit(hub, f"{client_key(request)}|refresh")
    now = hub.config.clock.now()
    # The row lock (PostgreSQL; SQLite has one writer at a time) serialises presentations of
    # one token: each sees what the one before it did, so of N at once one rotates and the
    # others are retries that supersede its successor, leaving exactly one live token.
    row = session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == sha256_hex(token))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise unauthorized("invalid refresh token", ErrorCode.SESSION_ENDED)
    retry = row.used_at is not None or row.revoked
    if retry and not _retry_in_grace(hub, session, row, now):
        # A rotated token came back: someone holds a copy. End the whole family.
        _revoke_family(hub, session, row.family_id)
        raise unauthorized("refresh token reused; session revoked", ErrorCode.SESSION_ENDED)
    if row.expires_at <= now:
        raise unauthorized("refresh token expired", ErrorCode.SESSION_ENDED)
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        raise unauthorized("account not valid")
    if row.device_id is not None:
        device = session.get(Device, row.device_id)
        if device is None or device.revoked:
            raise unauthorized("device revoked", ErrorCode.DEVICE_REVOKED)
    if not retry:
        claimed = session.execute(
            update(RefreshToken)
            .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None))
            .values(used_at=now)
        )
        if getattr(claimed, "rowcount", 0) != 1:  # lost a race with another use of the token
            session.refresh(row)
            if not _retry_in_grace(hub, session, row, now):
                _revoke_family(hub, session, row.family_id)
                raise unauthorized("refresh token reused; session revoked", ErrorCode.SESSION_ENDED)
            retry = True
    if retry:
        # The answer to the first use was lost: its token is dropped, a fresh pair is sent.
        _supersede(session, row)
    return _issue(hub, session, user, row.device_id, family=row.family_id)


@router.post("/token", response_model=TokenOut)
def token(
    hub: Hub,
    session: DB,
    request: Request,
    grant_type: Annotated[str, Form(pattern="^(password|refresh_token)$")],
    username: Annotated[str, Form(max_length=80)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    client_id: Annotated[str, Form(max_length=64)] = "",
    client_secret: Annotated[str, Form(max_length=200)] = "",
    refresh_token: Annotated[str, Form(max_length=200)] = "",
) -> TokenOut:
    """OAuth2 token endpoint. Operators and doctors send their device as client_id/secret."""
    if grant_type == "password":
        if not username or not password:
            raise HTTPException(422, "username and password are required")
        return _password_grant(hub, session, request, username, password, client_id, client_secret)
    if not refresh_token:
        raise HTTPException(422, "refresh_token is required")
    return _refresh_grant(hub, session, request, refresh_token)


@router.post("/refresh", response_model=TokenOut)
def refresh(hub: Hub, session: DB, request: Request, body: RefreshIn) -> TokenOut:
    """JSON form of the refresh_token grant: rotates the token."""
    return _refresh_grant(hub, session, request, body.refresh_token)


@router.post("/logout", status_code=204)
def logout(hub: Hub, session: DB, request: Request, body: RefreshIn) -> None:
    """End the session the refresh token belongs to."""
    _limit(hub, f"{client_key(request)}|logout")
    row = session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == sha256_hex(body.refresh_token))
    )
    if row is not None:
        _revoke_family(hub, session, row.family_id)


@router.post("/enroll", response_model=EnrollOut, status_code=201)
def enroll(hub: Hub, session: DB, request: Request, body: EnrollIn) -> EnrollOut:
    """Exchange a one-time enrollment code for a device id and secret. An installation that
    sends its own ``device_secret`` may repeat the call (same code, same secret) until the
    code would have expired, and gets the same device: a lost answer burns no code and leaves
    no device behind that nobody holds credentials for."""
    _limit(hub, f"{client_key(request)}|enroll")
    now = hub.config.clock.now()
    code = session.get(EnrollmentCode, sha256_hex(normalise_code(body.code)))
    if code is None or code.expires_at <= now:
        raise unauthorized(ENROLL_REFUSED, ErrorCode.ENROLLMENT_CODE_INVALID)
    if code.used_at is not None:
        return _enrolled_again(session, code, body)
    if body.device_secret is not None:
        secret, digest = body.device_secret, sha256_hex(body.device_secret)
    else:
        secret, digest = new_device_secret()
    device = Device(
        id=str(uuid.uuid4()),
        facility_id=code.facility_id,
        name=body.name,
        secret_hash=digest,
        enrolled_at=now,
        age_recipient=body.age_recipient,
    )
    claimed = session.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.code_hash == code.code_hash, EnrollmentCode.used_at.is_(None))
        .values(used_at=now, device_id=device.id)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise unauthorized(ENROLL_REFUSED, ErrorCode.ENROLLMENT_CODE_INVALID)
    session.add(device)
    return EnrollOut(device_id=device.id, device_secret=secret, facility_id=device.facility_id)


def _enrolled_again(session: Session, code: EnrollmentCode, body: EnrollIn) -> EnrollOut:
    """A used code comes back: the same installation retrying (its secret matches the device
    the code made) gets that device again; anyone else is refused."""
    device = session.get(Device, code.device_id) if code.device_id else None
    if (
        body.device_secret is None
        or device is None
        or device.revoked
        or not constant_equal(device.secret_hash, sha256_hex(body.device_secret))
    ):
        raise unauthorized(ENROLL_REFUSED, ErrorCode.ENROLLMENT_CODE_INVALID)
    if body.age_recipient is not None:
        device.age_recipient = body.age_recipient
    return EnrollOut(
        device_id=device.id, device_secret=body.device_secret, facility_id=device.facility_id
    )
