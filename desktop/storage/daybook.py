"""Reads for the operator's day: the worklist of open consults (drafts, waiting for the
hub, with a doctor, prescription not yet printed) and one patient's history (consults,
recordings, attachments), newest first. Each read leaves one audit entry."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.consult import Status
from desktop.storage import audit
from desktop.storage.audit import Actor
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.clinical import AttachmentRecord, ConsultRecord, PatientRecord
from desktop.storage.models.hub_news import PrescriptionRecord

WORKLIST = "worklist"
# The order of the worklist's groups: what the operator must act on first comes first.
OPEN = (
    Status.PRESCRIBED,
    Status.DRAFT,
    Status.READY,
    Status.WITH_HUB,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
)
RECORDING_KIND = "recording-segment"


@dataclass(frozen=True)
class WorkItem:
    """One open consult on the worklist."""

    consult_id: str
    patient_id: str
    patient_name: str
    patient_code: str
    status: Status
    updated_at: datetime
    complaints: tuple[str, ...] = ()
    # For a prescribed consult: whether a verified prescription can be printed; False too
    # for a consult held by a prescription that did not verify (None: nothing to judge).
    printable: bool | None = None


@dataclass(frozen=True)
class HistoryItem:
    """One thing in a patient's history. ``kind`` is consult, recording or attachment;
    every item belongs to a consult (``consult_id``), which is what opening it shows."""

    kind: str
    at: datetime
    consult_id: str
    status: Status
    title: str = ""  # the attachment's file name
    segment: int = 0  # the recording segment's number within its consult (1, 2, ...)
    blob_id: str = ""


def work_item(c: ConsultRecord, p: PatientRecord) -> WorkItem:
    """A consult row and its patient's as the worklist and the dashboard's lists show it."""
    return WorkItem(
        consult_id=c.id,
        patient_id=p.id,
        patient_name=" ".join(x for x in (p.given_name, p.family_name) if x),
        patient_code=p.code,
        status=Status(c.status),
        updated_at=c.updated_at,
        complaints=tuple(str(x) for x in (c.intake or {}).get("complaints", [])),
    )


def to_print(session: Session) -> set[str]:
    """Consults with a verified prescription never printed (nor saved as PDF): the
    operator's work whatever the consult's state (a doctor usually completes the consult,
    which closes it here, right after prescribing). A printed one leaves the list; a
    correction that arrives later is a new prescription, to print again."""
    printed = select(AuditEntry.entity_id).where(
        AuditEntry.action == "print", AuditEntry.entity_type == "prescription"
    )
    return set(
        session.scalars(
            select(PrescriptionRecord.consult_id)
            .where(
                PrescriptionRecord.verification == "verified",
                PrescriptionRecord.id.not_in(printed),
            )
            .distinct()
        )
    )


def worklist(session: Session, actor: Actor) -> list[WorkItem]:
    """Every open consult: open work is today's work, whatever day it began. Prescriptions
    to print first (a printed one leaves the list), then drafts, waiting for the hub, with
    a doctor; newest first within."""
    unprinted = to_print(session)
    rows = [
        (c, p)
        for c, p in session.execute(
            select(ConsultRecord, PatientRecord)
            .join(PatientRecord, PatientRecord.id == ConsultRecord.patient_id)
            .where(
                ConsultRecord.status.in_([s.value for s in OPEN]) | ConsultRecord.id.in_(unprinted)
            )
            .order_by(ConsultRecord.updated_at.desc())
        ).all()
        if not _printed(c, unprinted, session)
    ]
    printable: dict[str, bool] = {}
    for cid, state in session.execute(
        select(PrescriptionRecord.consult_id, PrescriptionRecord.verification).where(
            PrescriptionRecord.consult_id.in_([c.id for c, _ in rows])
        )
    ):
        printable[cid] = printable.get(cid, False) or state == "verified"
    for cid in unprinted:
        printable[cid] = True
    items = [
        # A closed consult with a prescription to print is shown as what is left to do.
        dataclasses.replace(w, status=Status.PRESCRIBED, printable=printable.get(w.consult_id))
        if w.status is Status.PRESCRIBED or w.consult_id in unprinted
        # Held (a prescription arrived that did not verify): said so where it waits.
        else dataclasses.replace(w, printable=False)
        if printable.get(w.consult_id) is False
        else w
        for w in (work_item(c, p) for c, p in rows)
    ]
    items.sort(key=lambda i: OPEN.index(i.status))  # stable: newest first within a group
    audit.record(session, actor, "read", entity_type=WORKLIST, entity_id=str(len(items)))
    return items


def _printed(c: ConsultRecord, unprinted: set[str], session: Session) -> bool:
    """A prescribed consult whose verified prescriptions were all printed: done here."""
    if c.status != Status.PRESCRIBED.value or c.id in unprinted:
        return False
    verified = session.scalar(
        select(PrescriptionRecord.id)
        .where(
            PrescriptionRecord.consult_id == c.id,
            PrescriptionRecord.verification == "verified",
        )
        .limit(1)
    )
    return verified is not None


def history(session: Session, patient_id: str, actor: Actor) -> list[HistoryItem]:
    """The patient's consults, their recording segments and attachments, newest first
    (one audit entry naming the patient)."""
    consults = {
        c.id: c
        for c in session.scalars(
            select(ConsultRecord).where(ConsultRecord.patient_id == patient_id)
        )
    }
    items = [
        HistoryItem("consult", c.created_at, c.id, Status(c.status)) for c in consults.values()
    ]
    if consults:
        segments = session.scalars(
            select(BlobRecord)
            .where(
                BlobRecord.owner_type == "consult",
                BlobRecord.owner_id.in_(list(consults)),
                BlobRecord.kind == RECORDING_KIND,
            )
            .order_by(BlobRecord.created_at)
        )
        numbers: dict[str, int] = {}
        for blob in segments:
            cid = blob.owner_id or ""
            numbers[cid] = numbers.get(cid, 0) + 1
            status = Status(consults[cid].status)
            items.append(
                HistoryItem(
                    "recording",
                    blob.created_at,
                    cid,
                    status,
                    segment=numbers[cid],
                    blob_id=blob.blob_id,
                )
            )
        for a in session.scalars(
            select(AttachmentRecord).where(AttachmentRecord.consult_id.in_(list(consults)))
        ):
            status = Status(consults[a.consult_id].status)
            items.append(
                HistoryItem(
                    "attachment", a.added_at, a.consult_id, status, a.title, blob_id=a.blob_id
                )
            )
    items.sort(key=lambda i: i.at, reverse=True)
    audit.record(
        session,
        actor,
        "read",
        patient_id=patient_id,
        entity_type="patient-history",
        entity_id=patient_id,
    )
    return items
