"""FHIR R4 validation (``fhir.resources.R4B`` models) and the OPConsultRecord document Bundle.

fhir.resources 8 ships R5 by default plus R4B and STU3; R4B is R4 with errata and the closest
match to the R4 profiles ABDM/NRCeS publish, so every resource is checked against R4B.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from hub.inputs import public_errors
from hub.models import Consult, Facility, Patient, Prescription, User

# What a spoke may attach to a consult.
CONSULT_RESOURCES = frozenset(
    {
        "AllergyIntolerance",
        "Condition",
        "Consent",
        "DiagnosticReport",
        "DocumentReference",
        "Encounter",
        "FamilyMemberHistory",
        "MedicationStatement",
        "Observation",
        "Procedure",
        "QuestionnaireResponse",
    }
)
SNOMED = "http://snomed.info/sct"
# Sections of the NRCeS OPConsultRecord profile: (SNOMED code, display, section title).
CHIEF_COMPLAINTS = ("422843007", "Chief complaint section", "Chief complaints")
ALLERGIES = ("722446000", "Allergy record", "Allergies")
MEDICAL_HISTORY = ("371529009", "History and physical report", "Medical History")
PHYSICAL_EXAM = ("425044008", "Physical exam section", "Physical Examination")
MEDICATIONS = ("721912009", "Medication summary document", "Medications")
DOCUMENTS = ("371530004", "Clinical consultation report", "Document Reference")
_SECTIONS = {
    "AllergyIntolerance": ALLERGIES,
    "Observation": PHYSICAL_EXAM,
    "MedicationStatement": MEDICATIONS,
    "MedicationRequest": MEDICATIONS,
    "DocumentReference": DOCUMENTS,
    "FamilyMemberHistory": MEDICAL_HISTORY,
    "Procedure": MEDICAL_HISTORY,
}


def section_of(resource: dict[str, Any]) -> tuple[str, str, str]:
    """The OPConsultRecord section a resource belongs in. A Condition is a chief complaint
    when the spoke files it as this encounter's problem, else part of the medical history
    (known conditions come as problem-list items)."""
    rtype = resource.get("resourceType")
    if rtype == "Condition":
        codes = {
            c.get("code")
            for cat in resource.get("category") or []
            if isinstance(cat, dict)
            for c in cat.get("coding") or []
            if isinstance(c, dict)
        }
        return CHIEF_COMPLAINTS if "encounter-diagnosis" in codes else MEDICAL_HISTORY
    return _SECTIONS.get(str(rtype), DOCUMENTS)


class FhirError(ValueError):
    """A resource is not valid FHIR R4 (message holds paths and reasons, never values)."""


def validate(resource: Any, allowed: frozenset[str]) -> dict[str, Any]:
    """Check one resource against its R4B model; returns it unchanged."""
    if not isinstance(resource, dict):
        raise FhirError("resource must be a JSON object")
    rtype = resource.get("resourceType")
    if not isinstance(rtype, str) or rtype not in allowed:
        raise FhirError(f"resourceType must be one of {sorted(allowed)}")
    try:
        get_fhir_model_class(str(rtype)).model_validate(resource)
    except ValidationError as exc:
        # Only locations and messages: the input values may be patient data.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
            for err in public_errors(exc.errors()[:10])
        )
        raise FhirError(f"{rtype} is not valid FHIR R4: {problems}") from None
    except RecursionError:
        raise FhirError(f"{rtype} is nested too deeply") from None
    return resource


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _ref(rtype: str, rid: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{rid}", "type": rtype}


def _local(rtype: str, rid: str) -> dict[str, str]:
    """A reference by type and id, turned into the entry's urn:uuid by ``_link``."""
    return {"reference": f"{rtype}/{rid}", "type": rtype}


def entry_uuid(scope: str, rtype: str, rid: str) -> str:
    """The id itself if it is a UUID; else a UUIDv5 derived from the document and the id."""
    try:
        return str(uuid.UUID(rid))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:spoke-clinic:{scope}/{rtype}/{rid}"))


