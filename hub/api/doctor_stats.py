"""The doctor's own figures for the doctor's dashboard (issue 17): my queue now, consults I
completed today and this week, my median consult duration (accepted to completed), the
consults I declined this week, and the follow-ups due of patients I prescribed for. Counts
and dates only: no patient data leaves, so nothing is audited beyond the usual request."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from hub.api import ERRORS
from hub.deps import DB, DoctorOnly, Hub
from hub.models import Consult, Prescription

router = APIRouter(tags=["queue"], responses=ERRORS)

# The desktop sends its UTC offset so "today" and "this week" are the doctor's own (IST
# +05:30 by default); weeks start on Monday.
Offset = Annotated[int, Query(ge=-720, le=840, description="the doctor's UTC offset, minutes")]


class DoctorDashboardOut(BaseModel):
    queue_now: int = Field(description="queued consults of my specialties, not yet taken")
    offered_to_me: int
    in_progress: int
    done_today: int
    done_this_week: int
    median_duration_seconds: int | None = Field(description="accepted to completed, this week")
    declined_this_week: int
    follow_ups_due: list[date] = Field(description="follow-up dates of my prescriptions, today "
                                       "to a week ahead, one per prescription")  # fmt: skip


def _starts(now: datetime, offset_minutes: int) -> tuple[datetime, datetime, date]:
    zone = timezone(timedelta(minutes=offset_minutes))
    local = now.astimezone(zone)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    week = day - timedelta(days=day.weekday())
    return day.astimezone(UTC), week.astimezone(UTC), day.date()


@router.get("/doctors/me/dashboard", response_model=DoctorDashboardOut)
def my_dashboard(
    hub: Hub, session: DB, who: DoctorOnly, utc_offset_minutes: Offset = 330
) -> DoctorDashboardOut:
    """My day and week in numbers."""
    now = hub.config.clock.now()
    day, week, today = _starts(now, utc_offset_minutes)
    me = who.user.id
    queued = session.scalar(
        select(func.count()).where(
            Consult.hub_id == who.facility_id,
            Consult.status == "queued",
            Consult.specialty.in_(list(who.user.specialties or [])),
        )
    )
    held = (
        select(Consult.status, func.count())
        .where(Consult.assigned_doctor_id == me, Consult.status.in_(("assigned", "in_progress")))
        .group_by(Consult.status)
    )
    mine: dict[str, int] = {status: int(n) for status, n in session.execute(held)}
    done = session.execute(
        select(Consult.completed_at, Consult.accepted_at).where(
            Consult.assigned_doctor_id == me,
            Consult.status == "completed",
            Consult.completed_at >= week,
        )
    ).all()
    spans = [(c - a).total_seconds() for c, a in done if a is not None and c >= a]
    # Declines: consults of my hub changed this week that name me among those who declined.
    touched = session.scalars(
        select(Consult.declined_by).where(
            Consult.hub_id == who.facility_id,
            Consult.updated_at >= week,
            Consult.status != "draft",
        )
    )
    declined = sum(1 for names in touched if me in (names or []))
    horizon = today + timedelta(days=7)
    due: list[date] = []
    for content in session.scalars(
        select(Prescription.content).where(Prescription.doctor_id == me)
    ):
        text = str((content or {}).get("follow_up_date") or "")
        try:
            when = date.fromisoformat(text)
        except ValueError:
            continue
        if today <= when <= horizon:
            due.append(when)
    return DoctorDashboardOut(
        queue_now=int(queued or 0),
        offered_to_me=int(mine.get("assigned", 0)),
        in_progress=int(mine.get("in_progress", 0)),
        done_today=sum(1 for c, _a in done if c >= day),
        done_this_week=len(done),
        median_duration_seconds=round(statistics.median(spans)) if spans else None,
        declined_this_week=declined,
        follow_ups_due=sorted(due),
    )
