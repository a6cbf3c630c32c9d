"""Patients and consults: idempotent upserts by client UUID, reads, deletion, FHIR document."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub import audit, fhir, queue
from hub.abha import abha_key
from hub.access import load_consult, load_patient
from hub.api import ERRORS
from hub.context import HubContext
from hub.db import insert_new
from hub.deps import DB, Caller, Hub, Principal, Token, in_transaction
from hub.models import Consult, Facility, Patient, Prescription, User
from hub.schemas import (
    ConsultIn,
    ConsultOut,
    ConsultSummary,
    ConsultWithdrawnOut,
    Instant,
    PatientIn,
    PatientOut,
)

router = APIRouter(tags=["records"], responses=ERRORS)
IdPath = Annotated[uuid.UUID, "client-generated UUID"]


def payload_hash(body: Any) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def patient_out(p: Patient) -> PatientOut:
    return PatientOut(
        id=p.id,
        facility_id=p.facility_id,
        version=p.version,
        payload_sha256=p.payload_sha256,
        resource=p.resource,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def consult_summary(c: Consult) -> dict[str, Any]:
    return {
        "id": c.id,
        "facility_id": c.facility_id,
        "hub_id": c.hub_id,
        "patient_id": c.patient_id,
        "specialty": c.specialty,
        "priority": queue.PRIORITY_NAMES[c.priority],
        "mode": c.mode,
        "consult_type": c.consult_type,
        "follow_up_of": c.follow_up_of,
        "status": c.status,
        "finalized": c.finalized,
        "version": c.version,
        "payload_sha256": c.payload_sha256,
        "assigned_doctor_id": c.assigned_doctor_id,
        "queued_at": c.queued_at,
        "assigned_at": c.assigned_at,
        "accepted_at": c.accepted_at,
        "completed_at": c.completed_at,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def consult_out(c: Consult) -> ConsultOut:
    return ConsultOut(**consult_summary(c), resources=c.resources)


@router.put(
    "/patients/{patient_id}",
    response_model=PatientOut,
    responses={201: {"model": PatientOut, "description": "Created"}},
)
async def upsert_patient(
    token: Token, patient_id: IdPath, body: PatientIn, response: Response
) -> PatientOut:
    """Create or update a patient by the client's UUID. The same payload again is a no-op."""
    work = partial(_upsert_patient, token.hub, patient_id, body, response)
    return await in_transaction(token, work)


def _upsert_patient(
    hub: HubContext,
    patient_id: uuid.UUID,
    body: PatientIn,
    response: Response,
    session: Session,
    who: Principal,
) -> PatientOut:
    pid = str(patient_id)
    resource = dict(body.resource)
    if resource.get("id", pid) != pid:
        raise HTTPException(422, "resource.id must equal the patient id")
    try:
        fhir.validate(resource, frozenset({"Patient"}))
    except fhir.FhirError as exc:
        raise HTTPException(422, str(exc)) from None
    digest = payload_hash(body.model_dump(mode="json"))
    now = hub.config.clock.now()
    if who.role == "spoke_operator" and who.facility_id is not None:
        values: dict[str, Any] = {
            "id": pid,
            "facility_id": who.facility_id,
            "resource": resource,
            "payload_sha256": digest,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "abha_key": abha_key(resource),  # indexed: the doctor's history by ABHA number
        }
        # A new id is inserted in one statement; a known one (a repeat, an update, a
        # concurrent copy of this request that won, another spoke's patient) goes on below.
        row = audit.allowed(hub.config.clock, who, "write", "patient", pid, 201)
        if insert_new(session, Patient, values, also=row):
            response.status_code = 201
            return PatientOut(**values)
    elif session.get(Patient, pid) is None:
        raise HTTPException(403, "only spoke operators register patients")
    patient = load_patient(hub, session, who, pid, "write")
    if patient.payload_sha256 != digest:
        patient.resource = resource
        patient.payload_sha256 = digest
        patient.version += 1
        patient.updated_at = now
    return patient_out(patient)


@router.get("/patients/{patient_id}", response_model=PatientOut)
def get_patient(hub: Hub, session: DB, who: Caller, patient_id: IdPath) -> PatientOut:
    return patient_out(load_patient(hub, session, who, str(patient_id), "read"))


