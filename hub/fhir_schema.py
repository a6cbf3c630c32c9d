"""JSON Schema of the FHIR R4B resources the hub takes, built from the models that validate
them (``fhir.resources.R4B``): every element, its type, cardinality, required elements and
choice (``value[x]``) groups, with the FHIR primitive types as strict JSON types and patterns.

The OpenAPI document states it for the record bodies, and ``hub.fhir.validate`` checks every
resource against it before the R4B models do, so what the spec says is what the hub accepts:
the models alone are laxer than FHIR JSON (``1`` for a boolean, ``"5"`` for an integer, nulls,
ids of 255 characters). Where this schema is stricter than the models it follows the FHIR
specification; contained resources are not taken (a consult's resources are its own entries).

The generated document is ``fhir_r4b.json`` beside this module (``python -m hub.fhir_schema``
writes it; a test checks it is current), so the hub never walks the models at run time.
"""

from __future__ import annotations

import itertools
import json
import sys
import typing
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("fhir_r4b.json")
# The resource types a consult carries (hub.fhir takes them from here).
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
PREFIX = "FHIR_"  # component names: FHIR_Patient, FHIR_HumanName, ...
NO_NUL = "\\u0000"
YEAR = "[1-9][0-9]{3}"
MONTH = "(0[1-9]|1[0-2])"
OFFSET = "(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
CLOCK = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?"
# A calendar date as one pattern (no ``format``, no ``anyOf``: schemathesis generates from
# the resource schemas only while they stay this simple): months of 31 and 30 days,
# February to the 28th, and the 29th of leap years.
DAY = (
    "((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    "|02-(0[1-9]|1[0-9]|2[0-8]))"
)
LEAP = "([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)"
FULL_DATE = f"({YEAR}-{DAY}|{LEAP}-02-29)"
PARTIAL = f"{YEAR}(-{MONTH})?"
INSTANT = {"type": "string", "pattern": f"^{FULL_DATE}T{CLOCK}{OFFSET}$"}
DATE = {"type": "string", "pattern": f"^({PARTIAL}|{FULL_DATE})$"}
DATE_TIME = {"type": "string", "pattern": f"^({PARTIAL}|{FULL_DATE}(T{CLOCK}{OFFSET})?)$"}
UUID4 = {
    "type": "string",
    "pattern": "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
}
# Whitespace to Python's and Rust's regexes (the models' patterns) but not to JSON Schema's.
ODD_SPACE = "\\u001c-\\u001f\\u0085"
TOKEN = f"[^\\s{NO_NUL}{ODD_SPACE}]+"
TEXT = {"type": "string", "pattern": f"^[^{NO_NUL}]*[^\\s{NO_NUL}{ODD_SPACE}][^{NO_NUL}]*$"}
# By the FHIR R4 primitive type (the models' annotation); each a subset of what they accept.
PRIMITIVES: dict[str, dict[str, Any]] = {
    "bool": {"type": "boolean"},
    "String": TEXT,
    "Markdown": TEXT,
    "Xhtml": {"type": "string", "pattern": f"^<div[^{NO_NUL}]*</div>$"},
    "Code": {"type": "string", "pattern": f"^{TOKEN}( {TOKEN})*$"},
    "Id": {"type": "string", "pattern": "^[A-Za-z0-9.-]{1,64}$"},
    "Uri": {"type": "string", "pattern": f"^{TOKEN}$"},
    "Canonical": {"type": "string", "pattern": f"^{TOKEN}$"},
    "Url": {"type": "string", "pattern": f"^{TOKEN}$"},  # urn: and relative ones too
    "Oid": {"type": "string", "pattern": "^urn:oid:[0-2](\\.(0|[1-9][0-9]*))+$"},
    "Uuid": UUID4,
    "UuidVersion": UUID4,  # R4B's uuid: pydantic's UUID4 (a version 4 UUID)
    "Base64Binary": {"type": "string", "pattern": "^([A-Za-z0-9+]{4})+$"},
    "Date": DATE,
    "DateTime": DATE_TIME,
    "Instant": INSTANT,
    "Time": {"type": "string", "pattern": f"^{CLOCK}$"},
    "Decimal": {"type": "number"},
    "Integer": {"type": "integer", "minimum": -2147483648, "maximum": 2147483647},
    "UnsignedInt": {"type": "integer", "minimum": 0, "maximum": 2147483647},
    "PositiveInt": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{PREFIX}{name}"}


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the element's type, whether it repeats), Optional and List taken off."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            if len(args) == 1:
                annotation = args[0]
                continue
            return annotation, many
        if origin in (list, typing.List):  # noqa: UP006 - the models' own spelling
            many = True
            annotation = args[0]
            continue
        return annotation, many


def _primitive(annotation: Any) -> dict[str, Any] | None:
    if annotation is bool:
        return PRIMITIVES["bool"]
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in reversed(typing.get_args(annotation)[1:]):
            name = type(meta).__name__
            if name in PRIMITIVES:
                return PRIMITIVES[name]
        raise TypeError(f"no JSON Schema for {annotation!r}")
    return None


class Builder:
    """Walks model classes, collecting one schema per class (recursion through ``$ref``)."""

    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}

    def model(self, cls: Any) -> dict[str, str]:
        name = cls.__name__
        if PREFIX + name not in self.schemas:
            self.schemas[PREFIX + name] = {}  # placeholder: recursion stops here
            self.schemas[PREFIX + name] = self._object(cls)
        return ref(name)

    def _element(self, annotation: Any) -> dict[str, Any]:
        inner, many = _unwrap(annotation)
        schema = _primitive(inner)
        if schema is None:
            klass = inner.get_model_klass()
            if klass.__name__ == "Resource":  # contained resources: not taken
                return {"type": "array", "maxItems": 0}
            schema = self.model(klass)
        return {"type": "array", "items": schema} if many else schema

    def _object(self, cls: Any) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        groups: dict[str, list[str]] = {}
        must: set[str] = set()
        for field in cls.model_fields.values():
            name = field.alias
            if name == "fhir_comments":
                continue
            extra = field.json_schema_extra or {}
            if name.startswith("_"):
                inner, many = _unwrap(field.annotation)
                ext = self.model(inner.get_model_klass())
                properties[name] = (
                    {"type": "array", "items": {"anyOf": [ext, {"type": "null"}]}} if many else ext
                )
                continue
            properties[name] = self._element(field.annotation)
            if field.is_required() or extra.get("element_required"):
                required.append(name)
            if "one_of_many" in extra:
                groups.setdefault(str(extra["one_of_many"]), []).append(name)
                if extra.get("one_of_many_required"):
                    must.add(str(extra["one_of_many"]))
        resource_type = getattr(cls, "__resource_type__", None)
        if resource_type == cls.__name__ and "resourceType" not in properties and _is_resource(cls):
            properties = {"resourceType": {"const": resource_type}, **properties}
            required.insert(0, "resourceType")
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if cls.__name__ == "FHIRPrimitiveExtension":
            schema["minProperties"] = 1
        if required:
            schema["required"] = required
        if not groups:
            return schema
        return {"type": "object", "anyOf": _choice_branches(schema, groups, must)}


