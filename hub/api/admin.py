"""Administration: facilities, users, enrollment codes, devices (admin role only)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.api import ERRORS
from hub.api.queue import user_out
from hub.config import HubConfig
from hub.context import HubContext
from hub.deps import DB, AdminOnly, Hub
from hub.models import Device, EnrollmentCode, Facility, RefreshToken, User
from hub.schemas import DeviceOut, EnrollmentCodeOut, FacilityIn, FacilityOut, UserIn, UserOut
from hub.security import Passwords, new_enrollment_code

router = APIRouter(prefix="/admin", tags=["admin"], responses=ERRORS)
IdPath = Annotated[uuid.UUID, "uuid"]


def facility_out(f: Facility) -> FacilityOut:
    return FacilityOut(
        id=f.id, kind=f.kind, name=f.name, state=f.state, district=f.district, hub_id=f.hub_id
    )


def add_facility(session: Session, config: HubConfig, body: FacilityIn) -> Facility:
    hub_id = str(body.hub_id) if body.hub_id else None
    if body.kind == "spoke":
        if not hub_id:
            raise HTTPException(422, "a spoke needs hub_id")
        parent = session.get(Facility, hub_id)
        if parent is None or parent.kind != "hub":
            raise HTTPException(404, "no such hub")
    elif hub_id:
        raise HTTPException(422, "a hub has no hub_id")
    facility = Facility(
        id=str(uuid.uuid4()),
        kind=body.kind,
        name=body.name,
        state=body.state,
        district=body.district,
        hub_id=hub_id,
        created_at=config.clock.now(),
    )
    session.add(facility)
    session.flush()
    return facility


def add_user(session: Session, config: HubConfig, passwords: Passwords, body: UserIn) -> User:
    fid = str(body.facility_id) if body.facility_id else None
    facility = session.get(Facility, fid) if fid else None
    wanted = {"spoke_operator": "spoke", "hub_doctor": "hub"}.get(body.role)
    if wanted and fid is None:
        raise HTTPException(422, f"a {body.role} needs facility_id")
    if wanted and (facility is None or facility.kind != wanted):
        raise HTTPException(404, f"no such {wanted}")
    if body.role in ("admin", "programme_manager") and fid:
        raise HTTPException(422, f"a {body.role} is not scoped to a facility")
    if (body.role == "programme_manager") != bool(body.scope):
        raise HTTPException(422, "a scope (states or districts) is for a programme_manager only")
    if body.role == "hub_doctor" and not body.specialties:
        raise HTTPException(422, "a doctor needs at least one specialty")
    if session.scalar(select(User.id).where(User.username == body.username)):
        raise HTTPException(409, "username taken")
    user = User(
        id=str(uuid.uuid4()),
        username=body.username,
        password_hash=passwords.hash(body.password),
        role=body.role,
        facility_id=fid,
        full_name=body.full_name,
        registration_number=body.registration_number,
        specialties=list(body.specialties),
        stat_scope=[s.model_dump() for s in body.scope],
        availability="offline",
        created_at=config.clock.now(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise HTTPException(409, "username taken") from None
    return user


def set_disabled(hub: HubContext, session: Session, user: User, disabled: bool) -> User:
    """Disable (or enable again) an account. A disabled account's access tokens stop working
    at once (each request checks the account) and its login sessions end."""
    user.disabled = disabled
    if disabled:
        session.execute(
            update(RefreshToken).where(RefreshToken.user_id == user.id).values(revoked=True)
        )
        hub.live_sessions.forget_all()
    session.flush()
    return user


def add_enrollment_code(session: Session, config: HubConfig, facility_id: str) -> EnrollmentCodeOut:
    if session.get(Facility, facility_id) is None:
        raise HTTPException(404, "no such facility")
    code, digest = new_enrollment_code()
    expires = config.clock.now() + timedelta(seconds=config.enrollment_code_seconds)
    session.add(EnrollmentCode(code_hash=digest, facility_id=facility_id, expires_at=expires))
    session.flush()
    return EnrollmentCodeOut(code=code, facility_id=facility_id, expires_at=expires)


@router.post("/facilities", response_model=FacilityOut, status_code=201)
def create_facility(hub: Hub, session: DB, who: AdminOnly, body: FacilityIn) -> FacilityOut:
    return facility_out(add_facility(session, hub.config, body))


@router.get("/facilities", response_model=list[FacilityOut])
def list_facilities(session: DB, who: AdminOnly) -> list[FacilityOut]:
    return [facility_out(f) for f in session.scalars(select(Facility).order_by(Facility.name))]


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(hub: Hub, session: DB, who: AdminOnly, body: UserIn) -> UserOut:
    return user_out(add_user(session, hub.config, hub.passwords, body))


@router.post("/users/{user_id}/disable", response_model=UserOut)
def disable_user(hub: Hub, session: DB, who: AdminOnly, user_id: IdPath) -> UserOut:
    """Disable an account: its tokens stop working at once and it can no longer log in."""
    user = session.get(User, str(user_id))
    if user is None:
        raise HTTPException(404, "no such user")
    if user.id == who.user.id:
        raise HTTPException(409, "an admin cannot disable their own account")
    return user_out(set_disabled(hub, session, user, True))


@router.post("/users/{user_id}/enable", response_model=UserOut)
def enable_user(hub: Hub, session: DB, who: AdminOnly, user_id: IdPath) -> UserOut:
    """Let a disabled account log in again (its old sessions stay ended)."""
    user = session.get(User, str(user_id))
    if user is None:
        raise HTTPException(404, "no such user")
    return user_out(set_disabled(hub, session, user, False))


@router.post(
    "/facilities/{facility_id}/enrollment-codes", response_model=EnrollmentCodeOut, status_code=201
)
def create_code(hub: Hub, session: DB, who: AdminOnly, facility_id: IdPath) -> EnrollmentCodeOut:
    """A one-time device enrollment code for the facility (shown once)."""
    return add_enrollment_code(session, hub.config, str(facility_id))


@router.get("/facilities/{facility_id}/devices", response_model=list[DeviceOut])
def list_devices(session: DB, who: AdminOnly, facility_id: IdPath) -> list[DeviceOut]:
    rows = session.scalars(select(Device).where(Device.facility_id == str(facility_id)))
    return [
        DeviceOut(id=d.id, facility_id=d.facility_id, name=d.name, revoked=d.revoked) for d in rows
    ]


@router.post("/devices/{device_id}/revoke", response_model=DeviceOut)
def revoke_device(session: DB, who: AdminOnly, device_id: IdPath) -> DeviceOut:
    """Revoke a device: its tokens stop working at once."""
    device = session.get(Device, str(device_id))
    if device is None:
        raise HTTPException(404, "no such device")
    device.revoked = True
    return DeviceOut(id=device.id, facility_id=device.facility_id, name=device.name, revoked=True)
