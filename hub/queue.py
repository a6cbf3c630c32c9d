"""Consult queue: status transitions, auto-assignment, timeouts, positions and wait estimates.

Queue order is priority (emergency > urgent > routine), then time queued. The head of the queue
is offered to an online doctor of its hub and specialty who has no offer pending, choosing the
shortest queue (fewest assigned + in-progress consults; ties: online longest, then username).
An offer not accepted within the timeout, or held by a doctor who went away or offline, returns
to the queue and avoids that doctor while another can take it.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hub.models import Consult, User
from protocol.vocab import CONSULT_MOVES

PRIORITIES = {"routine": 0, "urgent": 1, "emergency": 2}
PRIORITY_NAMES = {v: k for k, v in PRIORITIES.items()}
# The consult states and their moves are the shared vocabulary (protocol.vocab).
TRANSITIONS: dict[str, frozenset[str]] = {
    state.value: frozenset(to.value for to in moves) for state, moves in CONSULT_MOVES.items()
}
ACTIVE = ("assigned", "in_progress")
DEFAULT_SERVICE_SECONDS = 600.0
SERVICE_SAMPLE = 20


class TransitionError(ValueError):
    """A status change the workflow does not allow."""


def move(consult: Consult, status: str, now: datetime) -> None:
    if status not in TRANSITIONS[consult.status]:
        raise TransitionError(f"cannot go from {consult.status} to {status}")
    consult.status = status
    consult.updated_at = now
    if status == "queued":
        consult.queued_at = consult.queued_at or now
        consult.assigned_doctor_id = None
        consult.assigned_at = None
    elif status == "assigned":
        consult.assigned_at = now
    elif status == "in_progress":
        consult.accepted_at = now
    elif status == "completed":
        consult.completed_at = now


def _online_doctors(session: Session, hub_id: str) -> list[User]:
    return list(
        session.scalars(
            select(User).where(
                User.role == "hub_doctor",
                User.facility_id == hub_id,
                User.availability == "online",
                User.disabled.is_(False),
            )
        )
    )


def _loads(session: Session, hub_id: str) -> Counter[str]:
    rows = session.execute(
        select(Consult.assigned_doctor_id, func.count())
        .where(Consult.hub_id == hub_id, Consult.status.in_(ACTIVE))
        .group_by(Consult.assigned_doctor_id)
    )
    return Counter({str(doc): int(n) for doc, n in rows if doc})


def assign_queued(session: Session, hub_id: str, now: datetime) -> list[Consult]:
    """Give every queued consult of a hub that can be placed to a doctor; returns those placed."""
    doctors = _online_doctors(session, hub_id)
    if not doctors:
        return []
    loads = _loads(session, hub_id)
    pending = set(
        session.scalars(
            select(Consult.assigned_doctor_id).where(
                Consult.hub_id == hub_id, Consult.status == "assigned"
            )
        )
    )
    queued = session.scalars(
        select(Consult)
        .where(Consult.hub_id == hub_id, Consult.status == "queued")
        .order_by(Consult.priority.desc(), Consult.queued_at, Consult.id)
        .with_for_update(skip_locked=True)
    )
    placed = []
    for consult in queued:
        able = [
            d for d in doctors if consult.specialty in (d.specialties or []) and d.id not in pending
        ]
        fresh = [d for d in able if d.id not in (consult.declined_by or [])]
        if not fresh and consult.declined_by:
            fresh = [d for d in able if d.id != consult.declined_by[-1]]
        if not fresh:
            continue
        since = datetime.min.replace(tzinfo=now.tzinfo)
        doctor = min(fresh, key=lambda d: (loads[d.id], d.availability_since or since, d.username))
        move(consult, "assigned", now)
        consult.assigned_doctor_id = doctor.id
        loads[doctor.id] += 1
        pending.add(doctor.id)
        placed.append(consult)
    return placed


def requeue(consult: Consult, now: datetime) -> None:
    """Back to the queue, remembering the doctor who did not take it."""
    if consult.assigned_doctor_id:
        consult.declined_by = [*(consult.declined_by or []), consult.assigned_doctor_id]
    move(consult, "queued", now)


def sweep(session: Session, now: datetime, accept_timeout: int, hub_id: str | None = None) -> None:
    """Requeue timed-out or orphaned assignments, then assign what can be assigned."""
    deadline = now - timedelta(seconds=accept_timeout)
    query = (
        select(Consult)
        .outerjoin(User, User.id == Consult.assigned_doctor_id)
        .where(
            Consult.status == "assigned",
            or_(
                Consult.assigned_at <= deadline,
                User.availability != "online",
                User.disabled.is_(True),
            ),
        )
    )
    if hub_id is not None:
        query = query.where(Consult.hub_id == hub_id)
    for consult in session.scalars(query.with_for_update(of=Consult, skip_locked=True)):
        requeue(consult, now)
    session.flush()
    hubs = (
        [hub_id]
        if hub_id
        else list(
            session.scalars(select(Consult.hub_id).where(Consult.status == "queued").distinct())
        )
    )
    for hid in hubs:
        assign_queued(session, hid, now)
    session.flush()


def mean_service_seconds(session: Session, hub_id: str, specialty: str) -> float:
    """Mean accepted-to-completed time of the hub's last completed consults of the specialty."""
    rows = session.execute(
        select(Consult.accepted_at, Consult.completed_at)
        .where(
            Consult.hub_id == hub_id,
            Consult.specialty == specialty,
            Consult.status == "completed",
            Consult.accepted_at.is_not(None),
        )
        .order_by(Consult.completed_at.desc())
        .limit(SERVICE_SAMPLE)
    ).all()
    spans = [(done - start).total_seconds() for start, done in rows if done and start]
    return sum(spans) / len(spans) if spans else DEFAULT_SERVICE_SECONDS


def position(session: Session, consult: Consult) -> tuple[int, int]:
    """(position, estimated wait in seconds). 0 = a doctor is with it; 1 = next to be seen."""
    mean = mean_service_seconds(session, consult.hub_id, consult.specialty)
    if consult.status == "assigned" and consult.assigned_doctor_id:
        busy = session.scalar(
            select(func.count()).where(
                Consult.assigned_doctor_id == consult.assigned_doctor_id,
                Consult.status == "in_progress",
            )
        )
        return 1, round((busy or 0) * mean)
    if consult.status != "queued" or consult.queued_at is None:
        return 0, 0
    ahead = session.scalar(
        select(func.count()).where(
            Consult.hub_id == consult.hub_id,
            Consult.specialty == consult.specialty,
            Consult.status == "queued",
            Consult.id != consult.id,
            or_(
                Consult.priority > consult.priority,
                (Consult.priority == consult.priority) & (Consult.queued_at < consult.queued_at),
                (Consult.priority == consult.priority)
                & (Consult.queued_at == consult.queued_at)
                & (Consult.id < consult.id),
            ),
        )
    )
    place = (ahead or 0) + 1
    doctors = [
        d for d in _online_doctors(session, consult.hub_id) if consult.specialty in d.specialties
    ]
    # Each online doctor of the specialty takes one consult per mean service time.
    waves = math.ceil(place / max(1, len(doctors)))
    return place, round(waves * mean)
