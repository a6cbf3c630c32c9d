"""Patients in the local database: register (with the offline duplicate check), edit with
history, load. Every write is one writer transaction with an outbox row and an audit row.

Functions here take the writer's ``Session``: submit them with ``DbWriter.submit``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from desktop import redact
from desktop.core import duplicates, fhir, names
from desktop.core import patient as core_patient
from desktop.core.duplicates import Candidate, Decision
from desktop.core.issues import ValidationError, errors
from desktop.core.patient import Patient
from desktop.storage import audit, blob_records
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobRef
from desktop.storage.models.base import utcnow
from desktop.storage.models.clinical import PatientChange, PatientRecord
from desktop.storage.models.outbox import OutboxEntry
from protocol.ids import wire_id

# Fields copied one to one between the entity and the table.
FIELDS = tuple(f.name for f in dataclasses.fields(Patient) if f.name != "photo_blob_id")
CANDIDATE_LIMIT = 200


def search_keys(p: Patient) -> dict[str, str]:
    """The precomputed, indexed keys that make name search fast in both scripts."""
    given, family = names.phonetic_key(p.given_name), names.phonetic_key(p.family_name)
    return {
        "key_name": f"{given} {family}".strip(),
        "key_family": f"{family} {given}".strip(),
        "key_skeleton": names.skeleton(p.full_name),
    }


def to_entity(rec: PatientRecord) -> Patient:
    values = {name: getattr(rec, name) for name in FIELDS}
    return Patient(**values, photo_blob_id=rec.photo_blob_id or "")


def _apply(rec: PatientRecord, p: Patient) -> None:
    for name in FIELDS:
        setattr(rec, name, getattr(p, name))
    rec.photo_blob_id = p.photo_blob_id or None
    for key, value in search_keys(p).items():
        setattr(rec, key, value)


@dataclass
class Registration:
    """The outcome of ``register``. ``saved`` is False while the operator must choose."""

    patient: Patient
    saved: bool
    candidates: list[Candidate] = field(default_factory=list)


def candidates_for(session: Session, p: Patient) -> list[Patient]:
    """Stored patients worth comparing with ``p``: one index look-up per rule, so a common
    name cannot crowd the real duplicate out of a limited result."""
    n = p.normalised()
    keys = search_keys(n)
    queries: list[Any] = []
    if n.abha_number:
        queries.append(PatientRecord.abha_number == n.abha_number)
    if n.abha_address:
        queries.append(PatientRecord.abha_address == n.abha_address)
    if n.mobile:
        queries.append(PatientRecord.mobile == n.mobile)
    if n.sex and n.birth_date:
        span = timedelta(days=366 * 3)
        near = and_(
            PatientRecord.sex == n.sex,
            PatientRecord.birth_date.between(n.birth_date - span, n.birth_date + span),
        )
        first_skeleton = keys["key_skeleton"].split(" ")[0]
        if first_skeleton:
            queries.append(and_(_prefix(PatientRecord.key_skeleton, first_skeleton), near))
        if keys["key_name"]:
            queries.append(and_(_prefix(PatientRecord.key_name, keys["key_name"][:3]), near))
    found: dict[str, Patient] = {}
    for where in queries:
        for rec in session.scalars(select(PatientRecord).where(where).limit(CANDIDATE_LIMIT)):
            found.setdefault(rec.id, to_entity(rec))
    return list(found.values())


def _prefix(column: Any, key: str) -> Any:
    return and_(column >= key, column < key + "~")


def _outbox(session: Session, p: Patient, operation: str) -> None:
    session.add(
        OutboxEntry(
            entity_type="patient",
            entity_id=p.id,
            operation=operation,
            # The hub's body itself, written once (the wire's ids have dashes).
            payload={"resource": dict(fhir.patient(p), id=wire_id(p.id))},
        )
    )


def register(
    session: Session,
    patient: Patient,
    actor: Actor,
    today: date,
    decision: Decision | None = None,
    same_as: str | None = None,
    photo: BlobRef | None = None,
) -> Registration:
    """Save a new patient unless duplicates need the operator's choice.

    Without ``decision`` and with candidates, nothing is written. ``SAME_PERSON`` with
    ``same_as`` returns that stored patient untouched (no merge); ``NEW_PATIENT`` saves.
    ``photo`` is an already encrypted blob (kind "photo") to record with the patient.
    """
    p = patient.normalised()
    remember(p)  # before anything can fail with the values in hand
    blocking = errors(core_patient.validate(p, today))
    if blocking:
        raise ValidationError(blocking)
    if decision is Decision.SAME_PERSON:
        rec = session.get(PatientRecord, same_as) if same_as else None
        if rec is None:
            raise LookupError("the chosen patient does not exist")
        audit.record(session, actor, "read", patient_id=rec.id, entity_type="patient")
        remember(to_entity(rec))
        return Registration(to_entity(rec), saved=False)
    candidates = duplicates.check(p, candidates_for(session, p), today)
    if candidates and decision is None:
        return Registration(p, saved=False, candidates=candidates)
    if photo is not None:
        blob_records.record(session, photo, "patient_photo", p.id)
        p = dataclasses.replace(p, photo_blob_id=photo.blob_id)
        session.flush()
    rec = PatientRecord(created_by=actor.username, updated_by=actor.username)
    _apply(rec, p)
    now = utcnow()
    rec.created_at = rec.updated_at = now
    session.add(rec)
    _outbox(session, p, "create")
    audit.record(session, actor, "write", patient_id=p.id, entity_type="patient", entity_id=p.id)
    return Registration(p, saved=True, candidates=candidates)


def update(
    session: Session, patient: Patient, actor: Actor, today: date, photo: BlobRef | None = None
) -> Patient:
    """Save edits; each changed field goes into the history as [old, new]."""
    p = patient.normalised()
    remember(p)
    if photo is not None:
        blob_records.record(session, photo, "patient_photo", p.id)
        p = dataclasses.replace(p, photo_blob_id=photo.blob_id)
        session.flush()
    blocking = errors(core_patient.validate(p, today))
    if blocking:
        raise ValidationError(blocking)
    rec = session.get(PatientRecord, p.id)
    if rec is None:
        raise LookupError("patient not found")
    before = to_entity(rec)
    changes: dict[str, list[Any]] = {}
    for name in (*FIELDS, "photo_blob_id"):
        old, new = getattr(before, name), getattr(p, name)
        if old != new:
            changes[name] = [_jsonable(old), _jsonable(new)]
    if not changes:
        return before
    _apply(rec, p)
    rec.version += 1
    rec.updated_at = utcnow()
    rec.updated_by = actor.username
    session.add(
        PatientChange(
            patient_id=p.id,
            version=rec.version,
            changed_at=rec.updated_at,
            changed_by=actor.username,
            changes=changes,
        )
    )
    _outbox(session, p, "update")
    audit.record(session, actor, "write", patient_id=p.id, entity_type="patient", entity_id=p.id)
    return p


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def get(session: Session, patient_id: str) -> Patient | None:
    rec = session.get(PatientRecord, patient_id)
    return to_entity(rec) if rec else None


def record_read(session: Session, actor: Actor, patient_id: str) -> None:
    """Audit that a patient's record was opened (run on the writer); their names are kept out
    of logs and crash reports from now on (``remember``)."""
    audit.record(session, actor, "read", patient_id=patient_id, entity_type="patient")
    rec = session.get(PatientRecord, patient_id)
    if rec is not None:
        remember(to_entity(rec))


def remember(p: Patient) -> None:
    """Register the patient's identifying words with ``desktop.redact``: from the moment the
    app handles them they are masked in logs and crash reports until the process ends."""
    redact.register(
        p.given_name,
        p.family_name,
        p.guardian_name,
        p.district,
        p.locality,
        p.address_line,
        p.pin,
        p.mobile,
        p.abha_number,
        p.abha_address,
    )


def history(session: Session, patient_id: str) -> list[PatientChange]:
    query = (
        select(PatientChange)
        .where(PatientChange.patient_id == patient_id)
        .order_by(PatientChange.id)
    )
    return list(session.scalars(query))
