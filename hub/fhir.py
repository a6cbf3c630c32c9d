"""FHIR R4 validation (``fhir.resources.R4B`` models) and the OPConsultRecord document Bundle.

fhir.resources 8 ships R5 by default plus R4B and STU3; R4B is R4 with errata and the closest
match to the R4 profiles ABDM/NRCeS publish, so every resource is checked against R4B.
"""

from __future__ import annotations

import html
import uuid
from datetime import datetime
from functools import cache
from typing import Any

import jsonschema_rs
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from hub import fhir_schema
from hub.inputs import public_errors
from hub.models import Consult, Facility, Patient, Prescription, User
from protocol.dosage import directions, timing_words
from protocol.schemas import Medication, PrescriptionContent

# What a spoke may attach to a consult.
CONSULT_RESOURCES = fhir_schema.CONSULT_RESOURCES
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
    stated = _stated(rtype)
    if stated is not None:
        broken = next(stated.iter_errors(resource), None)
        if broken is not None:
            broken = _closest(broken)
            # Where and which rule, never the value (jsonschema's message quotes it).
            where = ".".join(str(p) for p in broken.instance_path) or "(resource)"
            rule = type(broken.kind).__name__.lower()
            raise FhirError(f"{rtype} is not valid FHIR R4: {where}: breaks the {rule} rule")
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


def _closest(error: jsonschema_rs.ValidationError) -> jsonschema_rs.ValidationError:
    """The error to report: an object with choice groups is stated as one whole object per
    choice (``hub.fhir_schema``), so breaking it breaks them all; the branch with the fewest
    errors (the deepest, of equals) is the one the resource meant, and its error says where."""
    kind = error.kind
    while isinstance(kind, jsonschema_rs.ValidationErrorKind.AnyOf) and kind.context:
        branch = min(kind.context, key=lambda errors: (len(errors), -_depth(errors)))
        if not branch:
            break
        error = branch[0]
        kind = error.kind
    return error


def _depth(errors: list[jsonschema_rs.ValidationError]) -> int:
    return max((len(e.instance_path) for e in errors), default=0)


@cache
def _stated(rtype: str) -> jsonschema_rs.Validator | None:
    """The JSON Schema the OpenAPI document states for this resource type (``hub.fhir_schema``;
    the R4B models alone take more than FHIR JSON allows); None for a type it does not state."""
    components = fhir_schema.components()
    if fhir_schema.PREFIX + rtype not in components:
        return None
    document = {**fhir_schema.ref(rtype), "components": {"schemas": components}}
    return jsonschema_rs.Draft202012Validator(document, validate_formats=True)


def warm() -> None:
    """Load the models and compile the stated schemas of every resource type the hub takes
    (about 0.5 s), so that a server worker does it before it listens rather than in its
    first record PUTs."""
    for rtype in ("Patient", *sorted(CONSULT_RESOURCES)):
        _stated(rtype)
        get_fhir_model_class(rtype)


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


# NRCeS (ABDM) FHIR R4 profiles the PrescriptionRecord document claims.
NRCES = "https://nrces.in/ndhm/fhir/r4/StructureDefinition/"
PRESCRIPTION = ("440545006", "Prescription record", "Prescription record")
DIAGNOSIS = ("439401001", "Diagnosis", "Diagnosis")
INVESTIGATIONS = ("721963009", "Order document", "Investigation advice")
REFERRAL = ("306206005", "Referral to service", "Referral")
FOLLOW_UP = ("736271009", "Outpatient care plan", "Follow up")
ADVICE = ("409073007", "Education", "Advice")
_URGENCY = {"routine": "routine", "urgent": "urgent", "emergency": "stat"}


def _profiled(resource: dict[str, Any], profile: str) -> dict[str, Any]:
    return {"resourceType": resource["resourceType"], "meta": {"profile": [NRCES + profile]}} | {
        k: v for k, v in resource.items() if k != "resourceType"
    }


def _content(rx: Prescription) -> PrescriptionContent | None:
    """The stored (signed) content read with the protocol's defaults; None for a
    prescription written before content v2 (no diagnosis or prescriber)."""
    try:
        return PrescriptionContent.model_validate(rx.content)
    except ValidationError:
        return None


def dosage_text(med: Medication, language: str = "en") -> str:
    """ "1 tablet, 1-0-1, twice a day, after food, for 5 days, oral; <instructions>"."""
    parts = [med.dose, directions(med.frequency, med.timing, language)]
    if med.duration_days:
        parts.append(f"for {med.duration_days} days")
    parts.append(med.route)
    text = ", ".join(p for p in parts if p)
    return f"{text}; {med.instructions}" if med.instructions else text


