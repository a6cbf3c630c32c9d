"""Consults in the local database: drafts with autosave, consent, attachments (encrypted
blobs with thumbnails), the move to READY that queues the FHIR bundle for the hub, and
addenda once sent. Functions taking a ``Session`` run on the writer thread.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import cv2
import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import redact
from desktop.core import consent as core_consent
from desktop.core import fhir, lifecycle, rx_history
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Addendum, Attachment, Consult, Mode, Priority, Status
from desktop.core.issues import ValidationError
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals
from desktop.storage import audit, blob_records
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.models.base import utcnow
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.clinical import (
    AddendumRecord,
    AttachmentRecord,
    ConsentRecord,
    ConsultRecord,
)
from desktop.storage.models.hub_news import PrescriptionRecord
from desktop.storage.models.outbox import OutboxEntry
from protocol.ids import wire_id

THUMB_PX = 160
MEDIA_TYPES = ("image/png", "image/jpeg", "application/pdf")
_INTAKE = (
    "complaints",
    "complaint_text",
    "duration_value",
    "duration_unit",
    "conditions",
    "allergies",
    "medicines",
)


def _intake(c: Consult) -> dict[str, Any]:
    data = {name: getattr(c, name) for name in _INTAKE}
    data["vitals"] = dataclasses.asdict(c.vitals)
    return data


def _audit(session: Session, actor: Actor, c: Consult | ConsultRecord) -> None:
    audit.record(
        session, actor, "write", patient_id=c.patient_id, entity_type="consult", entity_id=c.id
    )


def create_draft(session: Session, patient_id: str, actor: Actor) -> Consult:
    c = Consult(patient_id=patient_id, created_by=actor.username)
    now = utcnow()
    session.add(
        ConsultRecord(
            id=c.id,
            patient_id=patient_id,
            status=c.status.value,
            specialty="",
            priority=c.priority.value,
            mode=c.mode.value,
            intake=_intake(c),
            created_by=actor.username,
            created_at=now,
            updated_at=now,
        )
    )
    _audit(session, actor, c)
    return c


def _record(session: Session, consult_id: str) -> ConsultRecord:
    rec = session.get(ConsultRecord, consult_id)
    if rec is None:
        raise LookupError("consult not found")
    return rec


def remember(c: Consult) -> None:
    """Register the consult's free text with ``desktop.redact``: complaint, conditions,
    allergies, medicines and addenda stay out of logs and crash reports from now on."""
    redact.register(
        c.complaint_text,
        c.conditions,
        c.allergies,
        c.medicines,
        *(addendum.text for addendum in c.addenda),
    )


def autosave(session: Session, c: Consult, actor: Actor) -> int:
    """Store the draft's intake as it stands (no validation: a half-typed draft is kept).

    Drafts stay on this device, so no outbox row; the record goes out when marked ready.
    """
    remember(c)
    rec = _record(session, c.id)
    lifecycle.ensure_editable(load(session, c.id))
    rec.intake = _intake(c)
    rec.specialty = c.specialty
    rec.priority = c.priority.value
    rec.mode = c.mode.value
    rec.updated_at = utcnow()
    rec.version += 1
    _audit(session, actor, rec)
    return rec.version


def record_consent(
    session: Session, consult_id: str, given: Consent, patient: Patient, today: date, actor: Actor
) -> None:
    lifecycle.ensure_editable(load(session, consult_id))
    issues = core_consent.check(given, patient, today)
    if issues:
        raise ValidationError(issues)
    session.add(
        ConsentRecord(
            consult_id=consult_id,
            kind=given.kind.value,
            granted=given.granted,
            given_by=given.given_by.value,
            guardian_name=given.guardian_name,
            guardian_relation=given.guardian_relation,
            recorded_by=given.recorded_by,
            recorded_at=given.recorded_at,
        )
    )
    _audit(session, actor, _record(session, consult_id))


def thumbnail_png(data: bytes) -> bytes | None:
    """A PNG at most THUMB_PX on its long side, or None if ``data`` is not an image."""
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        return None
    h, w = image.shape[:2]
    scale = THUMB_PX / max(h, w)
    if scale < 1:
        image = cv2.resize(
            image,
            (max(1, round(w * scale)), max(1, round(h * scale))),
            interpolation=cv2.INTER_AREA,
        )
    ok, png = cv2.imencode(".png", image)
    return png.tobytes() if ok else None


def store_attachment_blobs(
    store: BlobStore, data: bytes, media_type: str
) -> tuple[BlobRef, BlobRef | None]:
    """Encrypt the file and its thumbnail into the blob store (any thread but the UI's)."""
    if media_type not in MEDIA_TYPES:
        raise ValueError("unsupported attachment type")  # the UI offers only MEDIA_TYPES
    ref = store.put("attachment", data)
    thumb = thumbnail_png(data) if media_type.startswith("image/") else None
    return ref, (store.put("attachment", thumb) if thumb else None)


def attach(
    session: Session,
    consult_id: str,
    ref: BlobRef,
    thumb: BlobRef | None,
    media_type: str,
    title: str,
    actor: Actor,
) -> Attachment:
    lifecycle.ensure_editable(load(session, consult_id))
    a = Attachment(
        blob_id=ref.blob_id,
        sha256=ref.sha256,
        size=ref.plaintext_size or ref.size,
        media_type=media_type,
        title=title[:120],
        added_at=utcnow(),
        thumbnail_blob_id=thumb.blob_id if thumb else "",
    )
    blob_records.record(session, ref, "attachment", a.id)
    if thumb:
        blob_records.record(session, thumb, "attachment_thumbnail", a.id)
    session.flush()
    session.add(
        AttachmentRecord(
            id=a.id,
            consult_id=consult_id,
            blob_id=a.blob_id,
            sha256=a.sha256,
            size=a.size,
            media_type=a.media_type,
            title=a.title,
            thumbnail_blob_id=a.thumbnail_blob_id or None,
            added_at=a.added_at,
        )
    )
    _audit(session, actor, _record(session, consult_id))
    return a


# A still picture the doctor takes during the call: the consult has gone to the hub (it is
# not a draft any more) and is not finished.
DURING_CALL = (Status.READY, Status.WITH_HUB, Status.ASSIGNED, Status.IN_PROGRESS)


def attach_still(
    session: Session,
    consult_id: str,
    ref: BlobRef,
    thumb: BlobRef | None,
    media_type: str,
    title: str,
    actor: Actor,
) -> Attachment:
    """The doctor's still picture from the call, an attachment of a consult already sent:
    its rows as ``attach`` writes them plus its upload row for the hub (after the consult's
    own row if that has not gone yet), in one transaction. The upload names the picture's
    type and title, so the doctor's review lists it with the attachments."""
    rec = _record(session, consult_id)
    if Status(rec.status) not in DURING_CALL:
        raise lifecycle.ConsultLocked(Status(rec.status))
    a = Attachment(
        blob_id=ref.blob_id,
        sha256=ref.sha256,
        size=ref.plaintext_size or ref.size,
        media_type=media_type,
        title=title[:120],
        added_at=utcnow(),
        thumbnail_blob_id=thumb.blob_id if thumb else "",
    )
    blob_records.record(session, ref, "attachment", a.id)
    if thumb:
        blob_records.record(session, thumb, "attachment_thumbnail", a.id)
    session.flush()
    session.add(
        AttachmentRecord(
            id=a.id,
            consult_id=rec.id,
            blob_id=a.blob_id,
            sha256=a.sha256,
            size=a.size,
            media_type=a.media_type,
            title=a.title,
            thumbnail_blob_id=a.thumbnail_blob_id or None,
            added_at=a.added_at,
        )
    )
    consult_row = session.scalar(
        select(func.max(OutboxEntry.id)).where(
            OutboxEntry.entity_type == "consult", OutboxEntry.entity_id == rec.id
        )
    )
    session.add(
        OutboxEntry(
            entity_type="blob",
            entity_id=a.blob_id,
            operation="upload",
            payload={
                "consult_id": rec.id,
                "attachment_id": a.id,
                "sha256": a.sha256,
                "media_type": a.media_type,
                "title": a.title,
            },
            depends_on=consult_row,
        )
    )
    _audit(session, actor, rec)
    return a


def load(session: Session, consult_id: str) -> Consult:
    rec = _record(session, consult_id)
    intake = dict(rec.intake)
    vitals = Vitals(**intake.pop("vitals", {}))
    consents = [
        Consent(
            ConsentKind(r.kind),
            r.granted,
            GivenBy(r.given_by),
            r.recorded_by,
            r.recorded_at,
            r.guardian_name,
            r.guardian_relation,
        )
        for r in session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.consult_id == rec.id)
            .order_by(ConsentRecord.id)
        )
    ]
    attachments = [
        Attachment(
            r.blob_id,
            r.sha256,
            r.size,
            r.media_type,
            r.title,
            r.added_at,
            r.thumbnail_blob_id or "",
            r.id,
        )
        for r in session.scalars(
            select(AttachmentRecord)
            .where(AttachmentRecord.consult_id == rec.id)
            .order_by(AttachmentRecord.added_at)
        )
    ]
    addenda = [
        Addendum(r.text, r.author, r.added_at, r.id)
        for r in session.scalars(
            select(AddendumRecord)
            .where(AddendumRecord.consult_id == rec.id)
            .order_by(AddendumRecord.added_at)
        )
    ]
    consult = Consult(
        patient_id=rec.patient_id,
        created_by=rec.created_by,
        status=Status(rec.status),
        specialty=rec.specialty,
        priority=Priority(rec.priority),
        mode=Mode(rec.mode or Mode.VIDEO.value),
        vitals=vitals,
        attachments=attachments,
        consents=consents,
        addenda=addenda,
        id=rec.id,
        rx_refused=rx_history.refused(
            session.scalars(
                select(PrescriptionRecord)
                .where(PrescriptionRecord.consult_id == rec.id)
                .order_by(PrescriptionRecord.created_at, PrescriptionRecord.id)
            ).all()
        ),
        **{k: intake[k] for k in _INTAKE if k in intake},
    )
    remember(consult)
    return consult


