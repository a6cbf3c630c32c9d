"""E-prescriptions: the assigned doctor submits a signed one; the spoke pulls them."""

from __future__ import annotations

import base64
import binascii
import logging
import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import APIRouter, HTTPException, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub import audit, fhir
from hub.access import load_consult
from hub.api import ERRORS
from hub.api.queue import user_out
from hub.api.records import payload_hash
from hub.context import HubContext
from hub.deps import DB, Caller, DoctorOnly, Hub, OperatorOnly
from hub.errors import ApiError
from hub.models import Consult, Facility, Patient, Prescription, User
from hub.schemas import (
    PrescribingOut,
    PrescriptionIn,
    PrescriptionOut,
    PrescriptionRefusalIn,
    PrescriptionRefusalOut,
    SigningKeyIn,
    UserOut,
)
from protocol import formulary
from protocol.errors import ErrorCode
from protocol.signing import signed_bytes
from protocol.vocab import ConsultMode

router = APIRouter(tags=["prescriptions"], responses=ERRORS)
log = logging.getLogger("hub.prescriptions")
IdPath = Annotated[uuid.UUID, "uuid"]


def _public_key(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise HTTPException(422, "public_key must be 32 raw bytes, base64") from None


def rx_out(rx: Prescription) -> PrescriptionOut:
    return PrescriptionOut(
        id=rx.id,
        consult_id=rx.consult_id,
        doctor_id=rx.doctor_id,
        registration_number=rx.registration_number,
        content=rx.content,
        signature=rx.signature,
        payload_sha256=rx.payload_sha256,
        created_at=rx.created_at,
        signing_key=rx.signing_key,
    )


def is_follow_up(session: Session, consult: Consult, now: datetime, window_days: int) -> bool:
    """Whether the consult follows up an earlier consult of the same patient completed within
    the formulary's window (TPG 2020: List B becomes allowed)."""
    if not consult.follow_up_of:
        return False
    earlier = session.get(Consult, consult.follow_up_of)
    if earlier is None or earlier.patient_id != consult.patient_id:
        return False
    done = earlier.completed_at
    if earlier.status != "completed" or done is None:
        return False
    return timedelta(0) <= now - done <= timedelta(days=window_days)


def _mode(consult: Consult) -> ConsultMode:
    """The mode the rules apply: what the consult's calls achieved once a call happened
    (``hub.api.calls``: the best of them), else the operator's choice when sending it."""
    try:
        return ConsultMode(consult.achieved_mode or consult.mode)
    except ValueError:  # not a known mode: the strictest
        return ConsultMode.TEXT


def _enforce_rules(
    hub: HubContext, session: Session, consult: Consult, body: PrescriptionIn
) -> None:
    """The Telemedicine Practice Guidelines' lists, from the shared protocol: the same rules
    the doctor's editor applies, so a modified client cannot bypass them. The answer names
    the formulary's drug, its list and the rule, never the text as sent."""
    rules = formulary.default()
    mode = _mode(consult)
    follow_up = is_follow_up(session, consult, hub.config.clock.now(), rules.follow_up_window_days)
    blocking = [v for v in rules.check(body.content, mode, follow_up) if v.blocking]
    if not blocking:
        return
    prohibited = any(v.rule is formulary.Rule.PROHIBITED for v in blocking)
    code = ErrorCode.PROHIBITED_DRUG if prohibited else ErrorCode.DRUG_NOT_ALLOWED_FOR_MODE
    detail = {
        "mode": mode.value,
        "follow_up": follow_up,
        "violations": [
            {
                "medication": v.index,
                "drug": v.drug,
                "list": v.drug_list.value if v.drug_list else None,
                "rule": v.rule.value,
            }
            for v in blocking
        ],
    }
    raise ApiError(422, code, detail)


@router.put("/doctors/me/signing-key", response_model=UserOut)
def set_signing_key(session: DB, who: DoctorOnly, body: SigningKeyIn) -> UserOut:
    """Register the Ed25519 public key this doctor signs prescriptions with."""
    _public_key(body.public_key)
    session.add(who.user)
    who.user.signing_key = body.public_key
    return user_out(who.user)


@router.put(
    "/consults/{consult_id}/prescriptions/{prescription_id}",
    response_model=PrescriptionOut,
    responses={201: {"model": PrescriptionOut, "description": "Created"}},
)
def submit(
    hub: Hub,
    session: DB,
    who: DoctorOnly,
    consult_id: IdPath,
    prescription_id: IdPath,
    body: PrescriptionIn,
    response: Response,
) -> PrescriptionOut:
    """Store a signed prescription (idempotent by its UUID); prohibited drugs are refused."""
    consult = load_consult(hub, session, who, str(consult_id), "read")
    cid, pid = consult.id, str(prescription_id)
    if consult.assigned_doctor_id != who.user.id:
        raise HTTPException(403, "not assigned to you")
    # Signed, stored and served exactly as the doctor sent it (no defaults filled in), so the
    # signature verifies on every copy (protocol.signing).
    content = body.sent_content
    digest = payload_hash({"content": content, "signature": body.signature})
    existing = session.get(Prescription, pid)
    if existing is not None:
        if existing.consult_id != cid or existing.payload_sha256 != digest:
            raise HTTPException(409, "a different prescription already has this id")
        return rx_out(existing)
    if consult.status != "in_progress":
        raise HTTPException(409, f"consult is {consult.status}; accept it first")
    if not who.user.registration_number.strip():
        raise HTTPException(422, "a medical registration number is required to prescribe")
    if body.content.prescriber.registration_number.strip() != who.user.registration_number.strip():
        raise HTTPException(422, "the prescriber's registration number is not this doctor's")
    replaced = body.content.replaces
    if replaced:
        earlier = session.get(Prescription, replaced)
        if earlier is None or earlier.consult_id != cid:
            raise HTTPException(422, "replaces must name a prescription of this consult")
    _enforce_rules(hub, session, consult, body)
    if not who.user.signing_key:
        raise HTTPException(422, "register a signing key first")
    try:
        signature = base64.b64decode(body.signature, validate=True)
        _public_key(who.user.signing_key).verify(signature, signed_bytes(cid, pid, content))
    except (binascii.Error, InvalidSignature):
        raise ApiError(422, ErrorCode.SIGNATURE_INVALID, "signature does not verify") from None
    rx = Prescription(
        id=pid,
        consult_id=cid,
        doctor_id=who.user.id,
        registration_number=who.user.registration_number,
        content=content,
        signature=body.signature,
        payload_sha256=digest,
        created_at=hub.config.clock.now(),
        signing_key=who.user.signing_key,
    )
    session.add(rx)
    audit.record(session, hub.config.clock, who, "write", "prescription", pid, 201)
    session.flush()
    response.status_code = 201
    return rx_out(rx)


@router.get("/consults/{consult_id}/prescribing", response_model=PrescribingOut)
def prescribing(hub: Hub, session: DB, who: DoctorOnly, consult_id: IdPath) -> PrescribingOut:
    """The drug lists this consult allows (its mode, and whether it is a follow-up now): the
    same decision the hub takes when the prescription arrives."""
    consult = load_consult(hub, session, who, str(consult_id), "read")
    rules = formulary.default()
    mode = _mode(consult)
    window = rules.follow_up_window_days
    follow_up = is_follow_up(session, consult, hub.config.clock.now(), window)
    allowed = formulary.allowed_lists(mode, follow_up)
    return PrescribingOut(
        consult_id=consult.id,
        mode=mode.value,
        follow_up=follow_up,
        follow_up_of=consult.follow_up_of,
        follow_up_window_days=window,
        allowed_lists=[c.value for c in formulary.DrugClass if c in allowed],  # type: ignore[misc]
    )


@router.get("/consults/{consult_id}/prescriptions", response_model=list[PrescriptionOut])
def list_prescriptions(
    hub: Hub, session: DB, who: Caller, consult_id: IdPath
) -> list[PrescriptionOut]:
    """The consult's prescriptions, oldest first (the spoke pulls and verifies them)."""
    consult = load_consult(hub, session, who, str(consult_id), "read")
    rows = session.scalars(
        select(Prescription)
        .where(Prescription.consult_id == consult.id)
        .order_by(Prescription.created_at, Prescription.id)
    )
    return [rx_out(rx) for rx in rows]


@router.get(
    "/consults/{consult_id}/prescriptions/{prescription_id}/fhir", response_model=dict[str, Any]
)
def prescription_document(
    hub: Hub, session: DB, who: Caller, consult_id: IdPath, prescription_id: IdPath
) -> dict[str, Any]:
    """The prescription as a PrescriptionRecord-style FHIR document Bundle."""
    consult = load_consult(hub, session, who, str(consult_id), "export")
    rx = session.get(Prescription, str(prescription_id))
    if rx is None or rx.consult_id != consult.id:
        raise HTTPException(404, "no such prescription")
    patient = session.get(Patient, consult.patient_id)
    doctor = session.get(User, rx.doctor_id)
    facility = session.get(Facility, consult.facility_id)
    assert patient is not None and doctor is not None and facility is not None
    return fhir.prescription_bundle(rx, patient, doctor, facility, hub.config.clock.now())


@router.put(
    "/consults/{consult_id}/prescriptions/{prescription_id}/refusal",
    response_model=PrescriptionRefusalOut,
)
def report_refusal(
    hub: Hub,
    session: DB,
    who: OperatorOnly,
    consult_id: IdPath,
    prescription_id: IdPath,
    body: PrescriptionRefusalIn,
) -> PrescriptionRefusalOut:
    """The consult's spoke could not verify this prescription as it received it (altered on
    the way or in store, or no key to check it) and will not print or dispense it: kept in
    the hub's audit log (entity ``prescription_refused``) for the hub to send it again.
    Idempotent: the same report again changes nothing more than another audit row."""
    consult = load_consult(hub, session, who, str(consult_id), "read")
    pid = str(prescription_id)
    rx = session.get(Prescription, pid)
    if rx is None or rx.consult_id != consult.id:
        raise HTTPException(404, "no such prescription for this consult")
    audit.record(session, hub.config.clock, who, "write", "prescription_refused", pid, 200)
    log.warning("spoke could not verify prescription %s (%s)", pid, body.state)
    return PrescriptionRefusalOut(
        id=pid, consult_id=consult.id, state=body.state, reason=body.reason
    )
