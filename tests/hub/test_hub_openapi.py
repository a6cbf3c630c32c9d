"""Schemathesis against the served OpenAPI spec: every operation, all checks, authenticated as
the role each path is meant for; then a stateful run following the links it infers.

Zero server errors, responses conform to the spec, invalid input is rejected with 4xx.
"""

from __future__ import annotations

import asyncio
import functools
import json
import uuid
from typing import Any

import jsonschema_rs
import pyrage
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.specs.openapi.checks import positive_data_acceptance

from hub import fhir_schema as hub_fhir_schema
from hub.fhir import CONSULT_RESOURCES
from hub.openapi import AGE_RECIPIENT_FORMAT
from protocol.schemas import AGE_RECIPIENT_PATTERN, DeviceKeyIn
from tests.hub.world import World, consult_body

EXAMPLES = 6
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32(hrp: str, data: bytes) -> str:
    """BIP-173 bech32 of ``data`` (what age writes its X25519 recipients in, HRP "age")."""
    acc, bits, groups = 0, 0, []
    for byte in data:  # 8-bit bytes to 5-bit groups, the last one zero-padded
        acc, bits = acc << 8 | byte, bits + 8
        while bits >= 5:
            bits -= 5
            groups.append(acc >> bits & 31)
    if bits:
        groups.append(acc << (5 - bits) & 31)
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + groups + [0] * 6
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            check ^= gen if (top >> i) & 1 else 0
    check ^= 1
    checksum = [check >> 5 * (5 - i) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[g] for g in groups + checksum)


# Valid age recipients for the format the spec names: any 32 bytes are an X25519 public key.
AGE_RECIPIENTS = st.binary(min_size=32, max_size=32).map(lambda key: bech32("age", key))
schemathesis.openapi.format(AGE_RECIPIENT_FORMAT, AGE_RECIPIENTS)


# Operations whose schema-valid bodies the hub may still refuse (422); every other check runs
# on them. A consult's resources are stated by type only (hub.openapi): the hub checks each
# against its published FHIR_<type>, but schemathesis builds a body's strategy from the spec
# itself and cannot from Condition, FamilyMemberHistory or Observation (CHOICE_REPAIRED below);
# test_consult_resources_valid_under_the_spec_are_accepted makes that check for them. The
# Patient resource is stated in full (hub.fhir_schema), so PUT /patients takes every check; an
# age recipient's bech32 checksum is stated as a named format whose values AGE_RECIPIENTS
# generates, so enrollment and the device key do.
SEMANTIC_BODIES = {
    "PUT /api/v1/consults/{consult_id}",
}
PATIENT_PUT = "PUT /api/v1/patients/{patient_id}"


def same_patient_id(context: Any, case: Any) -> Any:
    """The one rule of PUT /patients a JSON Schema cannot state (it is in the body's
    description): a resource id, when present, equals the path's patient id. A client follows
    it; so do the positive cases here (negative ones keep what they were given)."""
    if (
        case.operation.label == PATIENT_PUT
        and not case.meta.is_negative_at(ParameterLocation.BODY)
        and not case.meta.is_negative_at(ParameterLocation.PATH)
        and isinstance(case.body, dict)
        and isinstance(case.body.get("resource"), dict)
        and "id" in case.body["resource"]
    ):
        case.body["resource"]["id"] = str(case.path_parameters["patient_id"])
    return case


def headers_for(path: str, world: World) -> dict[str, str]:
    if path.startswith(("/api/v1/admin", "/api/v1/stats")):
        return world["admin"].h
    if path.startswith("/api/v1/doctors") or path.endswith(
        ("/accept", "/decline", "/complete", "/claim")
    ):
        return world["doc1"].h
    if "/prescriptions/" in path:
        return world["doc1"].h
    return world["opA"].h


@pytest.fixture(autouse=True)
def instant_queue_watch(world: World) -> None:
    """The queue long-poll answers at once here (its waiting is tested in test_hub_queue_watch)."""

    async def no_wait(seconds: float) -> None:
        await asyncio.sleep(0)

    world.hub.queue_watch.sleep = no_wait


@pytest.fixture
def api_schema(world: World) -> Any:
    # Unlimited rate for the fuzzer, so 429s do not hide other answers.
    world.hub.login_limiter._limit = 10**9
    world.hub.upload_limiter._limit = 10**9
    world.online("doc1")
    world.consult("opA")  # some real data behind the ids
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    schema.hook("map_case")(same_patient_id)
    return schema


def make_check(operation: Any, mode: GenerationMode, headers: Any, excluded: Any) -> Any:
    """A Hypothesis test for one operation (a factory, so each binds its own values)."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
        derandomize=True,
        database=None,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        response = case.call_and_validate(headers=headers, excluded_checks=excluded)
        assert response.status_code < 500

    return check


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_openapi_conformance(world: World, api_schema: Any, mode: GenerationMode) -> None:
    """Every operation, generated data of the given mode, all checks."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20
    failures: list[str] = []
    for operation in operations:
        headers = headers_for(operation.path, world)
        excluded = [positive_data_acceptance] if operation.label in SEMANTIC_BODIES else []

        check = make_check(operation, mode, headers, excluded)
        try:
            check()
        except Unsatisfiable:
            # No parameters and no body: nothing can be made invalid for this operation.
            assert mode is GenerationMode.NEGATIVE, operation.label
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - reported together below
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)


