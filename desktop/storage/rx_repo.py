"""The spoke's prescriptions after they arrived: the sheet the operator opens (the current
verified version, its history, the patient and facility it is printed for, one audited
read), prints (each print an audit entry; only a verified one), the referral's status, the
follow-ups due and the consult that follows one up. Writer-thread functions take the
caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import rx_history
from desktop.core.consult import Consult
from desktop.core.patient import Patient
from desktop.storage import audit, consult_repo, patient_repo
from desktop.storage.audit import Actor
from desktop.storage.hub_news import StoredPrescription, doctor_key, prescriptions_of
from desktop.storage.models.accounts import Facility
from desktop.storage.models.base import utcnow
from desktop.storage.models.clinical import ConsultRecord
from desktop.storage.models.hub_news import PrescriptionRecord
from protocol.ids import local_id

REFERRAL_STATUSES = ("referred", "reached", "closed")


class NotPrintable(Exception):
    """A prescription that did not verify (``code``: tampered, unverifiable, missing)."""

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class FacilityHeader:
    name: str
    code: str
    district: str
    state: str


@dataclass(frozen=True)
class RxSheet:
    """Everything the prescription view and the printed page show."""

    consult_id: str
    patient: Patient
    facility: FacilityHeader
    current: StoredPrescription | None  # None: nothing verified (yet)
    history: tuple[StoredPrescription, ...]  # every version received, oldest first
    follow_up_of: str | None

    @property
    def shown(self) -> StoredPrescription | None:
        """What the view shows: the current version, else the newest received (so a
        tampered one is seen with the reason it cannot be printed)."""
        if self.current is not None:
            return self.current
        return self.history[-1] if self.history else None


def _facility(session: Session) -> FacilityHeader:
    f = session.get(Facility, 1)
    if f is None:
        return FacilityHeader("", "", "", "")
    return FacilityHeader(f.name, f.code, f.district, f.state)


def sheet(session: Session, consult_id: str, actor: Actor) -> RxSheet | None:
    """The consult's prescriptions for display (one audited read of the patient's record);
    None when the consult is not this spoke's."""
    rec = session.get(ConsultRecord, local_id(consult_id))
    if rec is None:
        return None
    patient = patient_repo.get(session, rec.patient_id)
    if patient is None:
        return None
    history = prescriptions_of(session, rec.id)
    current = rx_history.current(history)
    seen = current or (history[-1] if history else None)
    audit.record(
        session,
        actor,
        "read",
        patient_id=rec.patient_id,
        entity_type="prescription",
        entity_id=seen.id if seen is not None else rec.id,
    )
    return RxSheet(rec.id, patient, _facility(session), current, tuple(history), rec.follow_up_of)


def record_print(session: Session, prescription_id: str, actor: Actor, what: str) -> None:
    """One audit entry per print or saved PDF (``what``: prescription | referral, kept as
    the entity type); refuses a prescription that did not verify."""
    rx = session.get(PrescriptionRecord, prescription_id)
    if rx is None:
        raise NotPrintable("missing")
    if rx.verification != "verified":
        raise NotPrintable(rx.verification or "unverifiable", rx.verify_reason)
    consult = session.get(ConsultRecord, rx.consult_id)
    audit.record(
        session,
        actor,
        "print",
        patient_id=consult.patient_id if consult is not None else None,
        entity_type="referral" if what == "referral" else "prescription",
        entity_id=rx.id,
    )


def set_referral_status(session: Session, prescription_id: str, status: str, actor: Actor) -> str:
    """Move a referral on (referred -> reached -> closed, or straight to closed); returns
    the consult id."""
    if status not in REFERRAL_STATUSES:
        raise ValueError("unknown referral status")
    rx = session.get(PrescriptionRecord, prescription_id)
    if rx is None or not rx.referral_status:
        raise LookupError("no referral on this prescription")
    rx.referral_status = status
    rx.referral_status_at = utcnow()
    consult = session.get(ConsultRecord, rx.consult_id)
    audit.record(
        session,
        actor,
        "write",
        patient_id=consult.patient_id if consult is not None else None,
        entity_type="referral",
        entity_id=rx.id,
    )
    return rx.consult_id


@dataclass(frozen=True)
class DueItem:
    follow_up: rx_history.FollowUp
    patient_name: str
    patient_code: str


def follow_ups_due(session: Session, today: date, actor: Actor) -> list[DueItem]:
    """Patients due back on or before ``today`` (their current prescription's follow-up
    date) with no follow-up consult started; one audited read of the list."""
    items: list[DueItem] = []
    for f in due_follow_ups(session, today):
        p = patient_repo.get(session, f.patient_id)
        name = " ".join(n for n in (p.given_name, p.family_name) if n) if p else ""
        items.append(DueItem(f, name, p.code if p else ""))
    if items:
        audit.record(session, actor, "read", entity_type="follow_ups_due", entity_id=str(today))
    return items


def due_follow_ups(session: Session, today: date) -> list[rx_history.FollowUp]:
    """The follow-ups due on or before ``today`` without names (the dashboard counts them:
    no patient data, no audit entry)."""
    started = {
        c for c in session.scalars(select(ConsultRecord.follow_up_of)).all() if c is not None
    }
    # Only consults with a verified version asking for a date up to today can be due (ISO
    # dates compare as text); which version counts is decided below, per consult.
    asked = PrescriptionRecord.content["follow_up_date"].as_string()
    due_ids = (
        select(PrescriptionRecord.consult_id)
        .where(
            PrescriptionRecord.verification == "verified",
            asked != "",
            asked <= today.isoformat(),
        )
        .distinct()
    )
    consults = session.scalars(select(ConsultRecord).where(ConsultRecord.id.in_(due_ids))).all()
    candidates: list[rx_history.FollowUp] = []
    for rec in consults:
        current = rx_history.current(prescriptions_of(session, rec.id))
        when = rx_history.follow_up_date(current.content) if current is not None else None
        if current is not None and when is not None:
            candidates.append(rx_history.FollowUp(rec.id, rec.patient_id, current.id, when))
    return list(rx_history.due(candidates, today, started))


def start_follow_up(session: Session, earlier_consult_id: str, actor: Actor) -> Consult:
    """A new draft for the same patient, linked to the consult it follows up (the link is
    kept locally and sent with the consult)."""
    earlier = session.get(ConsultRecord, local_id(earlier_consult_id))
    if earlier is None:
        raise LookupError("consult not found")
    consult = consult_repo.create_draft(session, earlier.patient_id, actor)
    rec = session.get(ConsultRecord, consult.id)
    assert rec is not None
    rec.follow_up_of = earlier.id
    return consult


def known_doctor_key(session: Session, doctor_id: str) -> str | None:
    return doctor_key(session, doctor_id)
