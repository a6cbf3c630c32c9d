"""Rules the generated OpenAPI document cannot infer from the Python signatures, added to it:
which fields each token grant requires, and which facility and account fields go together.

Every rule here is one the server enforces with a 422; references to rows that do not exist
(a spoke's hub, an account's facility, a consult's patient) are 404s, which no schema states.
"""

from __future__ import annotations

from typing import Any

from hub import fhir_schema
from hub.fhir import CONSULT_RESOURCES
from protocol.schemas import AGE_RECIPIENT_PATTERN

TOKEN_PATH = "/api/v1/auth/token"
UUID = {"type": "string", "format": "uuid"}
NULL = {"type": "null"}


# A consult body as a spoke sends one (synthetic): the spec's example, so a reader (and a
# client generator, and schemathesis mixing examples into its cases) sees FHIR resources in it.
_EXAMPLE_PATIENT = "3f1c9a56-8a4b-4c1e-9d2f-0b6e7a5c4d21"
CONSULT_EXAMPLE: dict[str, Any] = {
    "patient_id": _EXAMPLE_PATIENT,
    "specialty": "general_medicine",
    "priority": "routine",
    "mode": "video",
    "resources": [
        {
            "resourceType": "Encounter",
            "status": "in-progress",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "VR"},
            "subject": {"reference": f"Patient/{_EXAMPLE_PATIENT}"},
        },
        {
            "resourceType": "Observation",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
            "subject": {"reference": f"Patient/{_EXAMPLE_PATIENT}"},
            "effectiveDateTime": "2026-12-05T10:00:00+05:30",
            "valueQuantity": {
                "value": 72,
                "unit": "/min",
                "system": "http://unitsofmeasure.org",
                "code": "/min",
            },
        },
        {
            "resourceType": "Condition",
            "code": {"text": "fever for three days"},
            "subject": {"reference": f"Patient/{_EXAMPLE_PATIENT}"},
            "onsetDateTime": "2026-12-02",
        },
    ],
    "final": False,
}
NO_SCOPE = {"maxItems": 0}  # a statistics scope is for programme managers only
# An age X25519 public key: bech32 (HRP "age") of 32 bytes. The pattern states its shape; its
# checksum, which the hub checks too, no pattern can, so the spec names the format.
AGE_RECIPIENT_FORMAT = "age-x25519-recipient"


def document_rules(spec: dict[str, Any]) -> None:
    """Add the rules to ``spec`` in place (a missing schema raises: the rule must not lapse)."""
    schemas = spec["components"]["schemas"]
    _token_grants(spec, schemas)
    _fhir_bodies(schemas)
    if not _age_recipients(schemas):
        raise KeyError("no age recipient in the request bodies")
    schemas["FacilityIn"]["oneOf"] = [
        {"properties": {"kind": {"const": "spoke"}, "hub_id": UUID}, "required": ["hub_id"]},
        {"properties": {"kind": {"const": "hub"}, "hub_id": NULL}},
    ]
    schemas["UserIn"]["oneOf"] = [
        {
            "properties": {
                "role": {"const": "spoke_operator"},
                "facility_id": UUID,
                "scope": NO_SCOPE,
            },
            "required": ["facility_id"],
        },
        {
            "properties": {
                "role": {"const": "hub_doctor"},
                "facility_id": UUID,
                "specialties": {"minItems": 1},
                "scope": NO_SCOPE,
            },
            "required": ["facility_id", "specialties"],
        },
        {"properties": {"role": {"const": "admin"}, "facility_id": NULL, "scope": NO_SCOPE}},
        {
            "properties": {
                "role": {"const": "programme_manager"},
                "facility_id": NULL,
                "scope": {"minItems": 1},
            },
            "required": ["scope"],
        },
    ]


def _age_recipients(node: Any) -> int:
    """Name the format of every age recipient in the bodies (the schemas with its pattern)."""
    found = 0
    if isinstance(node, dict):
        if node.get("pattern") == AGE_RECIPIENT_PATTERN:
            node["format"] = AGE_RECIPIENT_FORMAT
            node["description"] = (
                node.get("description", "an age X25519 public key")
                + " (bech32 with HRP age of a 32-byte key; the checksum must hold)"
            )
            found += 1
        found += sum(_age_recipients(value) for value in node.values())
    elif isinstance(node, list):
        found += sum(_age_recipients(value) for value in node)
    return found


def _fhir_bodies(schemas: dict[str, Any]) -> None:
    """The record bodies' FHIR content as the hub checks it (``hub.fhir_schema``)."""
    schemas.update(fhir_schema.components())
    resource = schemas["PatientIn"]["properties"]["resource"]
    schemas["PatientIn"]["properties"]["resource"] = {
        **fhir_schema.ref("Patient"),
        "description": resource.get("description", "")
        + " (R4B). Its id, when present, equals the patient id in the path.",
    }
    # A consult's resources: each one of the published resource schemas, told apart by its
    # resourceType (each FHIR_<type> holds it as a const).
    types = sorted(CONSULT_RESOURCES)
    schemas["ConsultIn"]["properties"]["resources"]["items"] = {
        "description": "a FHIR R4 resource (R4B) of one of the types a consult carries",
        "oneOf": [fhir_schema.ref(rtype) for rtype in types],
        "discriminator": {
            "propertyName": "resourceType",
            "mapping": {rtype: fhir_schema.ref(rtype)["$ref"] for rtype in types},
        },
    }
    schemas["ConsultIn"]["examples"] = [CONSULT_EXAMPLE]


def _token_grants(spec: dict[str, Any], schemas: dict[str, Any]) -> None:
    """The token form is one of two grants, each with its own required fields."""
    content = spec["paths"][TOKEN_PATH]["post"]["requestBody"]["content"]
    form = content["application/x-www-form-urlencoded"]
    generated = schemas.pop(form["schema"]["$ref"].rsplit("/", 1)[-1])
    fields = generated["properties"]

    def field(name: str, min_length: int = 0) -> dict[str, Any]:
        out = {k: v for k, v in fields[name].items() if k != "default"}
        if min_length:
            out["minLength"] = min_length
        return out

    schemas["PasswordGrant"] = {
        "title": "PasswordGrant",
        "description": "Operators and doctors also send their device as client_id/secret.",
        "type": "object",
        "properties": {
            "grant_type": {"type": "string", "const": "password"},
            "username": field("username", 1),
            "password": field("password", 1),
            "client_id": field("client_id"),
            "client_secret": field("client_secret"),
        },
        "required": ["grant_type", "username", "password"],
    }
    schemas["RefreshTokenGrant"] = {
        "title": "RefreshTokenGrant",
        "type": "object",
        "properties": {
            "grant_type": {"type": "string", "const": "refresh_token"},
            "refresh_token": field("refresh_token", 1),
        },
        "required": ["grant_type", "refresh_token"],
    }
    form["schema"] = {
        "oneOf": [
            {"$ref": "#/components/schemas/PasswordGrant"},
            {"$ref": "#/components/schemas/RefreshTokenGrant"},
        ]
    }