def _choice_branches(
    schema: dict[str, Any], groups: dict[str, list[str]], must: set[str]
) -> list[dict[str, Any]]:
    """At most one member of each choice group (exactly one of a required group), spelled as
    one whole object per choice: each branch lists the members it takes and requires them,
    and leaves every other member out (``additionalProperties: false``), so no two branches
    admit the same object. Not a shared object with ``anyOf`` branches forbidding members:
    schemathesis' canonical form intersects those branches with the object and gives up
    beyond a few choice groups (Condition, FamilyMemberHistory, Observation), while disjoint
    whole objects it takes as they are."""
    options: list[list[str | None]] = [
        [*names] if group in must else [*names, None] for group, names in groups.items()
    ]
    members = {name for names in groups.values() for name in names}
    branches = []
    for combo in itertools.product(*options):
        chosen = [name for name in combo if name is not None]
        properties = {
            name: value
            for name, value in schema["properties"].items()
            if name not in members or name in chosen
        }
        branch = {**schema, "properties": properties}
        required = [*schema.get("required", []), *chosen]
        if required:
            branch["required"] = required
        branches.append(branch)
    return branches


def _is_resource(cls: Any) -> bool:
    return any(base.__name__ in ("DomainResource", "Resource") for base in cls.__mro__[1:])


def build(resource_types: list[str]) -> dict[str, dict[str, Any]]:
    """Component schemas for these resource types and everything they use."""
    from fhir.resources.R4B import get_fhir_model_class

    builder = Builder()
    for rtype in resource_types:
        builder.model(get_fhir_model_class(rtype))
    return dict(sorted(builder.schemas.items()))


@cache
def components() -> dict[str, dict[str, Any]]:
    """The stored component schemas (``fhir_r4b.json``)."""
    loaded: dict[str, dict[str, Any]] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def main() -> None:
    schemas = build(["Patient", *sorted(CONSULT_RESOURCES)])
    text = json.dumps(schemas, indent=1, sort_keys=True) + "\n"
    if sys.argv[1:] == ["--check"]:
        sys.exit(0 if SCHEMA_FILE.read_text(encoding="utf-8") == text else 1)
    SCHEMA_FILE.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