def mark_ready(
    session: Session, consult_id: str, patient: Patient, today: date, actor: Actor
) -> Consult:
    """DRAFT -> READY (core rules decide) and queue the hub's consult body, built once here
    (after the patient's own row), then each attachment (after the consult)."""
    c = lifecycle.move(load(session, consult_id), Status.READY, patient, today)
    rec = _record(session, consult_id)
    rec.status = c.status.value
    rec.updated_at = utcnow()
    rec.version += 1
    started = rec.created_at
    patient_row = session.scalar(
        select(func.max(OutboxEntry.id)).where(
            OutboxEntry.entity_type == "patient", OutboxEntry.entity_id == c.patient_id
        )
    )
    body = fhir.consult_request(patient, c, started)
    if rec.follow_up_of:  # a follow-up started from the follow-ups-due list
        body["follow_up_of"] = wire_id(rec.follow_up_of)
    segments = _segments_in_order(session, c.id)
    if segments:  # recorded before "ready" (store-and-forward): the doctor plays it
        body["resources"].append(fhir.recording_reference(c, segments))
    bundle = OutboxEntry(
        entity_type="consult",
        entity_id=c.id,
        operation="create",
        payload=body,
        depends_on=patient_row,
    )
    session.add(bundle)
    session.flush()
    for a in c.attachments:
        session.add(
            OutboxEntry(
                entity_type="blob",
                entity_id=a.blob_id,
                operation="upload",
                payload={"consult_id": c.id, "attachment_id": a.id, "sha256": a.sha256},
                depends_on=bundle.id,
            )
        )
    _audit(session, actor, rec)
    return c


