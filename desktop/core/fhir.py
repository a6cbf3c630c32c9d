"""FHIR R4 serialisation of a patient and a consult (plain dicts, ready for JSON).

Patient (with ABHA identifiers), Encounter, the chief complaint (Condition, with how long
it has lasted), known conditions (Condition), allergies (AllergyIntolerance), current
medicines (MedicationStatement), vital-sign Observations coded with LOINC, DocumentReference
per attachment, Consent per consent decision; ``consult_bundle`` wraps them in a collection
Bundle, ``consult_request`` in the hub's consult body. Text first, as the operator typed it.
Tests validate them with ``fhir.resources.R4B``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.core import abha, consent, vitals
from desktop.core.consult import Consult, Priority, Status
from desktop.core.patient import Patient
from protocol.ids import wire_id

Json = dict[str, Any]
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ABHA_SYSTEM = "https://healthid.abdm.gov.in"
ABHA_ADDRESS_SYSTEM = "https://healthid.abdm.gov.in/abha-address"
NRCES_ID_TYPE = "https://nrces.in/ndhm/fhir/r4/CodeSystem/ndhm-identifier-type-code"
CODE_SYSTEM = "urn:spoke-clinic:patient-code"
BLOB_URL = "urn:spoke-clinic:blob:"
SHA256_SYSTEM = "urn:spoke-clinic:sha256"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"
ALLERGY_STATUS = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
COMPLAINT_SYSTEM = "urn:spoke-clinic:complaint"
# UCUM codes of the intake's duration units.
DURATION_CODES = {"hours": "h", "days": "d", "weeks": "wk", "months": "mo", "years": "a"}

# name -> (LOINC code, display, category)
VITAL_CODES: dict[str, tuple[str, str, str]] = {
    "pulse": ("8867-4", "Heart rate", "vital-signs"),
    "temperature_c": ("8310-5", "Body temperature", "vital-signs"),
    "spo2": ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "vital-signs"),
    "respiratory_rate": ("9279-1", "Respiratory rate", "vital-signs"),
    "weight_kg": ("29463-7", "Body weight", "vital-signs"),
    "height_cm": ("8302-2", "Body height", "vital-signs"),
    "glucose_random": ("2339-0", "Glucose [Mass/volume] in Blood", "laboratory"),
}
BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")
BMI = ("39156-5", "Body mass index (BMI) [Ratio]")

_ENCOUNTER_STATUS = {
    Status.DRAFT: "planned",
    Status.READY: "planned",
    Status.WITH_HUB: "planned",
    Status.ASSIGNED: "arrived",
    Status.IN_PROGRESS: "in-progress",
    Status.PRESCRIBED: "in-progress",
    Status.CLOSED: "finished",
    Status.CANCELLED: "cancelled",
}
_PRIORITY = {Priority.ROUTINE: "R", Priority.URGENT: "UR", Priority.EMERGENCY: "EM"}


def _ref(kind: str, rid: str) -> Json:
    return {"reference": f"{kind}/{rid}"}


def _instant(at: datetime) -> str:
    return at.isoformat(timespec="seconds")


def _quantity(value: float, unit: str) -> Json:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _coding(system: str, code: str, display: str = "") -> Json:
    c: Json = {"system": system, "code": code}
    if display:
        c["display"] = display
    return c


def patient(p: Patient) -> Json:
    """The Patient resource; the ABHA number is formatted XX-XXXX-XXXX-XXXX."""
    ids: list[Json] = [
        {
            "type": {"coding": [_coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR")]},
            "system": CODE_SYSTEM,
            "value": p.code,
        }
    ]
    if p.abha_number:
        ids.append(
            {
                "type": {"coding": [_coding(NRCES_ID_TYPE, "ABHA", "ABHA number")]},
                "system": ABHA_SYSTEM,
                "value": abha.format_number(p.abha_number),
            }
        )
    if p.abha_address:
        ids.append(
            {
                "type": {"coding": [_coding(NRCES_ID_TYPE, "ABHAAddress", "ABHA address")]},
                "system": ABHA_ADDRESS_SYSTEM,
                "value": p.abha_address,
            }
        )
    name: Json = {"text": p.full_name, "given": [p.given_name]}
    if p.family_name:
        name["family"] = p.family_name
    res: Json = {"resourceType": "Patient", "id": p.id, "identifier": ids, "name": [name]}
    if p.sex:
        res["gender"] = p.sex
    if p.birth_date:
        # An age given as "about 45" made the date: only its year is known, and FHIR's
        # partial date says exactly that (never a made-up day and month).
        res["birthDate"] = str(p.birth_date.year) if p.birth_estimated else p.birth_date.isoformat()
    if p.mobile:
        res["telecom"] = [{"system": "phone", "value": "+91" + p.mobile, "use": "mobile"}]
    address: Json = {"country": "IN", "use": "home"}
    for key, value in (
        ("line", [p.address_line] if p.address_line else None),
        ("city", p.locality),
        ("district", p.district),
        ("state", p.state.name if p.state else ""),
        ("postalCode", p.pin),
    ):
        if value:
            address[key] = value
    res["address"] = [address]
    if p.guardian_name:
        res["contact"] = [
            {"relationship": [{"text": p.guardian_relation}], "name": {"text": p.guardian_name}}
        ]
    return res


def encounter(c: Consult, started: datetime) -> Json:
    reasons: list[Json] = [
        {"coding": [_coding("urn:spoke-clinic:complaint", k)]} for k in c.complaints
    ]
    if c.complaint_text.strip():
        reasons.append({"text": c.complaint_text.strip()})
    res: Json = {
        "resourceType": "Encounter",
        "id": c.id,
        "status": _ENCOUNTER_STATUS[c.status],
        "class": _coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "VR", "virtual"),
        "priority": {
            "coding": [
                _coding(
                    "http://terminology.hl7.org/CodeSystem/v3-ActPriority", _PRIORITY[c.priority]
                )
            ]
        },
        "subject": _ref("Patient", c.patient_id),
        "period": {"start": _instant(started)},
    }
    if c.specialty:
        res["serviceType"] = {"coding": [_coding("urn:spoke-clinic:specialty", c.specialty)]}
    if reasons:
        res["reasonCode"] = reasons
    return res


def _observation(c: Consult, at: datetime, key: str, code: tuple[str, str], cat: str) -> Json:
    return {
        "resourceType": "Observation",
        "id": f"{c.id[:54]}-{key.replace('_', '-')}"[:64],
        "status": "final",
        "category": [
            {"coding": [_coding("http://terminology.hl7.org/CodeSystem/observation-category", cat)]}
        ],
        "code": {"coding": [_coding(LOINC, code[0], code[1])], "text": code[1]},
        "subject": _ref("Patient", c.patient_id),
        "encounter": _ref("Encounter", c.id),
        "effectiveDateTime": _instant(at),
    }


def observations(c: Consult, at: datetime) -> list[Json]:
    """One Observation per measured vital (BP as a panel with two components)."""
    v = c.vitals
    out: list[Json] = []
    if v.systolic is not None and v.diastolic is not None:
        bp = _observation(c, at, "bp", BP_PANEL, "vital-signs")
        bp["component"] = [
            {
                "code": {"coding": [_coding(LOINC, code, display)]},
                "valueQuantity": _quantity(value, "mm[Hg]"),
            }
            for (code, display), value in ((SYSTOLIC, v.systolic), (DIASTOLIC, v.diastolic))
        ]
        out.append(bp)
    for key, value in v.measured().items():
        if key in VITAL_CODES:
            code, display, cat = VITAL_CODES[key]
            obs = _observation(c, at, key, (code, display), cat)
            obs["valueQuantity"] = _quantity(value, vitals.LIMITS[key].unit)
            out.append(obs)
    if v.bmi is not None:
        obs = _observation(c, at, "bmi", BMI, "vital-signs")
        obs["valueQuantity"] = _quantity(v.bmi, "kg/m2")
        out.append(obs)
    return out


def document_references(c: Consult) -> list[Json]:
    return [
        {
            "resourceType": "DocumentReference",
            "id": a.id,
            "status": "current",
            "identifier": [{"system": SHA256_SYSTEM, "value": a.sha256}],
            "subject": _ref("Patient", c.patient_id),
            "date": _instant(a.added_at),
            "description": a.title,
            "content": [
                {
                    "attachment": {
                        "contentType": a.media_type,
                        "url": BLOB_URL + a.blob_id,
                        "size": a.size,
                        "title": a.title,
                        "creation": _instant(a.added_at),
                    }
                }
            ],
            "context": {"encounter": [_ref("Encounter", c.id)]},
        }
        for a in c.attachments
    ]


def consents(c: Consult, p: Patient) -> list[Json]:
    out: list[Json] = []
    for i, given in enumerate(c.consents):
        tele = given.kind is consent.ConsentKind.TELECONSULTATION
        scope = "treatment" if tele else "patient-privacy"
        performer = (
            {"display": given.guardian_name}
            if given.given_by is consent.GivenBy.GUARDIAN
            else _ref("Patient", p.id)
        )
        out.append(
            {
                "resourceType": "Consent",
                "id": f"{c.id[:60]}-c{i}",
                "status": "active",
                "scope": {
                    "coding": [_coding("http://terminology.hl7.org/CodeSystem/consentscope", scope)]
                },
                "category": [{"coding": [_coding(LOINC, "59284-0", "Patient Consent")]}],
                "patient": _ref("Patient", p.id),
                "dateTime": _instant(given.recorded_at),
                "performer": [performer],
                "policyRule": {
                    "coding": [_coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN")]
                },
                "verification": [
                    {
                        "verified": True,
                        "verifiedWith": {"display": given.recorded_by},
                        "verificationDate": _instant(given.recorded_at),
                    }
                ],
                "provision": {
                    "type": "permit" if given.granted else "deny",
                    "action": [
                        {
                            "coding": [
                                _coding(
                                    "http://terminology.hl7.org/CodeSystem/consentaction",
                                    "disclose" if tele else "collect",
                                )
                            ]
                        }
                    ],
                    "purpose": [
                        _coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT")
                    ],
                    "data": [{"meaning": "related", "reference": _ref("Encounter", c.id)}],
                },
            }
        )
    return out


def _history_id(c: Consult, key: str) -> str:
    return f"{c.id[:54]}-{key}"


def _lines(text: str) -> list[str]:
    """One entry per line (or ';'-separated item) the operator typed."""
    parts = (part.strip() for line in text.splitlines() for part in line.split(";"))
    return [part for part in parts if part]


def chief_complaint(c: Consult, at: datetime) -> list[Json]:
    """The presenting complaint as a Condition (category: encounter diagnosis), its coded
    picks and typed text, and how long it has lasted as ``onsetString`` plus a UCUM note."""
    text = ", ".join([*c.complaints, *([c.complaint_text.strip()] if c.complaint_text else [])])
    if not text:
        return []
    res: Json = {
        "resourceType": "Condition",
        "id": _history_id(c, "complaint"),
        "clinicalStatus": {"coding": [_coding(CLINICAL_STATUS, "active")]},
        "category": [{"coding": [_coding(CONDITION_CATEGORY, "encounter-diagnosis")]}],
        "code": {"text": c.complaint_text.strip() or text},
        "subject": _ref("Patient", c.patient_id),
        "encounter": _ref("Encounter", c.id),
        "recordedDate": _instant(at),
    }
    if c.complaints:
        res["code"]["coding"] = [_coding(COMPLAINT_SYSTEM, k) for k in c.complaints]
    if c.duration_value:
        res["onsetString"] = f"{c.duration_value} {c.duration_unit}"
        res["extension"] = [
            {
                "url": "urn:spoke-clinic:complaint-duration",
                "valueDuration": {
                    "value": c.duration_value,
                    "unit": c.duration_unit,
                    "system": UCUM,
                    "code": DURATION_CODES.get(c.duration_unit, "d"),
                },
            }
        ]
    return [res]


def known_conditions(c: Consult, at: datetime) -> list[Json]:
    """Each known condition typed at the spoke: a problem-list Condition (text)."""
    return [
        {
            "resourceType": "Condition",
            "id": _history_id(c, f"condition-{i}"),
            "clinicalStatus": {"coding": [_coding(CLINICAL_STATUS, "active")]},
            "category": [{"coding": [_coding(CONDITION_CATEGORY, "problem-list-item")]}],
            "code": {"text": line},
            "subject": _ref("Patient", c.patient_id),
            "recordedDate": _instant(at),
        }
        for i, line in enumerate(_lines(c.conditions))
    ]


def allergies(c: Consult, at: datetime) -> list[Json]:
    """Each allergy typed at the spoke: an AllergyIntolerance (text)."""
    return [
        {
            "resourceType": "AllergyIntolerance",
            "id": _history_id(c, f"allergy-{i}"),
            "clinicalStatus": {"coding": [_coding(ALLERGY_STATUS, "active")]},
            "code": {"text": line},
            "patient": _ref("Patient", c.patient_id),
            "encounter": _ref("Encounter", c.id),
            "recordedDate": _instant(at),
        }
        for i, line in enumerate(_lines(c.allergies))
    ]


def medicines(c: Consult, at: datetime) -> list[Json]:
    """Each current medicine typed at the spoke: a MedicationStatement (text)."""
    return [
        {
            "resourceType": "MedicationStatement",
            "id": _history_id(c, f"medicine-{i}"),
            "status": "active",
            "medicationCodeableConcept": {"text": line},
            "subject": _ref("Patient", c.patient_id),
            "context": _ref("Encounter", c.id),
            "dateAsserted": _instant(at),
        }
        for i, line in enumerate(_lines(c.medicines))
    ]


def clinical_resources(c: Consult, p: Patient, started: datetime) -> list[Json]:
    """Everything about the consult but the Patient, in the order the doctor reads it."""
    return [
        encounter(c, started),
        *chief_complaint(c, started),
        *known_conditions(c, started),
        *allergies(c, started),
        *medicines(c, started),
        *observations(c, started),
        *document_references(c),
        *consents(c, p),
    ]


RECORDING_SYSTEM = "urn:spoke-clinic:recording"


def recording_reference(c: Consult, segment_blob_ids: list[str]) -> Json:
    """The consult's recording as one DocumentReference whose contents are its segments in
    the order recorded (fragmented MP4, H.264 + AAC); the doctor's player probes their times."""
    return {
        "resourceType": "DocumentReference",
        "id": f"{c.id}-recording",
        "status": "current",
        "identifier": [{"system": RECORDING_SYSTEM, "value": f"{c.id}-recording"}],
        "subject": _ref("Patient", c.patient_id),
        "content": [
            {"attachment": {"contentType": "video/mp4", "url": BLOB_URL + blob_id}}
            for blob_id in segment_blob_ids
        ],
        "context": {"encounter": [_ref("Encounter", c.id)]},
    }


def consult_request(p: Patient, c: Consult, started: datetime) -> Json:
    """The hub's consult body (``PUT /consults/{id}``), built once when the consult is
    queued: the Patient travels as its own record; ready means final."""
    return {
        "patient_id": wire_id(p.id),
        "specialty": c.specialty or "general_medicine",
        "priority": c.priority.value,
        "mode": c.mode.value,
        "resources": clinical_resources(c, p, started),
        "final": True,
    }


def consult_bundle(p: Patient, c: Consult, started: datetime) -> Json:
    """A collection Bundle of everything the hub needs for one consult."""
    resources = [patient(p), *clinical_resources(c, p, started)]
    return {
        "resourceType": "Bundle",
        "id": c.id,
        "type": "collection",
        "timestamp": _instant(started),
        # No fullUrl: references are relative ("Patient/<id>") to the hub's FHIR base.
        "entry": [{"resource": r} for r in resources],
    }
