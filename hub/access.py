"""Who may do what to which record: role and facility scope, checked on every request.

Outside the caller's scope a record answers 404 (its existence is not revealed); inside the
scope but not permitted for the role it answers 403. Every decision on patient data is audited.
"""

from __future__ import annotations

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub import audit
from hub.context import HubContext
from hub.deps import Principal
from hub.models import Consult, Facility, Patient

ACTIONS = ("read", "write", "delete", "upload")


def consult_decision(who: Principal, consult: Consult, action: str) -> int:
    """0 if allowed, else the HTTP status to answer."""
    if who.role == "admin":
        return 0
    if who.role == "spoke_operator":
        return 0 if consult.facility_id == who.facility_id else 404
    if who.role == "hub_doctor":
        if consult.hub_id != who.facility_id:
            return 404
        if action in ("read", "export") and consult.assigned_doctor_id == who.user.id:
            return 0
        return 403
    return 403


def patient_decision(session: Session, who: Principal, patient: Patient, action: str) -> int:
    if who.role == "admin":
        return 0
    if who.role == "spoke_operator":
        return 0 if patient.facility_id == who.facility_id else 404
    if who.role == "hub_doctor":
        spoke = session.get(Facility, patient.facility_id)
        if spoke is None or spoke.hub_id != who.facility_id:
            return 404
        if action != "read":
            return 403
        assigned = session.scalar(
            select(Consult.id)
            .where(Consult.patient_id == patient.id, Consult.assigned_doctor_id == who.user.id)
            .limit(1)
        )
        return 0 if assigned else 403
    return 403


def load_consult(
    hub: HubContext, session: Session, who: Principal, consult_id: str, action: str
) -> Consult:
    consult = session.get(Consult, consult_id)
    code = 404 if consult is None else consult_decision(who, consult, action)
    if code:
        audit.denied(session, hub.config.clock, who, action, "consult", consult_id, code)
        raise HTTPException(code, "not found" if code == 404 else "not allowed")
    assert consult is not None
    audit.record(session, hub.config.clock, who, action, "consult", consult_id)
    return consult


def load_patient(
    hub: HubContext, session: Session, who: Principal, patient_id: str, action: str
) -> Patient:
    patient = session.get(Patient, patient_id)
    code = 404 if patient is None else patient_decision(session, who, patient, action)
    if code:
        audit.denied(session, hub.config.clock, who, action, "patient", patient_id, code)
        raise HTTPException(code, "not found" if code == 404 else "not allowed")
    assert patient is not None
    audit.record(session, hub.config.clock, who, action, "patient", patient_id)
    return patient
