"""FastAPI dependencies: the hub context, a DB session, the authenticated principal, roles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, load_only

from hub.audit_chain import HEAD_HEADER, parse_spoke_head
from hub.context import HubContext
from hub.errors import ApiError
from hub.models import Device, User
from hub.security import AuthError, Claims, decode_access_token
from hub.spoke_audit import note_head
from protocol.errors import ErrorCode
from protocol.roles import Role

T = TypeVar("T")

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


# Dependencies that do no I/O are ``async``: FastAPI runs a plain ``def`` dependency on a
# worker thread, and each such hop costs more CPU than the check itself (hub_load.py).
async def get_hub(request: Request) -> HubContext:
    hub: HubContext = request.app.state.hub
    return hub


Hub = Annotated[HubContext, Depends(get_hub)]


def _end(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def get_session(hub: Hub) -> AsyncIterator[Session]:
    """The request's session. Opening it does no I/O (it connects on first use); ending it
    (commit, or rollback on any error) runs on a worker thread in one hop, shielded from
    cancellation so a transaction is never left open. The end does not wait for the thread
    pool's capacity (as FastAPI's own exit of a ``def`` dependency): requests that hold a
    connection must be able to give it back while others wait for one on every pool thread."""
    session = hub.sessions()
    try:
        yield session
    except BaseException:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_end, session, False, limiter=CapacityLimiter(1))
        raise
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(_end, session, True, limiter=CapacityLimiter(1))


# "function" scope: the transaction commits before the response leaves, so a 2xx always means
# stored (FastAPI's default would commit after the response is sent).
DB = Annotated[Session, Depends(get_session, scope="function")]
# Roles that sign in without an enrolled device: they never read patient data at a PC that
# keeps it (admins administer; programme managers read aggregate statistics).
DEVICELESS = frozenset({Role.ADMIN.value, Role.PROGRAMME_MANAGER.value})


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    user: User
    device_id: str | None

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def facility_id(self) -> str | None:
        return self.user.facility_id


def unauthorized(
    detail: str = "not authenticated", code: ErrorCode = ErrorCode.NOT_AUTHENTICATED
) -> HTTPException:
    """A 401 whose ``code`` tells the client what to do (sign in again, re-enroll, ...)."""
    return ApiError(401, code, detail, headers={"WWW-Authenticate": "Bearer"})


def authenticate(hub: HubContext, session: Session, token: str | None) -> Principal:
    """Check the bearer token, then the account and device it names are still valid."""
    return verify_claims(hub, session, decode_bearer(hub, token))


def decode_bearer(hub: HubContext, token: str | None) -> Claims:
    """The access token's claims: signature and expiry (no database); 401 otherwise."""
    if not token:
        raise unauthorized()
    try:
        return decode_access_token(hub.config.jwt_secret, token, hub.config.clock.now())
    except AuthError as exc:
        raise unauthorized(str(exc)) from exc


# Built once: building it per request spent more CPU on its cache key than on the query.
_ACCOUNT_AND_DEVICE = (
    select(User, Device)
    .outerjoin(Device, Device.id == bindparam("device_id"))
    .where(User.id == bindparam("user_id"))
)


# The same check reading only the columns it needs, for routes whose work uses no more of the
# caller than its id, role and facility (record PUTs): the account's 17 columns and the
# device's 8, two of them JSON, cost a record PUT more CPU than its own insert (hub_load.py).
# Any other column a route touched would be loaded on first use.
_ACCOUNT_AND_DEVICE_CHECK = _ACCOUNT_AND_DEVICE.options(
    load_only(User.id, User.role, User.facility_id, User.disabled),
    load_only(Device.id, Device.revoked, Device.facility_id),
)