def _validate_resources(resources: list[dict[str, Any]]) -> None:
    for i, res in enumerate(resources):
        try:
            fhir.validate(res, fhir.CONSULT_RESOURCES)
        except fhir.FhirError as exc:
            raise HTTPException(422, f"resources[{i}]: {exc}") from None


def _follow_up_of(session: Session, cid: str, patient_id: str, body: ConsultIn) -> str | None:
    """The earlier consult this one follows up: it must be another consult of the same
    patient (whether it makes this one a follow-up for the drug rules is decided when the
    doctor prescribes: completed, within the window). Any other id names no consult this one
    can follow: 404, like any reference to a row that is not there (no schema can state it)."""
    if body.follow_up_of is None:
        return None
    earlier = session.get(Consult, str(body.follow_up_of))
    if earlier is None or earlier.id == cid or earlier.patient_id != patient_id:
        raise HTTPException(404, "follow_up_of must be an earlier consult of the same patient")
    return earlier.id


def _create_consult(
    hub: Any, session: Session, who: Any, cid: str, body: ConsultIn, digest: str, now: datetime
) -> Consult:
    if who.role != "spoke_operator" or who.facility_id is None:
        raise HTTPException(403, "only spoke operators open consults")
    spoke = session.get(Facility, who.facility_id)
    if spoke is None or spoke.hub_id is None:
        raise HTTPException(409, "this spoke is not linked to a hub")
    patient = session.get(Patient, str(body.patient_id))
    if patient is None or patient.facility_id != who.facility_id:
        raise HTTPException(404, "unknown patient_id: upload the patient first")
    consult = Consult(
        id=cid,
        facility_id=who.facility_id,
        hub_id=spoke.hub_id,
        patient_id=patient.id,
        specialty=body.specialty,
        priority=queue.PRIORITIES[body.priority],
        mode=body.mode,
        consult_type=body.consult_type,
        follow_up_of=_follow_up_of(session, cid, patient.id, body),
        resources=body.resources,
        payload_sha256=digest,
        status="draft",
        declined_by=[],
        created_at=now,
        updated_at=now,
    )
    session.add(consult)
    return consult


@router.put(
    "/consults/{consult_id}",
    response_model=ConsultOut,
    responses={201: {"model": ConsultOut, "description": "Created"}},
)
async def upsert_consult(
    token: Token, consult_id: IdPath, body: ConsultIn, response: Response
) -> ConsultOut:
    """Create or update a consult by the client's UUID.

    The same payload again answers the same record. A draft takes a new payload; a finalized
    consult (``final: true`` was sent) answers 409 to a different payload and stays as it was.
    """
    work = partial(_upsert_consult, token.hub, consult_id, body, response)
    return await in_transaction(token, work)


def _upsert_consult(
    hub: HubContext,
    consult_id: uuid.UUID,
    body: ConsultIn,
    response: Response,
    session: Session,
    who: Principal,
) -> ConsultOut:
    cid = str(consult_id)
    _validate_resources(body.resources)
    digest = payload_hash(body.model_dump(mode="json"))
    now = hub.config.clock.now()
    consult = None
    if session.get(Consult, cid) is None:
        try:
            consult = _create_consult(hub, session, who, cid, body, digest, now)
            audit.record(session, hub.config.clock, who, "write", "consult", cid, 201)
            session.flush()
            response.status_code = 201
        except IntegrityError:
            session.rollback()  # a concurrent copy of this request created it first
            consult = None
    if consult is None:
        consult = load_consult(hub, session, who, cid, "write")
        if consult.payload_sha256 == digest:
            return consult_out(consult)
        if consult.finalized or consult.status != "draft":
            _audit_conflict(hub, session, who, "write", cid)
            raise HTTPException(409, "consult is finalized; a different payload is refused")
        if str(body.patient_id) != consult.patient_id:
            # The body is well formed; the stored consult's patient is what it conflicts with.
            raise HTTPException(409, "patient_id of a consult cannot change")
        consult.specialty = body.specialty
        consult.priority = queue.PRIORITIES[body.priority]
        consult.mode = body.mode
        consult.consult_type = body.consult_type
        consult.follow_up_of = _follow_up_of(session, cid, consult.patient_id, body)
        consult.resources = body.resources
        consult.payload_sha256 = digest
        consult.version += 1
        consult.updated_at = now
    if body.final:
        consult.finalized = True
        queue.move(consult, "queued", now)
        session.flush()
        queue.assign_queued(session, consult.hub_id, now)
    session.flush()
    return consult_out(consult)


