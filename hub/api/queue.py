"""Doctor availability, the hub queue, claim/accept/decline/complete, and queue position."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException
from sqlalchemy import or_, select

from hub import audit, queue
from hub.access import load_consult
from hub.api import ERRORS
from hub.api.doctor_queue import queue_items, record_decline
from hub.api.records import consult_out
from hub.deps import DB, Caller, DoctorOnly, Hub
from hub.models import Consult
from hub.schemas import AvailabilityIn, ConsultOut, QueuePositionOut, UserOut
from protocol.schemas import DeclineIn, QueueItem

router = APIRouter(tags=["queue"], responses=ERRORS)
IdPath = Annotated[uuid.UUID, "consult id"]


def user_out(u: Any) -> UserOut:
    return UserOut(
        id=u.id,
        username=u.username,
        role=u.role,
        facility_id=u.facility_id,
        full_name=u.full_name,
        registration_number=u.registration_number,
        specialties=list(u.specialties or []),
        availability=u.availability,
        disabled=bool(u.disabled),
        scope=list(u.stat_scope or []),
    )


@router.put("/doctors/me/availability", response_model=UserOut)
def set_availability(hub: Hub, session: DB, who: DoctorOnly, body: AvailabilityIn) -> UserOut:
    """online / away / offline. Going away or offline hands back unaccepted assignments."""
    now = hub.config.clock.now()
    user = who.user
    session.add(user)
    if user.availability != body.availability:
        user.availability = body.availability
        user.availability_since = now
    session.flush()
    assert user.facility_id is not None
    queue.sweep(session, now, hub.config.accept_timeout_seconds, user.facility_id)
    return user_out(user)


@router.get("/doctors/me/queue", response_model=list[QueueItem])
def my_queue(hub: Hub, session: DB, who: DoctorOnly) -> list[QueueItem]:
    """Consults assigned to me, then the queued ones of my specialties I could claim; each with
    its spoke, the patient's age and sex, how long it has waited and whether it is offered to
    me (no clinical content)."""
    now = hub.config.clock.now()
    assert who.facility_id is not None
    queue.sweep(session, now, hub.config.accept_timeout_seconds, who.facility_id)
    rows = session.scalars(
        select(Consult)
        .where(
            Consult.hub_id == who.facility_id,
            or_(
                Consult.assigned_doctor_id == who.user.id,
                (Consult.status == "queued")
                & Consult.specialty.in_(list(who.user.specialties or [])),
            ),
            Consult.status.in_(("queued", "assigned", "in_progress")),
        )
        .order_by(Consult.priority.desc(), Consult.queued_at, Consult.id)
        .limit(200)
    )
    shown = list(rows)
    audit.record_all(session, hub.config.clock, who, "list", "consult", [c.id for c in shown])
    return queue_items(session, who, shown, now)


@router.post("/consults/{consult_id}/claim", response_model=ConsultOut)
def claim(hub: Hub, session: DB, who: DoctorOnly, consult_id: IdPath) -> ConsultOut:
    """Take a queued consult of one of my specialties; it is accepted at once."""
    now = hub.config.clock.now()
    consult = session.get(Consult, str(consult_id))
    if consult is None or consult.hub_id != who.facility_id:
        audit.denied(session, hub.config.clock, who, "claim", "consult", str(consult_id), 404)
        raise HTTPException(404, "not found")
    if consult.specialty not in (who.user.specialties or []):
        audit.denied(session, hub.config.clock, who, "claim", "consult", consult.id, 403)
        raise HTTPException(403, "not one of your specialties")
    if consult.status == "assigned" and consult.assigned_doctor_id == who.user.id:
        pass
    elif consult.status != "queued":
        # Whatever became of it (another doctor's, finished, withdrawn) is not told.
        raise HTTPException(409, "consult cannot be claimed")
    else:
        queue.move(consult, "assigned", now)
        consult.assigned_doctor_id = who.user.id
    queue.move(consult, "in_progress", now)
    audit.record(session, hub.config.clock, who, "claim", "consult", consult.id)
    session.flush()
    queue.assign_queued(session, consult.hub_id, now)
    return consult_out(consult)


def _mine(hub: Any, session: Any, who: Any, consult_id: str) -> Consult:
    consult = load_consult(hub, session, who, consult_id, "read")
    if consult.assigned_doctor_id != who.user.id:
        raise HTTPException(403, "not assigned to you")
    return consult


def _step(hub: Any, session: Any, who: Any, consult_id: uuid.UUID, status: str) -> ConsultOut:
    consult = _mine(hub, session, who, str(consult_id))
    try:
        if status == "queued":
            queue.requeue(consult, hub.config.clock.now())
            session.flush()
            queue.assign_queued(session, consult.hub_id, hub.config.clock.now())
        else:
            queue.move(consult, status, hub.config.clock.now())
            session.flush()
            # The doctor's offer slot is free again: offer the next consult.
            queue.assign_queued(session, consult.hub_id, hub.config.clock.now())
    except queue.TransitionError as exc:
        raise HTTPException(409, str(exc)) from None
    return consult_out(consult)


@router.post("/consults/{consult_id}/accept", response_model=ConsultOut)
def accept(hub: Hub, session: DB, who: DoctorOnly, consult_id: IdPath) -> ConsultOut:
    return _step(hub, session, who, consult_id, "in_progress")


@router.post("/consults/{consult_id}/decline", response_model=ConsultOut)
def decline(
    hub: Hub, session: DB, who: DoctorOnly, consult_id: IdPath, body: DeclineIn | None = None
) -> ConsultOut:
    """Hand an assigned consult back, optionally saying why; it goes to another doctor if one
    can take it."""
    consult = _mine(hub, session, who, str(consult_id))
    if consult.status != "assigned":
        raise HTTPException(409, f"consult is {consult.status}")
    record_decline(session, hub.config.clock, who, consult, body.reason if body else "")
    return _step(hub, session, who, consult_id, "queued")


@router.post("/consults/{consult_id}/complete", response_model=ConsultOut)
def complete(hub: Hub, session: DB, who: DoctorOnly, consult_id: IdPath) -> ConsultOut:
    return _step(hub, session, who, consult_id, "completed")


@router.get("/consults/{consult_id}/queue", response_model=QueuePositionOut)
def queue_position(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> QueuePositionOut:
    """Where the consult stands and the estimated wait (from recent service times)."""
    consult = load_consult(hub, session, who, str(consult_id), "read")
    queue.sweep(session, hub.config.clock.now(), hub.config.accept_timeout_seconds, consult.hub_id)
    session.refresh(consult)
    place, wait = queue.position(session, consult)
    return QueuePositionOut(
        id=consult.id, status=consult.status, position=place, estimated_wait_seconds=wait
    )