def _dosage(med: Medication) -> dict[str, Any]:
    dosage: dict[str, Any] = {"text": dosage_text(med)}
    if med.frequency == "SOS":
        dosage["asNeededBoolean"] = True
    elif med.frequency == "STAT":
        dosage["timing"] = {"repeat": {"count": 1}}
    else:
        doses = sum(d != "0" for d in med.frequency.split("-"))
        dosage["timing"] = {"repeat": {"frequency": doses, "period": 1, "periodUnit": "d"}}
    if med.timing:
        dosage["additionalInstruction"] = [{"text": timing_words(med.timing)}]
    if med.route:
        dosage["route"] = {"text": med.route}
    return dosage


def medication_requests(
    rx: Prescription, patient_id: str, condition_id: str | None = None
) -> list[dict[str, Any]]:
    """One FHIR MedicationRequest per drug of a prescription, dosage in words."""
    content = _content(rx)
    if content is None:
        return _legacy_medication_requests(rx, patient_id)
    requests = []
    for i, med in enumerate(content.medications):
        name = " ".join(p for p in (med.name, med.strength, med.form) if p)
        request: dict[str, Any] = {
            "resourceType": "MedicationRequest",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rx.id}/{i}")),
            "status": "active",
            "intent": "order",
            "medicationCodeableConcept": {"text": name},
            "subject": _ref("Patient", patient_id),
            "authoredOn": rx.created_at.isoformat(),
            "requester": _ref("Practitioner", rx.doctor_id),
            "dosageInstruction": [_dosage(med)],
        }
        if condition_id:
            request["reasonReference"] = [_ref("Condition", condition_id)]
        if med.duration_days:
            request["dispenseRequest"] = {
                "expectedSupplyDuration": {
                    "value": med.duration_days,
                    "unit": "days",
                    "system": "http://unitsofmeasure.org",
                    "code": "d",
                }
            }
        requests.append(request)
    return requests


def _legacy_medication_requests(rx: Prescription, patient_id: str) -> list[dict[str, Any]]:
    requests = []
    for i, med in enumerate(rx.content.get("medications", [])):
        dosage = " ".join(
            str(med.get(k, "")) for k in ("dose", "frequency", "route", "instructions")
        ).strip()
        requests.append(
            {
                "resourceType": "MedicationRequest",
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rx.id}/{i}")),
                "status": "active",
                "intent": "order",
                "medicationCodeableConcept": {"text": str(med.get("name", "")).strip() or "?"},
                "subject": _ref("Patient", patient_id),
                "authoredOn": rx.created_at.isoformat(),
                "requester": _ref("Practitioner", rx.doctor_id),
                "dosageInstruction": [{"text": dosage or "as directed"}],
            }
        )
    return requests


def _condition(rx: Prescription, content: PrescriptionContent, patient_id: str) -> dict[str, Any]:
    code: dict[str, Any] = {"text": content.diagnosis.text}
    if content.diagnosis.code:
        coding = {"code": content.diagnosis.code}
        if content.diagnosis.system:
            coding["system"] = content.diagnosis.system
        code["coding"] = [coding]
    return {
        "resourceType": "Condition",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rx.id}/diagnosis")),
        "clinicalStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": "active",
                }
            ]
        },
        "verificationStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                    "code": "provisional",
                }
            ]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                        "code": "encounter-diagnosis",
                    }
                ]
            }
        ],
        "code": code,
        "subject": _ref("Patient", patient_id),
        "recordedDate": rx.created_at.isoformat(),
    }


