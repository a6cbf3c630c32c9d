"""A patient's earlier consults for the doctor reviewing a new one, and what the doctor's queue
shows of each consult (spoke, patient age and sex), read from the stored FHIR resources.

History: earlier consults of the same patient record (so the same spoke) and, when the patient
has an ABHA number, of patient records with that number at other spokes; each with its vitals
for trends (BP, weight, glucose, SpO2), complaint text and signed prescriptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hub.abha import abha_key
from hub.models import Consult, Facility, Patient, Prescription
from protocol.schemas import HistoryConsult, HistoryPrescription, VitalReading

LOINC = "http://loinc.org"
# LOINC code -> (reading code, unit when the resource names none)
VITALS: dict[str, tuple[str, str]] = {
    "8480-6": ("bp_systolic", "mm[Hg]"),
    "8462-4": ("bp_diastolic", "mm[Hg]"),
    "29463-7": ("weight", "kg"),
    "2339-0": ("glucose", "mg/dL"),
    "2345-7": ("glucose", "mg/dL"),
    "41653-7": ("glucose", "mg/dL"),
    "59408-5": ("spo2", "%"),
    "2708-6": ("spo2", "%"),
}
MAX_HISTORY = 50


def age_years(resource: dict[str, Any], today: date) -> int | None:
    born = resource.get("birthDate")
    if not isinstance(born, str) or not re.match(r"^[0-9]{4}", born):
        return None
    parts = [int(p) for p in born.split("-")[:3]]
    year, month, day = parts[0], (parts[1:2] or [1])[0], (parts[2:3] or [1])[0]
    return today.year - year - ((today.month, today.day) < (month, day))


def _codes(concept: Any) -> set[str]:
    if not isinstance(concept, dict):
        return set()
    return {
        str(c.get("code"))
        for c in concept.get("coding") or []
        if isinstance(c, dict) and c.get("system") in (LOINC, None)
    }


def _reading(concept: Any, quantity: Any, at: datetime | None) -> VitalReading | None:
    if not isinstance(quantity, dict) or not isinstance(quantity.get("value"), int | float):
        return None
    name = None
    for code in _codes(concept):
        if code in VITALS:
            name, unit = VITALS[code]
    if name is None:  # a BP component named only in text ("systolic")
        text = str(concept.get("text", "")).lower() if isinstance(concept, dict) else ""
        for word, code in (("systolic", "8480-6"), ("diastolic", "8462-4")):
            if word in text:
                name, unit = VITALS[code]
    if name is None:
        return None
    return VitalReading(
        code=name,  # type: ignore[arg-type]
        value=float(quantity["value"]),
        unit=str(quantity.get("unit") or quantity.get("code") or unit),
        time=at,
    )


def _when(resource: dict[str, Any], fallback: datetime | None) -> datetime | None:
    text = resource.get("effectiveDateTime")
    if isinstance(text, str):
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
    return fallback


def vitals(resources: Iterable[Any], fallback: datetime | None) -> list[VitalReading]:
    out: list[VitalReading] = []
    for res in resources:
        if not isinstance(res, dict) or res.get("resourceType") != "Observation":
            continue
        at = _when(res, fallback)
        found = _reading(res.get("code"), res.get("valueQuantity"), at)
        if found is not None:
            out.append(found)
        for comp in res.get("component") or []:
            if isinstance(comp, dict):
                part = _reading(comp.get("code"), comp.get("valueQuantity"), at)
                if part is not None:
                    out.append(part)
    return out


def complaints(resources: Iterable[Any]) -> str:
    """The presenting complaint: encounter-diagnosis Conditions (or uncategorised ones), else
    the Encounter's reason text."""
    texts: list[str] = []
    reasons: list[str] = []
    for res in resources:
        if not isinstance(res, dict):
            continue
        if res.get("resourceType") == "Condition":
            cats = {
                c.get("code")
                for cat in res.get("category") or []
                for c in (cat.get("coding") or [] if isinstance(cat, dict) else [])
                if isinstance(c, dict)
            }
            if not cats or "encounter-diagnosis" in cats:
                text = (res.get("code") or {}).get("text")
                if isinstance(text, str) and text.strip():
                    texts.append(text.strip())
        elif res.get("resourceType") == "Encounter":
            for reason in res.get("reasonCode") or []:
                if isinstance(reason, dict) and isinstance(reason.get("text"), str):
                    reasons.append(reason["text"].strip())
    return "; ".join(texts or reasons)


def same_abha(key: str, but: str) -> Select[tuple[str]]:
    """Ids of patient records with the ABHA key ``key`` other than ``but`` (an index
    lookup on ``patients.abha_key``)."""
    return select(Patient.id).where(Patient.abha_key == key, Patient.id != but)


def _abha_patients(session: Session, patient: Patient) -> list[str]:
    """Other patient records carrying the same ABHA number (any spoke)."""
    key = patient.abha_key or abha_key(patient.resource)
    return list(session.scalars(same_abha(key, patient.id))) if key else []


def earlier_consults(session: Session, consult: Consult, limit: int) -> list[HistoryConsult]:
    """Newest first, at most ``limit``; drafts never count."""
    patient = session.get(Patient, consult.patient_id)
    others: list[str] = []
    if patient is not None:
        others = _abha_patients(session, patient)
    rows = session.scalars(
        select(Consult)
        .where(
            Consult.patient_id.in_([consult.patient_id, *others]),
            Consult.id != consult.id,
            Consult.status != "draft",
            Consult.created_at <= consult.created_at,
        )
        .order_by(Consult.created_at.desc(), Consult.id)
        .limit(limit)
    ).all()
    rows = sorted(rows, key=lambda c: c.queued_at or c.created_at, reverse=True)
    if not rows:
        return []
    names: dict[str, str] = {
        fid: name
        for fid, name in session.execute(
            select(Facility.id, Facility.name).where(Facility.id.in_({c.facility_id for c in rows}))
        )
    }
    rx: dict[str, list[HistoryPrescription]] = {}
    for p in session.scalars(
        select(Prescription)
        .where(Prescription.consult_id.in_([c.id for c in rows]))
        .order_by(Prescription.created_at)
    ):
        rx.setdefault(p.consult_id, []).append(
            HistoryPrescription(
                id=p.id,
                content=p.content,
                signature=p.signature,
                registration_number=p.registration_number,
                created_at=p.created_at,
            )
        )
    return [
        HistoryConsult(
            id=c.id,
            date=c.queued_at or c.created_at,
            facility_id=c.facility_id,
            facility_name=names.get(c.facility_id, ""),
            specialty=c.specialty,
            status=c.status,  # type: ignore[arg-type]
            same_patient=c.patient_id == consult.patient_id,
            complaints=complaints(c.resources or []),
            vitals=vitals(c.resources or [], c.queued_at or c.created_at),
            prescriptions=rx.get(c.id, []),
        )
        for c in rows
    ]
