"""The doctor's queue lines (spoke, patient age and sex, waiting time, my offer) and decline
reasons, kept apart from the queue routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub import audit, history
from hub.api.records import consult_summary
from hub.clock import Clock
from hub.deps import Principal
from hub.models import Consult, ConsultDecline, Facility, Patient
from protocol.schemas import QueueItem


def queue_items(
    session: Session, who: Principal, consults: list[Consult], now: datetime
) -> list[QueueItem]:
    if not consults:
        return []
    spokes = {
        f.id: f
        for f in session.scalars(
            select(Facility).where(Facility.id.in_({c.facility_id for c in consults}))
        )
    }
    patients: dict[str, dict[str, Any]] = {
        pid: resource
        for pid, resource in session.execute(
            select(Patient.id, Patient.resource).where(
                Patient.id.in_({c.patient_id for c in consults})
            )
        )
    }
    out = []
    for c in consults:
        spoke = spokes.get(c.facility_id)
        resource = patients.get(c.patient_id) or {}
        gender = resource.get("gender")
        out.append(
            QueueItem(
                **consult_summary(c),
                facility_name=spoke.name if spoke else "",
                district=spoke.district if spoke else "",
                state=spoke.state if spoke else "",
                patient_age_years=history.age_years(resource, now.date()),
                patient_sex=gender if isinstance(gender, str) else "unknown",
                waiting_seconds=max(0, int((now - c.queued_at).total_seconds()))
                if c.queued_at
                else 0,
                offered=c.status == "assigned" and c.assigned_doctor_id == who.user.id,
            )
        )
    return out


def record_decline(
    session: Session, clock: Clock, who: Principal, consult: Consult, reason: str
) -> None:
    """Keep the reason (the consult itself goes back to the queue) and audit the decline."""
    session.add(
        ConsultDecline(
            consult_id=consult.id,
            doctor_id=who.user.id,
            reason=reason.strip(),
            declined_at=clock.now(),
        )
    )
    audit.record(session, clock, who, "decline", "consult", consult.id)
