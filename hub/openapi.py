"""Rules the generated OpenAPI document cannot infer from the Python signatures, added to it:
which fields each token grant requires, and which facility and account fields go together.

Every rule here is one the server enforces with a 422; references to rows that do not exist
(a spoke's hub, an account's facility, a consult's patient) are 404s, which no schema states.
"""

from __future__ import annotations

from typing import Any

TOKEN_PATH = "/api/v1/auth/token"
UUID = {"type": "string", "format": "uuid"}
NULL = {"type": "null"}


NO_SCOPE = {"maxItems": 0}  # a statistics scope is for programme managers only


def document_rules(spec: dict[str, Any]) -> None:
    """Add the rules to ``spec`` in place (a missing schema raises: the rule must not lapse)."""
    schemas = spec["components"]["schemas"]
    _token_grants(spec, schemas)
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
