"""The hub's word on a sent consult, written into the spoke's database: its status, queue
position and wait, each step as a row, the prescriptions with their signatures, the local
lifecycle moves that follow, and audit rows, all in the caller's ONE writer transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import lifecycle, rx_verify
from desktop.core.consult import Status
from desktop.storage import audit, consult_repo
from desktop.storage.audit import Actor
from desktop.storage.models.base import utcnow
from desktop.storage.models.clinical import ConsultRecord, PatientRecord
from desktop.storage.models.hub_news import ConsultStatusChange, DoctorKey, PrescriptionRecord
from desktop.storage.models.outbox import OutboxEntry
from protocol.ids import local_id, wire_id

HUB_STATUSES = ("queued", "assigned", "in_progress", "completed", "cancelled")
# The audit entity of a prescription received that did not verify (its id as entity id).
REFUSED_ENTITY = "prescription_refused"


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
    verification: str = ""
    verify_reason: str = ""
    signing_key: str = ""
    replaces: str = ""
    referral_status: str = ""

    @property
    def printable(self) -> bool:
        """Only a prescription whose signature verified may be printed."""
        return self.verification == rx_verify.Verification.VERIFIED


def local_rx_id(hub_id: str) -> str:
    """Prescription ids are kept as the hub writes them (with dashes)."""
    return wire_id(hub_id) if hub_id else ""


def _verified_flag(verdict: rx_verify.Verdict) -> bool | None:
    if verdict.state is rx_verify.Verification.UNVERIFIABLE:
        return None
    return verdict.ok


def _check(
    session: Session,
    consult_id: str,
    rx_id: str,
    rx: dict[str, Any],
    content: dict[str, Any],
    doctor_id: str,
) -> tuple[str, rx_verify.Verdict]:
    """Verify a prescription being stored, against the key the hub verified it with (or,
    from a hub that does not send it, the doctor's cached key). A key that verifies is
    cached by doctor id, so paper copies verify offline later."""
    served = rx.get("signing_key")
    served = served if isinstance(served, str) else ""
    cached = session.get(DoctorKey, doctor_id) if doctor_id else None
    key = served or (cached.public_key if cached is not None else "")
    verdict = rx_verify.verify(consult_id, rx_id, content, str(rx.get("signature", "")), key)
    if verdict.ok and served and doctor_id:
        remember_key(session, doctor_id, served, str(rx.get("registration_number", "")))
        _recheck(session, doctor_id, served)
    return key, verdict


def _recheck(session: Session, doctor_id: str, key: str) -> None:
    """Prescriptions of this doctor stored with no key to check them (from an older hub, or
    before migration 0006) are checked now that a key verified (their consults follow in
    ``apply``)."""
    waiting = session.scalars(
        select(PrescriptionRecord).where(
            PrescriptionRecord.doctor_id == doctor_id,
            PrescriptionRecord.verification == rx_verify.Verification.UNVERIFIABLE.value,
            PrescriptionRecord.verify_reason == rx_verify.Reason.NO_KEY.value,
        )
    )
    for row in waiting:
        verdict = rx_verify.verify(row.consult_id, row.id, row.content, row.signature, key)
        row.signing_key = key
        row.verification = verdict.state.value
        row.verify_reason = verdict.reason.value
        row.verified = _verified_flag(verdict)


def remember_key(session: Session, doctor_id: str, public_key: str, registration: str) -> None:
    row = session.get(DoctorKey, doctor_id)
    if row is None:
        session.add(
            DoctorKey(
                doctor_id=doctor_id,
                public_key=public_key,
                registration_number=registration[:40],
                seen_at=utcnow(),
            )
        )
    else:
        row.public_key = public_key
        row.registration_number = registration[:40] or row.registration_number
        row.seen_at = utcnow()


def doctor_key(session: Session, doctor_id: str) -> str | None:
    """The cached signing key of a hub doctor (None: never seen)."""
    row = session.get(DoctorKey, local_rx_id(doctor_id))
    if row is None:
        row = session.get(DoctorKey, doctor_id)
    return row.public_key if row is not None else None


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
        if not rid:
            continue
        stored = session.get(PrescriptionRecord, rid)
        if stored is not None:
            if _sent_again(session, rec, stored, rx, actor):
                new_rx.append(rid)
            continue
        content = rx.get("content")
        content = dict(content) if isinstance(content, dict) else {}
        doctor_id = str(rx.get("doctor_id", ""))
        key, verdict = _check(session, rec.id, rid, rx, content, doctor_id)
        referral = content.get("referral")
        session.add(
            PrescriptionRecord(
                id=rid,
                consult_id=rec.id,
                doctor_id=doctor_id,
                registration_number=str(rx.get("registration_number", ""))[:40],
                content=content,
                signature=str(rx.get("signature", "")),
                payload_sha256=str(rx.get("payload_sha256", "")),
                verified=_verified_flag(verdict),
                created_at=_when(rx.get("created_at")),
                received_at=utcnow(),
                signing_key=key,
                verification=verdict.state.value,
                verify_reason=verdict.reason.value,
                replaces=local_rx_id(str(content.get("replaces") or ""))[:36],
                referral_status="referred" if isinstance(referral, dict) and referral else "",
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
        if not verdict.ok:
            _refused(session, rec, rid, verdict, actor)
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
    moved = _follow(session, rec, hub_status, actor)
    _follow_held(session, rec.id, actor)
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


def _follow(session: Session, rec: ConsultRecord, hub_status: str, actor: Actor) -> list[Status]:
    """The local moves the hub's word means: PRESCRIBED only once a prescription verified;
    one received that did not verify holds the consult (never PRESCRIBED nor CLOSED)."""
    states = set(
        session.scalars(
            select(PrescriptionRecord.verification).where(PrescriptionRecord.consult_id == rec.id)
        )
    )
    prescribed = rx_verify.Verification.VERIFIED.value in states
    held = bool(states) and not prescribed
    moved: list[Status] = []
    for step in lifecycle.hub_moves(Status(rec.status), hub_status, prescribed, held):
        consult_repo.move(session, rec.id, step, actor, tell_hub=False)
        moved.append(step)
    return moved


def _follow_held(session: Session, but: str, actor: Actor) -> None:
    """Other consults held for want of a verified prescription that has one now (a key
    that arrived verified prescriptions stored without one) move on as the hub said."""
    waiting = session.scalars(
        select(ConsultRecord)
        .join(PrescriptionRecord, PrescriptionRecord.consult_id == ConsultRecord.id)
        .where(
            ConsultRecord.id != but,
            ConsultRecord.status.in_(
                [Status.WITH_HUB.value, Status.ASSIGNED.value, Status.IN_PROGRESS.value]
            ),
            PrescriptionRecord.verification == rx_verify.Verification.VERIFIED.value,
        )
        .distinct()
    ).all()
    for other in waiting:
        _follow(session, other, other.hub_status, actor)


def _refused(
    session: Session, rec: ConsultRecord, rx_id: str, verdict: rx_verify.Verdict, actor: Actor
) -> None:
    """A prescription that did not verify is an event of its own in the audit log, and the
    hub is told (an outbox row: ``PUT .../prescriptions/{id}/refusal``) so it can send it
    again."""
    audit.record(
        session,
        actor,
        "write",
        patient_id=rec.patient_id,
        entity_type=REFUSED_ENTITY,
        entity_id=rx_id,
    )
    session.add(
        OutboxEntry(
            entity_type="rx_refusal",
            entity_id=rx_id,
            operation="create",
            payload={
                "consult_id": rec.id,
                "state": verdict.state.value,
                "reason": verdict.reason.value,
            },
        )
    )


def _sent_again(
    session: Session,
    rec: ConsultRecord,
    row: PrescriptionRecord,
    rx: dict[str, Any],
    actor: Actor,
) -> bool:
    """The hub sent a prescription already stored: one that did not verify is checked
    again, and replaced by this copy if it verifies (the "ask the hub to send it again" of
    a copy altered on its way or in store). A verified one never changes."""
    if row.verification == rx_verify.Verification.VERIFIED.value or row.consult_id != rec.id:
        return False
    content = rx.get("content")
    content = dict(content) if isinstance(content, dict) else {}
    key, verdict = _check(session, rec.id, row.id, rx, content, row.doctor_id)
    if not verdict.ok:
        return False
    referral = content.get("referral")
    row.content = content
    row.signature = str(rx.get("signature", ""))
    row.payload_sha256 = str(rx.get("payload_sha256", ""))
    row.signing_key = key
    row.verification = verdict.state.value
    row.verify_reason = verdict.reason.value
    row.verified = _verified_flag(verdict)
    row.created_at = _when(rx.get("created_at"))
    row.received_at = utcnow()
    row.replaces = local_rx_id(str(content.get("replaces") or ""))[:36]
    row.referral_status = "referred" if isinstance(referral, dict) and referral else ""
    audit.record(
        session,
        actor,
        "write",
        patient_id=rec.patient_id,
        entity_type="prescription",
        entity_id=row.id,
    )
    return True


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
            r.verification,
            r.verify_reason,
            r.signing_key,
            r.replaces,
            r.referral_status,
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
