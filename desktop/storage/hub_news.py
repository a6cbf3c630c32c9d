"""The hub's word on a sent consult, written into the spoke's database: its status, queue
position and wait, each step as a row, the prescriptions with their signatures, the local
lifecycle moves that follow, and audit rows, all in the caller's ONE writer transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import lifecycle
from desktop.core.consult import Status
from desktop.storage import audit, consult_repo
from desktop.storage.audit import Actor
from desktop.storage.models.base import utcnow
from desktop.storage.models.clinical import ConsultRecord, PatientRecord
from desktop.storage.models.hub_news import ConsultStatusChange, PrescriptionRecord
from protocol.ids import local_id

HUB_STATUSES = ("queued", "assigned", "in_progress", "completed", "cancelled")


@dataclass(frozen=True)
class HubNews:
    """What one pull learned about one consult (``hub_status`` "" when only prescriptions
    were read); ``prescriptions`` as the hub's PrescriptionOut dicts."""

    consult_id: str
    hub_status: str = ""
    position: int | None = None
    wait_seconds: int | None = None
    prescriptions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Applied:
    """What the transaction changed: the local consult id (None: not a consult of this
    spoke), whether its status row changed, and the ids of newly stored prescriptions."""

    consult_id: str | None
    status_changed: bool = False
    new_prescriptions: tuple[str, ...] = ()
    moved_to: tuple[Status, ...] = ()


@dataclass(frozen=True)
class HubState:
    hub_status: str
    position: int | None
    wait_seconds: int | None
    at: datetime | None
    status: Status


@dataclass(frozen=True)
class StoredPrescription:
    id: str
    consult_id: str
    doctor_id: str
    registration_number: str
    content: dict[str, Any]
    signature: str
    payload_sha256: str
    verified: bool | None
    created_at: datetime
    received_at: datetime


def _when(text: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return utcnow()


def apply(session: Session, news: HubNews, actor: Actor) -> Applied:
    """Write ``news`` (writer thread). Idempotent: a status or prescription already stored
    changes nothing and writes no audit row."""
    rec = session.get(ConsultRecord, local_id(news.consult_id))
    if rec is None:
        return Applied(None)
    new_rx: list[str] = []
    for rx in news.prescriptions:
        rid = str(rx.get("id", ""))
        if not rid or session.get(PrescriptionRecord, rid) is not None:
            continue
        session.add(
            PrescriptionRecord(
                id=rid,
                consult_id=rec.id,
                doctor_id=str(rx.get("doctor_id", "")),
                registration_number=str(rx.get("registration_number", ""))[:40],
                content=dict(rx.get("content") or {}),
                signature=str(rx.get("signature", "")),
                payload_sha256=str(rx.get("payload_sha256", "")),
                verified=None,  # the hub does not hand spokes the doctor's key yet
                created_at=_when(rx.get("created_at")),
                received_at=utcnow(),
            )
        )
        session.flush()
        audit.record(
            session,
            actor,
            "write",
            patient_id=rec.patient_id,
            entity_type="prescription",
            entity_id=rid,
        )
        new_rx.append(rid)
    hub_status = news.hub_status if news.hub_status in HUB_STATUSES else rec.hub_status
    position, wait = news.position, news.wait_seconds
    if position is None and hub_status == rec.hub_status:
        # A status-only word (the changed-consults list) keeps the last queue position.
        position, wait = rec.hub_position, rec.hub_wait_seconds
    changed = (hub_status, position, wait) != (
        rec.hub_status,
        rec.hub_position,
        rec.hub_wait_seconds,
    ) and bool(hub_status)
    prescribed = (
        bool(new_rx)
        or session.scalar(
            select(PrescriptionRecord.id).where(PrescriptionRecord.consult_id == rec.id).limit(1)
        )
        is not None
    )
    moved: list[Status] = []
    for step in lifecycle.hub_moves(Status(rec.status), hub_status, prescribed):
        consult_repo.move(session, rec.id, step, actor, tell_hub=False)
        moved.append(step)
    if changed or moved:
        now = utcnow()
        rec.hub_status = hub_status
        rec.hub_position = position
        rec.hub_wait_seconds = wait
        rec.hub_status_at = now
        session.add(
            ConsultStatusChange(
                consult_id=rec.id,
                hub_status=hub_status,
                status=rec.status,
                position=position,
                wait_seconds=wait,
                at=now,
            )
        )
        if not moved:  # each move wrote its own audit row
            audit.record(
                session,
                actor,
                "write",
                patient_id=rec.patient_id,
                entity_type="consult",
                entity_id=rec.id,
            )
    return Applied(rec.id, changed or bool(moved), tuple(new_rx), tuple(moved))


def hub_state(session: Session, consult_id: str) -> HubState | None:
    rec = session.get(ConsultRecord, local_id(consult_id))
    if rec is None:
        return None
    return HubState(
        rec.hub_status,
        rec.hub_position,
        rec.hub_wait_seconds,
        rec.hub_status_at,
        Status(rec.status),
    )


def prescriptions_of(session: Session, consult_id: str) -> list[StoredPrescription]:
    """The consult's prescriptions, oldest first."""
    rows = session.scalars(
        select(PrescriptionRecord)
        .where(PrescriptionRecord.consult_id == local_id(consult_id))
        .order_by(PrescriptionRecord.created_at, PrescriptionRecord.id)
    )
    return [
        StoredPrescription(
            r.id,
            r.consult_id,
            r.doctor_id,
            r.registration_number,
            dict(r.content),
            r.signature,
            r.payload_sha256,
            r.verified,
            r.created_at,
            r.received_at,
        )
        for r in rows
    ]


def status_changes(session: Session, consult_id: str) -> list[tuple[str, str]]:
    """(hub status, local status) of every step stored, oldest first."""
    return [
        (r.hub_status, r.status)
        for r in session.scalars(
            select(ConsultStatusChange)
            .where(ConsultStatusChange.consult_id == local_id(consult_id))
            .order_by(ConsultStatusChange.id)
        )
    ]


def prescription_patient(session: Session, prescription_id: str) -> tuple[str, str] | None:
    """(consult id, the patient's full name) of a stored prescription: what its banner says."""
    rx = session.get(PrescriptionRecord, prescription_id)
    if rx is None:
        return None
    consult = session.get(ConsultRecord, rx.consult_id)
    patient = session.get(PatientRecord, consult.patient_id) if consult is not None else None
    name = " ".join(n for n in (patient.given_name, patient.family_name) if n) if patient else ""
    return rx.consult_id, name