def _link(scope: str, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Document entries with urn:uuid fullUrls whose references all resolve inside the Bundle.

    Each resource gets a UUID id (see ``entry_uuid``); ``Type/id`` references (also absolute
    ones) to a resource of the document become its fullUrl. A reference to something outside
    the document keeps what it named as a logical ``identifier`` instead of a dangling link.
    """
    urls: dict[tuple[str, str], str] = {}
    linked: list[dict[str, Any]] = []
    taken: set[str] = set()
    for i, res in enumerate(resources):
        rtype, rid = res["resourceType"], str(res.get("id", ""))
        new_id = entry_uuid(scope, rtype, rid) if rid else ""
        if not new_id or new_id in taken:  # no id, or a duplicate: the position decides
            new_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:spoke-clinic:{scope}/#{i}"))
        taken.add(new_id)
        urls.setdefault((rtype, rid), f"urn:uuid:{new_id}")
        urls.setdefault((rtype, new_id), f"urn:uuid:{new_id}")
        linked.append(dict(res, id=new_id))
    full = set(urls.values())

    def fix(node: Any) -> Any:
        if isinstance(node, list):
            return [fix(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {k: fix(v) for k, v in node.items()}
        target = node.get("reference")
        if not isinstance(target, str) or target.startswith("#") or target in full:
            return node
        path, _, rid = target.rpartition("/")
        url = urls.get((path.rpartition("/")[2], rid))
        if url is None and target.startswith("urn:uuid:"):
            url = next((u for (_, i), u in urls.items() if f"urn:uuid:{i}" == target), None)
        if url is not None:
            return node | {"reference": url}
        outside = {k: v for k, v in node.items() if k != "reference"}
        outside.setdefault("identifier", {"value": target})
        return outside

    return [_entry(fix(res)) for res in linked]


def op_consult_bundle(
    consult: Consult,
    patient: Patient,
    facility: Facility,
    doctor: User | None,
    prescriptions: list[Prescription],
    now: datetime,
    prescribers: list[User] | None = None,
) -> dict[str, Any]:
    """A FHIR document Bundle in the shape of ABDM's OPConsultRecord, Composition first.

    fullUrls are ``urn:uuid:`` URNs and every reference resolves to an entry (``_link``).
    ``prescribers``: the doctors who signed a prescription, when not the assigned one.
    """
    patient_res = dict(patient.resource, id=patient.id)
    org = {"resourceType": "Organization", "id": facility.id, "name": facility.name}
    entries: list[dict[str, Any]] = []
    by_section: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for res in consult.resources:
        res = dict(res)
        res.setdefault("id", str(uuid.uuid5(uuid.NAMESPACE_URL, f"{consult.id}/{len(entries)}")))
        entries.append(res)
        by_section.setdefault(section_of(res), []).append((res["resourceType"], str(res["id"])))
    author: dict[str, str] = _local("Organization", facility.id)
    practitioners: dict[str, dict[str, Any]] = {}
    for person in ([doctor] if doctor else []) + list(prescribers or []):
        practitioners.setdefault(person.id, _practitioner(person))
    if doctor is not None:
        author = _local("Practitioner", doctor.id)
    for rx in prescriptions:
        for req in medication_requests(rx, patient.id):
            entries.append(req)
            by_section.setdefault(MEDICATIONS, []).append(("MedicationRequest", req["id"]))
    sections = []
    for (code, display, title), refs in by_section.items():
        sections.append(
            {
                "title": title,
                "code": {"coding": [{"system": SNOMED, "code": code, "display": display}]},
                "entry": [_local(rtype, rid) for rtype, rid in refs],
            }
        )
    composition: dict[str, Any] = {
        "resourceType": "Composition",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"composition/{consult.id}")),
        "status": "final" if consult.status == "completed" else "preliminary",
        "type": {
            "coding": [
                {"system": SNOMED, "code": "371530004", "display": "Clinical consultation report"}
            ],
            "text": "OP Consult Record",
        },
        "subject": _local("Patient", patient.id),
        "date": consult.updated_at.isoformat(),
        "author": [author],
        "custodian": _local("Organization", facility.id),
        "title": "Consultation Report",
        "section": sections or None,
    }
    composition = {k: v for k, v in composition.items() if v is not None}
    resources = [composition, patient_res, org, *practitioners.values()]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"bundle/{consult.id}/{consult.version}")),
        "type": "document",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{consult.id}"},
        "timestamp": now.isoformat(),
        "entry": _link(f"consult/{consult.id}", resources + entries),
    }
    get_fhir_model_class("Bundle").model_validate(bundle)
    return bundle


def _practitioner(doctor: User) -> dict[str, Any]:
    practitioner: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": doctor.id,
        "name": [{"text": doctor.full_name or doctor.username}],
    }
    if doctor.registration_number:
        practitioner["identifier"] = [
            {"system": "https://doctor.ndhm.gov.in", "value": doctor.registration_number}
        ]
    return practitioner


def medication_requests(rx: Prescription, patient_id: str) -> list[dict[str, Any]]:
    """One FHIR MedicationRequest per drug of a prescription."""
    requests = []
    for i, med in enumerate(rx.content.get("medications", [])):
        dosage = " ".join(
            str(med.get(k, "")) for k in ("dose", "frequency", "route", "instructions")
        ).strip()
        request: dict[str, Any] = {
            "resourceType": "MedicationRequest",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rx.id}/{i}")),
            "status": "active",
            "intent": "order",
            "medicationCodeableConcept": {
                "text": f"{med.get('name', '')} {med.get('strength', '')}".strip()
            },
            "subject": _ref("Patient", patient_id),
            "authoredOn": rx.created_at.isoformat(),
            "requester": _ref("Practitioner", rx.doctor_id),
            "dosageInstruction": [{"text": dosage or "as directed"}],
        }
        if med.get("duration_days"):
            request["dispenseRequest"] = {
                "expectedSupplyDuration": {
                    "value": med["duration_days"],
                    "unit": "days",
                    "system": "http://unitsofmeasure.org",
                    "code": "d",
                }
            }
        requests.append(request)
    return requests


def prescription_bundle(
    rx: Prescription, patient: Patient, doctor: User, facility: Facility, now: datetime
) -> dict[str, Any]:
    """A FHIR document Bundle in the shape of ABDM's PrescriptionRecord, Composition first,
    carrying the doctor's Ed25519 signature in Bundle.signature."""
    meds = medication_requests(rx, patient.id)
    practitioner = {
        "resourceType": "Practitioner",
        "id": doctor.id,
        "name": [{"text": doctor.full_name or doctor.username}],
        "identifier": [{"system": "https://doctor.ndhm.gov.in", "value": rx.registration_number}],
    }
    title = "Prescription record"
    composition = {
        "resourceType": "Composition",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"rx-composition/{rx.id}")),
        "status": "final",
        "type": {"coding": [{"system": SNOMED, "code": "440545006", "display": title}]},
        "subject": _ref("Patient", patient.id),
        "date": rx.created_at.isoformat(),
        "author": [_ref("Practitioner", doctor.id)],
        "custodian": _ref("Organization", facility.id),
        "title": "Prescription",
        "section": [
            {
                "title": title,
                "code": {"coding": [{"system": SNOMED, "code": "440545006", "display": title}]},
                "entry": [_ref("MedicationRequest", m["id"]) for m in meds],
            }
        ],
    }
    org = {"resourceType": "Organization", "id": facility.id, "name": facility.name}
    patient_res = dict(patient.resource, id=patient.id)
    resources = [composition, patient_res, practitioner, org, *meds]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"rx-bundle/{rx.id}")),
        "type": "document",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{rx.id}"},
        "timestamp": now.isoformat(),
        "entry": [_entry(r) for r in resources],
        "signature": {
            # ASTM E1762 "Author's Signature"
            "type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1"}],
            "when": rx.created_at.isoformat(),
            "who": _ref("Practitioner", doctor.id),
            "sigFormat": "application/x-ed25519",
            "data": rx.signature,
        },
    }
    get_fhir_model_class("Bundle").model_validate(bundle)
    return bundle
