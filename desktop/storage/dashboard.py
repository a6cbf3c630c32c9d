"""The spoke's day at a glance (issue 17): consults today and this month by lifecycle state,
median time from "ready" to a doctor and to the prescription, prescriptions waiting to be
printed, items waiting to sync and the oldest one's age, and the consults behind each count.

"Ready" is when the consult's body was queued for the hub (its outbox row); "to a doctor" is
the first time the hub reported it assigned or in progress; "to the prescription" is when the
first prescription arrived. Counts carry no patient data and are not audited; the list behind
a count names patients and leaves one audit entry, as the worklist does."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.consult import Status
from desktop.storage import audit, daybook, rx_repo
from desktop.storage.audit import Actor
from desktop.storage.daybook import WorkItem, work_item
from desktop.storage.models.clinical import ConsultRecord, PatientRecord
from desktop.storage.models.hub_news import ConsultStatusChange, PrescriptionRecord
from desktop.storage.models.outbox import OutboxEntry

DASHBOARD = "dashboard"
WITH_A_DOCTOR = ("assigned", "in_progress")


@dataclass(frozen=True)
class SpokeDay:
    """The dashboard's figures at ``now``; ``today``/``month`` count consults begun then."""

    now: datetime
    today: dict[Status, int] = field(default_factory=dict)
    month: dict[Status, int] = field(default_factory=dict)
    to_doctor: timedelta | None = None  # median, this month
    to_prescription: timedelta | None = None  # median, this month
    to_print: int = 0
    waiting_to_sync: int = 0
    oldest_waiting: timedelta | None = None
    follow_ups_due: int = 0  # patients due back today or earlier, not yet seen again


def _by_status(session: Session, since: datetime, until: datetime) -> dict[Status, int]:
    rows = session.execute(
        select(ConsultRecord.status, func.count())
        .where(ConsultRecord.created_at >= since, ConsultRecord.created_at < until)
        .group_by(ConsultRecord.status)
    )
    return {Status(status): int(n) for status, n in rows}


def _median(spans: Iterable[timedelta]) -> timedelta | None:
    values = sorted(s.total_seconds() for s in spans if s.total_seconds() >= 0)
    return timedelta(seconds=statistics.median(values)) if values else None


def _ready_times(session: Session, since: datetime) -> dict[str, datetime]:
    rows = session.execute(
        select(OutboxEntry.entity_id, func.min(OutboxEntry.created_at))
        .where(
            OutboxEntry.entity_type == "consult",
            OutboxEntry.operation == "create",
            OutboxEntry.created_at >= since,
        )
        .group_by(OutboxEntry.entity_id)
    )
    return {cid: at for cid, at in rows}


def _first(session: Session, query: object) -> dict[str, datetime]:
    return {cid: at for cid, at in session.execute(query)}  # type: ignore[call-overload]


def spoke_day(
    session: Session, day_start: datetime, month_start: datetime, now: datetime
) -> SpokeDay:
    """Figures for the day beginning at ``day_start`` and the month at ``month_start`` (the
    caller's local midnights, aware), as of ``now``."""
    ready = _ready_times(session, month_start)
    ids = list(ready)
    doctor = _first(
        session,
        select(ConsultStatusChange.consult_id, func.min(ConsultStatusChange.at))
        .where(
            ConsultStatusChange.consult_id.in_(ids),
            ConsultStatusChange.hub_status.in_(WITH_A_DOCTOR),
        )
        .group_by(ConsultStatusChange.consult_id),
    )
    prescribed = _first(
        session,
        select(PrescriptionRecord.consult_id, func.min(PrescriptionRecord.received_at))
        .where(PrescriptionRecord.consult_id.in_(ids))
        .group_by(PrescriptionRecord.consult_id),
    )
    waiting = session.execute(
        select(func.count(), func.min(OutboxEntry.created_at)).where(OutboxEntry.state == "pending")
    ).one()
    oldest = waiting[1]
    to_print = len(daybook.to_print(session))
    return SpokeDay(
        now=now,
        today=_by_status(session, day_start, now + timedelta(seconds=1)),
        month=_by_status(session, month_start, now + timedelta(seconds=1)),
        to_doctor=_median(doctor[c] - ready[c] for c in doctor),
        to_prescription=_median(prescribed[c] - ready[c] for c in prescribed),
        to_print=to_print,
        waiting_to_sync=int(waiting[0] or 0),
        oldest_waiting=(now - oldest) if oldest is not None else None,
        follow_ups_due=len(rx_repo.due_follow_ups(session, now.date())),
    )


def consults_behind(
    session: Session,
    actor: Actor,
    statuses: Iterable[Status] = (),
    since: datetime | None = None,
    to_print: bool = False,
) -> list[WorkItem]:
    """The consults a count stands for, newest first: in ``statuses`` (begun since
    ``since`` when given), or with a prescription to print (``to_print``)."""
    chosen = (
        ConsultRecord.id.in_(daybook.to_print(session))
        if to_print
        else ConsultRecord.status.in_([s.value for s in statuses])
    )
    query = (
        select(ConsultRecord, PatientRecord)
        .join(PatientRecord, PatientRecord.id == ConsultRecord.patient_id)
        .where(chosen)
        .order_by(ConsultRecord.updated_at.desc())
    )
    if since is not None:
        query = query.where(ConsultRecord.created_at >= since)
    items = [work_item(c, p) for c, p in session.execute(query).all()]
    audit.record(session, actor, "read", entity_type=DASHBOARD, entity_id=str(len(items)))
    return items