def test_stateful(world: World, api_schema: Any) -> None:
    class Machine(api_schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers_for(case.operation.path, world)}

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            excluded = [positive_data_acceptance] if case.operation.label in SEMANTIC_BODIES else []
            assert response.status_code < 500, case.operation.label
            case.validate_response(
                response,
                additional_checks=additional_checks,
                excluded_checks=excluded,
                transport_kwargs=kwargs or None,
                recorder=getattr(self, "recorder", None),
            )

    assert issubclass(Machine, APIStateMachine)
    Machine.run(
        settings=settings(
            max_examples=10,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
    )


@given(st.data())
@settings(max_examples=20, deadline=None, derandomize=True, database=None)
def test_age_recipient_format_values_are_keys(data: st.DataObject) -> None:
    """What the format's generator makes is what age and the hub take as a recipient."""
    text = data.draw(AGE_RECIPIENTS)
    assert str(pyrage.x25519.Recipient.from_str(text)) == text
    assert DeviceKeyIn(age_recipient=text).age_recipient == text


def test_spec_names_the_age_recipient_format(api_schema: Any) -> None:
    schemas = api_schema.raw_schema["components"]["schemas"]
    for body in (schemas["DeviceKeyIn"], schemas["EnrollIn"]):
        stated = json.dumps(body["properties"]["age_recipient"])
        assert f'"format": "{AGE_RECIPIENT_FORMAT}"' in stated
        assert AGE_RECIPIENT_PATTERN.replace("\\", "\\\\") in stated


# The published resource schemas schemathesis' generator cannot take whole: its canonical form
# runs out of intersections on objects with several choice groups (Condition: onset[x] and
# abatement[x]; FamilyMemberHistory: born[x], age[x], deceased[x]; Observation: effective[x]
# and value[x]), whatever the spelling (one anyOf of the combinations, an allOf of one per
# group, oneOf, dependentSchemas, not-required pairs). They are generated here without their
# choice rule, then made to keep it (the first member of a group present stays).
CHOICE_REPAIRED = frozenset({"Condition", "FamilyMemberHistory", "Observation"})


def choice_groups(rtype: str) -> list[list[str]]:
    """The resource's top-level choice groups (``value[x]`` and the like), from its model."""
    from fhir.resources.R4B import get_fhir_model_class

    groups: dict[str, list[str]] = {}
    for field in get_fhir_model_class(rtype).model_fields.values():
        extra = field.json_schema_extra or {}
        if isinstance(extra, dict) and "one_of_many" in extra:
            assert not extra.get("one_of_many_required"), (rtype, field.alias)
            groups.setdefault(str(extra["one_of_many"]), []).append(str(field.alias))
    return list(groups.values())


def keep_one_per_group(groups: list[list[str]], resource: dict[str, Any]) -> dict[str, Any]:
    for names in groups:
        present = [name for name in names if name in resource]
        for extra in present[1:]:
            del resource[extra]
    return resource


@functools.cache
def published_resources(rtype: str) -> st.SearchStrategy[dict[str, Any]]:
    """Resources valid under the spec's FHIR_<rtype>, drawn by schemathesis from that schema."""
    components = {name: dict(schema) for name, schema in hub_fhir_schema.components().items()}
    if rtype in CHOICE_REPAIRED:
        components[f"FHIR_{rtype}"].pop("anyOf")
    spec = {
        "openapi": "3.1.0",
        "info": {"title": rtype, "version": "1"},
        "paths": {
            "/resource": {
                "put": {
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": hub_fhir_schema.ref(rtype)}},
                    },
                    "responses": {"200": {"description": "taken"}},
                }
            }
        },
        "components": {"schemas": components},
    }
    results: Any = schemathesis.openapi.from_dict(spec).get_all_operations()
    operation = next(iter(results)).ok()
    bodies: st.SearchStrategy[dict[str, Any]] = operation.as_strategy(
        generation_mode=GenerationMode.POSITIVE
    ).map(lambda case: case.body)
    if rtype in CHOICE_REPAIRED:
        groups = choice_groups(rtype)
        bodies = bodies.map(lambda body: keep_one_per_group(groups, body))
    return bodies


@functools.cache
def stated_schema(rtype: str) -> Any:
    components = {"components": {"schemas": hub_fhir_schema.components()}}
    return jsonschema_rs.validator_for({**hub_fhir_schema.ref(rtype), **components})


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],
    derandomize=True,
    database=None,
)
@given(data=st.data())
def test_consult_resources_valid_under_the_spec_are_accepted(
    world: World, data: st.DataObject
) -> None:
    """PUT /consults stays out of schemathesis' positive-data check (above); this is that check
    for its resources: a consult carrying one schema-valid resource of every type the spec
    publishes is stored (201), never refused as invalid."""
    pid = world.patient("opA")
    resources = [data.draw(published_resources(rtype)) for rtype in sorted(CONSULT_RESOURCES)]
    for rtype, resource in zip(sorted(CONSULT_RESOURCES), resources, strict=True):
        # The published schema, choice rule included.
        assert stated_schema(rtype).is_valid(resource), rtype
    body = {**consult_body(pid, final=False), "resources": resources}
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=body, headers=world["opA"].h)
    assert r.status_code == 201, r.text[:2000]