def _audit_conflict(
    hub: HubContext, session: Session, who: Principal, action: str, cid: str
) -> None:
    # The caller was allowed and saw the record's state; the 409 rolls the request back.
    audit.separately(session, hub.config.clock, who, action, "consult", cid, "allowed", 409)


@router.get("/consults/{consult_id}", response_model=ConsultOut)
def get_consult(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> ConsultOut:
    return consult_out(load_consult(hub, session, who, str(consult_id), "read"))


@router.delete("/consults/{consult_id}", response_model=ConsultWithdrawnOut)
def delete_consult(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> ConsultWithdrawnOut:
    """Withdraw a consult: a draft is removed, a waiting one is cancelled; a started one is kept.

    The answer echoes the id (like every success answer), so a spoke can tell it from a
    middlebox's reply; withdrawing a cancelled consult again answers the same.
    """
    consult = load_consult(hub, session, who, str(consult_id), "delete")
    if consult.status == "draft":
        session.delete(consult)
        return ConsultWithdrawnOut(id=consult.id, status="deleted")
    if consult.status in ("queued", "assigned"):
        queue.move(consult, "cancelled", hub.config.clock.now())
    elif consult.status != "cancelled":
        _audit_conflict(hub, session, who, "delete", consult.id)
        raise HTTPException(409, f"a consult that is {consult.status} cannot be withdrawn")
    return ConsultWithdrawnOut(id=consult.id, status="cancelled")


@router.get("/consults", response_model=list[ConsultSummary])
def list_consults(
    hub: Hub,
    session: DB,
    who: Caller,
    updated_since: Instant | None = None,
    after_id: uuid.UUID | None = None,
    status: Annotated[str | None, Query(pattern="^[a-z_]{1,12}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """The caller's consults by last change (operator: its spoke; doctor: assigned; admin: all).

    ``updated_since`` with ``after_id`` is a keyset cursor: the page goes on after the consult
    with that change time and id, so consults sharing one change time are never skipped."""
    query = select(Consult).order_by(Consult.updated_at, Consult.id).limit(limit)
    if who.role == "spoke_operator":
        query = query.where(Consult.facility_id == who.facility_id)
    elif who.role == "hub_doctor":
        query = query.where(Consult.assigned_doctor_id == who.user.id)
    elif who.role != "admin":  # a programme manager reads statistics, never consults
        raise HTTPException(403, "role not allowed")
    if updated_since is not None:
        if after_id is None:
            query = query.where(Consult.updated_at > updated_since)
        else:
            query = query.where(
                or_(
                    Consult.updated_at > updated_since,
                    and_(Consult.updated_at == updated_since, Consult.id > str(after_id)),
                )
            )
    if status:
        query = query.where(Consult.status == status)
    rows = list(session.scalars(query))
    audit.record_all(session, hub.config.clock, who, "list", "consult", [c.id for c in rows])
    return [consult_summary(c) for c in rows]


@router.get("/consults/{consult_id}/fhir", response_model=dict[str, Any])
def consult_bundle(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> dict[str, Any]:
    """The consult as an OPConsultRecord-style FHIR document Bundle (Composition first)."""
    consult = load_consult(hub, session, who, str(consult_id), "export")
    patient = session.get(Patient, consult.patient_id)
    facility = session.get(Facility, consult.facility_id)
    assert patient is not None and facility is not None
    doctor = session.get(User, consult.assigned_doctor_id) if consult.assigned_doctor_id else None
    rxs = list(
        session.scalars(
            select(Prescription)
            .where(Prescription.consult_id == consult.id)
            .order_by(Prescription.created_at)
        )
    )
    signed_by = {rx.doctor_id for rx in rxs} - {consult.assigned_doctor_id}
    prescribers = [u for u in (session.get(User, i) for i in sorted(signed_by)) if u is not None]
    now = hub.config.clock.now()
    return fhir.op_consult_bundle(consult, patient, facility, doctor, rxs, now, prescribers)