def _segments_in_order(session: Session, consult_id: str) -> list[str]:
    """Blob ids of the recording segments filed under the consult, in the order written."""
    return list(
        session.scalars(
            select(BlobRecord.blob_id)
            .where(
                BlobRecord.owner_type == "consult",
                BlobRecord.owner_id == consult_id,
                BlobRecord.kind == blob_records.SEGMENT_KIND,
            )
            .order_by(BlobRecord.created_at, BlobRecord.blob_id)
        )
    )


def queue_recording_segment(session: Session, consult_id: str, ref: BlobRef, actor: Actor) -> None:
    """A finished recording segment of this consult: its blob row, an upload row for the
    hub (sent one by one while the recording goes on) and an audit row, in one transaction."""
    blob_records.record(session, ref, "consult", consult_id)
    session.add(
        OutboxEntry(
            entity_type="blob",
            entity_id=ref.blob_id,
            operation="upload",
            payload={
                "consult_id": consult_id,
                "sha256": ref.sha256,
                "size": ref.size,
                "kind": ref.kind,
            },
        )
    )
    _audit(session, actor, _record(session, consult_id))


def file_recording_segments(
    session: Session, segments: list[tuple[str, BlobRef]], actor: Actor
) -> int:
    """File each (consult id, segment) the database does not know yet under its consult, as
    ``queue_recording_segment`` does; segments with a row, or of an unknown consult, are
    left alone (idempotent). Returns how many were filed."""
    kind = blob_records.SEGMENT_KIND
    known = set(session.scalars(select(BlobRecord.blob_id).where(BlobRecord.kind == kind)))
    wanted = {consult_id for consult_id, _ in segments}
    consults = set(session.scalars(select(ConsultRecord.id).where(ConsultRecord.id.in_(wanted))))
    filed = 0
    for consult_id, ref in segments:
        if ref.blob_id in known or consult_id not in consults:
            continue
        queue_recording_segment(session, consult_id, ref, actor)
        known.add(ref.blob_id)
        filed += 1
    return filed