def verify_claims(
    hub: HubContext, session: Session, claims: Claims, check_only: bool = False
) -> Principal:
    """The account and device the token names are still valid, its session still live.
    ``check_only``: the principal's account carries only the columns the check reads."""
    device: Device | None = None
    if claims.device_id is None:
        user = session.get(User, claims.user_id)
    else:  # the account and the device in one round trip
        ids = {"user_id": claims.user_id, "device_id": claims.device_id}
        stmt = _ACCOUNT_AND_DEVICE_CHECK if check_only else _ACCOUNT_AND_DEVICE
        found = session.execute(stmt, ids).first()
        user, device = (found[0], found[1]) if found is not None else (None, None)
    if user is None or user.disabled or user.role != claims.role:
        raise unauthorized("account not valid")
    if user.facility_id != claims.facility_id:
        raise unauthorized("account not valid")
    if claims.device_id is not None:
        if device is None or device.revoked or device.facility_id != user.facility_id:
            raise unauthorized("device revoked", ErrorCode.DEVICE_REVOKED)
    elif user.role not in DEVICELESS:
        raise unauthorized("device required", ErrorCode.DEVICE_REQUIRED)
    now = hub.config.clock.now()
    sid = claims.session_id or ""
    if not hub.live_sessions.alive(session, sid, now, hub.config.session_check_seconds):
        raise unauthorized("session ended", ErrorCode.SESSION_ENDED)
    return Principal(user, claims.device_id)


def _note_reported_head(
    hub: HubContext, session: Session, principal: Principal, reported: str | None
) -> None:
    if reported is not None and principal.device_id is not None:
        head = parse_spoke_head(reported)
        if head is None:
            raise HTTPException(400, f"{HEAD_HEADER} must be <seq>:<sha256 hex>")
        note_head(session, principal.device_id, *head, hub.config.clock.now())


def current_principal(
    hub: Hub, session: DB, request: Request, token: Annotated[str | None, Depends(oauth2)]
) -> Principal:
    principal = authenticate(hub, session, token)
    _note_reported_head(hub, session, principal, request.headers.get(HEAD_HEADER))
    return principal


Caller = Annotated[Principal, Depends(current_principal)]


@dataclass(frozen=True)
class Bearer:
    """A request's hub, its verified access token (signature, expiry) and its spoke's reported
    audit head; the rest of the check needs the database (``in_transaction``)."""

    hub: HubContext
    claims: Claims
    reported_head: str | None


async def bearer(request: Request, token: Annotated[str | None, Depends(oauth2)]) -> Bearer:
    # The hub straight from the app, not through ``Hub``: each dependency FastAPI resolves
    # costs a record PUT more CPU than this (hub_load.py).
    hub: HubContext = request.app.state.hub
    return Bearer(hub, decode_bearer(hub, token), request.headers.get(HEAD_HEADER))


Token = Annotated[Bearer, Depends(bearer)]


async def in_transaction(token: Bearer, work: Callable[[Session, Principal], T]) -> T:
    """``Caller`` + ``DB`` + the route's work in one worker-thread hop instead of three: the
    same checks of the account, device and session (``verify_claims``), then ``work``, then
    the commit, all before the answer; on any error the transaction rolls back. For the
    busiest routes (record PUTs), where the hops cost more CPU than the work (hub_load.py)."""
    return await anyio.to_thread.run_sync(_transaction, token, work)


def _transaction(token: Bearer, work: Callable[[Session, Principal], T]) -> T:
    hub = token.hub
    session = hub.sessions()
    try:
        principal = verify_claims(hub, session, token.claims, check_only=True)
        _note_reported_head(hub, session, principal, token.reported_head)
        result = work(session, principal)
        session.commit()
        return result
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def require_role(*roles: str) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    async def check(principal: Caller) -> Principal:
        if principal.role not in roles:
            raise HTTPException(403, "role not allowed")
        return principal

    return check


AdminOnly = Annotated[Principal, Depends(require_role(Role.ADMIN))]
# Statistics: admins see everything, programme managers their states or districts.
StatsReader = Annotated[Principal, Depends(require_role(Role.ADMIN, Role.PROGRAMME_MANAGER))]
DoctorOnly = Annotated[Principal, Depends(require_role(Role.HUB_DOCTOR))]
OperatorOnly = Annotated[Principal, Depends(require_role(Role.SPOKE_OPERATOR))]
