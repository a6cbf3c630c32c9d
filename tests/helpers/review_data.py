"""Synthetic consults as the doctor receives them: the spoke's FHIR (desktop.core.fhir)
wrapped by the hub's own OPConsultRecord builder (hub.fhir.op_consult_bundle), plus a
history body in the shape of ``GET /consults/{id}/history``. All data is made up."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime
from typing import Any

from desktop.core import fhir as spoke_fhir
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Attachment, Consult
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals
from hub import fhir as hub_fhir
from hub import models

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def patient(given: str = "Sunita", family: str = "Devi", **kw: Any) -> Patient:
    base: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "sex": "female",
        "birth_date": date(1972, 3, 14),
        "abha_number": "91504661372897",
        "abha_address": "sunita.devi@abdm",
        "state_lgd": 23,
        "district": "Sehore",
        "locality": "Ashta",
    }
    base.update(kw)
    return Patient(**base)


def consult(p: Patient, **kw: Any) -> Consult:
    base: dict[str, Any] = {
        "patient_id": p.id,
        "created_by": "cho.meena",
        "complaints": ["fever", "cough"],
        "complaint_text": "Bukhar aur khansi, raat ko zyada",
        "duration_value": 5,
        "duration_unit": "days",
        "conditions": "Type 2 diabetes; Hypertension",
        "allergies": "Penicillin",
        "medicines": "Metformin 500 mg twice daily",
        "vitals": Vitals(
            systolic=168,
            diastolic=96,
            pulse=88,
            temperature_c=38.4,
            spo2=93,
            weight_kg=61.5,
            height_cm=152,
            glucose_random=212,
        ),
        "specialty": "general_medicine",
        "attachments": [
            Attachment(
                blob_id="a" * 32,
                sha256="1" * 64,
                size=2048,
                media_type="image/jpeg",
                title="Rash on forearm",
                added_at=NOW,
            ),
            Attachment(
                blob_id="b" * 32,
                sha256="2" * 64,
                size=4096,
                media_type="application/pdf",
                title="Blood report",
                added_at=NOW,
            ),
        ],
        "consents": [
            Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW),
            Consent(
                ConsentKind.RECORDING,
                True,
                GivenBy.GUARDIAN,
                "cho.meena",
                NOW,
                guardian_name="Ramu Devi",
                guardian_relation="spouse",
            ),
        ],
    }
    base.update(kw)
    return Consult(**base)


def recording_document(
    c: Consult, segments: list[str], recording_id: str = "rec-1", title: str = "Consult video"
) -> dict[str, Any]:
    """A recording as one DocumentReference whose contents are its segments, in order,
    each with the segment extension (index, start, duration of 1 s)."""
    return {
        "resourceType": "DocumentReference",
        "id": f"{c.id[:40]}-{recording_id}",
        "status": "current",
        "identifier": [{"system": "urn:spoke-clinic:recording", "value": recording_id}],
        "description": title,
        "subject": {"reference": f"Patient/{c.patient_id}"},
        "content": [
            {
                "attachment": {
                    "contentType": "video/mp4",
                    "url": f"urn:spoke-clinic:blob:{blob}",
                    "title": f"{title} {i + 1}",
                },
                "extension": [
                    {
                        "url": "urn:spoke-clinic:segment",
                        "extension": [
                            {"url": "index", "valueInteger": i},
                            {"url": "start", "valueDecimal": float(i)},
                            {"url": "duration", "valueDecimal": 1.0},
                        ],
                    }
                ],
            }
            for i, blob in enumerate(segments)
        ],
    }


def hub_bundle(
    p: Patient, c: Consult, extra: list[dict[str, Any]] | None = None, spoke: str = "HWC Kolar"
) -> dict[str, Any]:
    """The OPConsultRecord the hub serves at ``GET /consults/{id}/fhir``."""
    body = spoke_fhir.consult_request(p, c, NOW)
    resources = list(body["resources"]) + list(extra or [])
    for res in resources:
        hub_fhir.validate(res, hub_fhir.CONSULT_RESOURCES)
    facility = models.Facility(id=str(uuid.uuid4()), kind="spoke", name=spoke, state="MP")
    hub_patient = models.Patient(
        id=spoke_fhir.wire_id(p.id), resource=spoke_fhir.patient(p), facility_id=facility.id
    )
    hub_consult = models.Consult(
        id=spoke_fhir.wire_id(c.id),
        resources=resources,
        status="in_progress",
        updated_at=NOW,
        version=1,
    )
    return hub_fhir.op_consult_bundle(hub_consult, hub_patient, facility, None, [], NOW)


def sample(**kw: Any) -> tuple[Patient, Consult, dict[str, Any]]:
    p = patient()
    c = consult(p, **kw)
    return p, c, hub_bundle(p, c)


def without(c: Consult, **kw: Any) -> Consult:
    return dataclasses.replace(c, **kw)


def history_body() -> list[dict[str, Any]]:
    """Two earlier consults in the shape doctor-hub's history endpoint returns."""
    return [
        {
            "consult_id": str(uuid.uuid4()),
            "date": "2026-08-02T09:15:00+00:00",
            "spoke": "HWC Kolar",
            "specialty": "general_medicine",
            "status": "completed",
            "complaints": "Headache for 2 days",
            "vitals": [
                {
                    "code": "8480-6",
                    "value": 150,
                    "unit": "mm[Hg]",
                    "time": "2026-08-02T09:10:00+00:00",
                },
                {
                    "code": "8462-4",
                    "value": 92,
                    "unit": "mm[Hg]",
                    "time": "2026-08-02T09:10:00+00:00",
                },
                {
                    "code": "29463-7",
                    "value": 63.0,
                    "unit": "kg",
                    "time": "2026-08-02T09:10:00+00:00",
                },
                {
                    "code": "2339-0",
                    "value": 180,
                    "unit": "mg/dL",
                    "time": "2026-08-02T09:10:00+00:00",
                },
                {"code": "59408-5", "value": 97, "unit": "%", "time": "2026-08-02T09:10:00+00:00"},
            ],
            "prescriptions": [
                {
                    "content": {
                        "medications": [
                            {
                                "name": "Amlodipine",
                                "strength": "5 mg",
                                "dose": "1 tablet",
                                "frequency": "0-0-1",
                                "duration_days": 30,
                            },
                        ],
                        "advice": "Less salt.",
                        "follow_up_days": 30,
                    },
                    "signature": "c2lnbmF0dXJl",
                }
            ],
        },
        {
            "consult_id": str(uuid.uuid4()),
            "date": "2026-05-20T11:00:00+00:00",
            "spoke": "HWC Ashta",
            "specialty": "general_medicine",
            "status": "completed",
            "complaints": "Giddiness",
            "vitals": [
                {
                    "code": "8480-6",
                    "value": 142,
                    "unit": "mm[Hg]",
                    "time": "2026-05-20T10:50:00+00:00",
                },
                {
                    "code": "8462-4",
                    "value": 88,
                    "unit": "mm[Hg]",
                    "time": "2026-05-20T10:50:00+00:00",
                },
                {
                    "code": "29463-7",
                    "value": 64.5,
                    "unit": "kg",
                    "time": "2026-05-20T10:50:00+00:00",
                },
            ],
            "prescriptions": [],
        },
    ]