def _service_requests(
    rx: Prescription, content: PrescriptionContent, patient_id: str, condition_id: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(investigations, referral): ServiceRequests the prescription advises."""

    def request(key: str, code_text: str, category: tuple[str, str]) -> dict[str, Any]:
        return {
            "resourceType": "ServiceRequest",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rx.id}/{key}")),
            "status": "active",
            "intent": "order",
            "category": [
                {"coding": [{"system": SNOMED, "code": category[0], "display": category[1]}]}
            ],
            "code": {"text": code_text},
            "subject": _ref("Patient", patient_id),
            "authoredOn": rx.created_at.isoformat(),
            "requester": _ref("Practitioner", rx.doctor_id),
            "reasonReference": [_ref("Condition", condition_id)],
        }

    tests = [
        request(f"investigation/{i}", text, ("108252007", "Laboratory procedure"))
        for i, text in enumerate(content.investigations)
    ]
    referral = []
    if content.referral is not None:
        ref = request(
            "referral", f"Referral to {content.referral.facility}", ("3457005", "Patient referral")
        )
        ref["priority"] = _URGENCY[content.referral.urgency]
        ref["reasonCode"] = [{"text": content.referral.reason}]
        ref["performer"] = [{"display": content.referral.facility}]
        referral.append(ref)
    return tests, referral


def _follow_up(rx: Prescription, content: PrescriptionContent, patient_id: str) -> dict[str, Any]:
    return {
        "resourceType": "Appointment",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rx.id}/follow-up")),
        "status": "proposed",
        "description": "Follow-up consultation",
        "requestedPeriod": [{"start": content.follow_up_date}],
        "participant": [{"actor": _ref("Patient", patient_id), "status": "needs-action"}],
    }


def _section(
    kind: tuple[str, str, str], entries: list[dict[str, Any]], text: str = ""
) -> dict[str, Any]:
    code, display, title = kind
    section: dict[str, Any] = {
        "title": title,
        "code": {"coding": [{"system": SNOMED, "code": code, "display": display}]},
    }
    if entries:
        section["entry"] = [_ref(e["resourceType"], e["id"]) for e in entries]
    if text:
        section["text"] = {
            "status": "generated",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{html.escape(text)}</div>',
        }
    return section


def prescription_bundle(
    rx: Prescription, patient: Patient, doctor: User, facility: Facility, now: datetime
) -> dict[str, Any]:
    """A FHIR document Bundle in the shape of ABDM's PrescriptionRecord (NRCeS profiles in
    ``meta.profile``), Composition first: the diagnosis (Condition), a MedicationRequest per
    medicine with its dosage in words, ServiceRequests for investigations and a referral, the
    follow-up (Appointment) and the advice; the doctor's Ed25519 signature in Bundle.signature."""
    content = _content(rx)
    condition = _condition(rx, content, patient.id) if content is not None else None
    meds = medication_requests(rx, patient.id, condition["id"] if condition else None)
    tests: list[dict[str, Any]] = []
    referral: list[dict[str, Any]] = []
    follow_up: list[dict[str, Any]] = []
    if content is not None and condition is not None:
        tests, referral = _service_requests(rx, content, patient.id, condition["id"])
        if content.follow_up_date:
            follow_up = [_follow_up(rx, content, patient.id)]
    identifier = [{"system": "https://doctor.ndhm.gov.in", "value": rx.registration_number}]
    practitioner = {
        "resourceType": "Practitioner",
        "id": doctor.id,
        "name": [{"text": doctor.full_name or doctor.username}],
        "identifier": identifier,
    }
    if content is not None and content.prescriber.qualification:
        practitioner["qualification"] = [
            {
                "code": {"text": content.prescriber.qualification},
                "issuer": {"display": content.prescriber.council},
            }
        ]
    sections = [_section(PRESCRIPTION, meds)]
    if condition is not None:
        sections.append(_section(DIAGNOSIS, [condition]))
    if tests:
        sections.append(_section(INVESTIGATIONS, tests))
    if referral:
        sections.append(_section(REFERRAL, referral))
    if follow_up:
        sections.append(_section(FOLLOW_UP, follow_up))
    if content is not None and content.advice:
        sections.append(_section(ADVICE, [], content.advice))
    composition = {
        "resourceType": "Composition",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"rx-composition/{rx.id}")),
        "status": "final",
        "type": {
            "coding": [{"system": SNOMED, "code": PRESCRIPTION[0], "display": PRESCRIPTION[1]}]
        },
        "subject": _ref("Patient", patient.id),
        "date": rx.created_at.isoformat(),
        "author": [_ref("Practitioner", doctor.id)],
        "custodian": _ref("Organization", facility.id),
        "title": "Prescription",
        "section": sections,
    }
    org = {"resourceType": "Organization", "id": facility.id, "name": facility.name}
    patient_res = dict(patient.resource, id=patient.id)
    profiled = [
        _profiled(composition, "PrescriptionRecord"),
        _profiled(patient_res, "Patient"),
        _profiled(practitioner, "Practitioner"),
        _profiled(org, "Organization"),
        *(_profiled(r, "Condition") for r in ([condition] if condition else [])),
        *(_profiled(m, "MedicationRequest") for m in meds),
        *(_profiled(r, "ServiceRequest") for r in tests + referral),
        *(_profiled(r, "Appointment") for r in follow_up),
    ]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"rx-bundle/{rx.id}")),
        "meta": {"profile": [NRCES + "DocumentBundle"], "lastUpdated": now.isoformat()},
        "type": "document",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{rx.id}"},
        "timestamp": now.isoformat(),
        "entry": [_entry(r) for r in profiled],
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