def move(
    session: Session, consult_id: str, target: Status, actor: Actor, tell_hub: bool = True
) -> Consult:
    """Any other lifecycle move (withdraw, cancel, and the moves that follow the hub's word,
    ``tell_hub=False``: those came from the hub and queue nothing for it)."""
    if target is Status.READY:
        raise ValueError("use mark_ready")
    c = lifecycle.move(load(session, consult_id), target)
    rec = _record(session, consult_id)
    rec.status = c.status.value
    rec.updated_at = utcnow()
    rec.version += 1
    if tell_hub:
        session.add(
            OutboxEntry(
                entity_type="consult",
                entity_id=c.id,
                operation="update",
                payload={"status": target.value},
            )
        )
    _audit(session, actor, rec)
    return c


def add_addendum(
    session: Session, consult_id: str, text: str, actor: Actor, at: datetime
) -> Consult:
    redact.register(text)
    c = lifecycle.add_addendum(load(session, consult_id), text, actor.username, at)
    added = c.addenda[-1]
    session.add(
        AddendumRecord(
            id=added.id,
            consult_id=c.id,
            text=added.text,
            author=added.author,
            added_at=added.added_at,
        )
    )
    session.add(
        OutboxEntry(
            entity_type="addendum",
            entity_id=added.id,
            operation="create",
            payload={
                "consult_id": c.id,
                "text": added.text,
                "author": added.author,
                "added_at": added.added_at.isoformat(),
            },
        )
    )
    _audit(session, actor, _record(session, consult_id))
    return c


def drafts_for(session: Session, patient_id: str) -> list[str]:
    """Ids of this patient's open drafts, newest first (to resume after a crash)."""
    query = (
        select(ConsultRecord.id)
        .where(ConsultRecord.patient_id == patient_id, ConsultRecord.status == Status.DRAFT.value)
        .order_by(ConsultRecord.updated_at.desc())
    )
    return list(session.scalars(query))
