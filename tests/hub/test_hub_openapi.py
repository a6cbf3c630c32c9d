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
from schemathesis.specs.openapi.negative import mutations

from hub import fhir_schema as hub_fhir_schema
from hub.fhir import CONSULT_RESOURCES
from hub.openapi import AGE_RECIPIENT_FORMAT, CONSULT_EXAMPLE
from protocol.schemas import AGE_RECIPIENT_PATTERN, DeviceKeyIn
from tests.hub.world import World, consult_body

EXAMPLES = 6
# Positive consult bodies are cheap (few carry resources: see the last tests) and one in five
# is the spec's example, which does; more of them, so the run sends it.
CONSULT_EXAMPLES = 30
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


# Every operation takes every check. The Patient and a consult's resources are stated in full
# (hub.fhir_schema); the positive cases follow the rules a schema can only describe: a
# Patient's id equals the path's, and a consult names a patient uploaded first (any other is a
# 404, which positive data may get, but then its resources would be all it showed). An age
# recipient's bech32 checksum is stated as a named format whose values AGE_RECIPIENTS
# generates, so enrollment and the device key take every check too.
PATIENT_PUT = "PUT /api/v1/patients/{patient_id}"
CONSULT_PUT = "PUT /api/v1/consults/{consult_id}"
# Schemathesis aims negative mutations at every schema node a body's schema reaches, down to
# MAX_WALK_DEPTH (32) nodes; through Extension, which reaches every FHIR datatype, a published
# resource has millions of such paths at 32 (minutes to list them). Its first levels (a
# resource's elements and theirs) are where they go here.
MUTATION_DEPTH = 12


def positive_body(case: Any) -> bool:
    return (
        not case.meta.is_negative_at(ParameterLocation.BODY)
        and not case.meta.is_negative_at(ParameterLocation.PATH)
        and isinstance(case.body, dict)
    )


def same_patient_id(context: Any, case: Any) -> Any:
    """The one rule of PUT /patients a JSON Schema cannot state (it is in the body's
    description): a resource id, when present, equals the path's patient id. A client follows
    it; so do the positive cases here (negative ones keep what they were given)."""
    if (
        case.operation.label == PATIENT_PUT
        and positive_body(case)
        and isinstance(case.body.get("resource"), dict)
        and "id" in case.body["resource"]
    ):
        case.body["resource"]["id"] = str(case.path_parameters["patient_id"])
    return case


def known_patient(patient_id: str) -> Any:
    """Positive consult bodies name a patient the hub holds (a client uploads it first)."""

    def hook(context: Any, case: Any) -> Any:
        if case.operation.label == CONSULT_PUT and positive_body(case):
            case.body["patient_id"] = patient_id
        return case

    return hook


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
def api_schema(world: World, monkeypatch: pytest.MonkeyPatch) -> Any:
    # Unlimited rate for the fuzzer, so 429s do not hide other answers.
    world.hub.login_limiter._limit = 10**9
    world.hub.upload_limiter._limit = 10**9
    world.online("doc1")
    consult = world.consult("opA")  # some real data behind the ids
    monkeypatch.setattr(mutations, "MAX_WALK_DEPTH", MUTATION_DEPTH)
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    schema.hook("map_case")(same_patient_id)
    schema.hook("map_case")(known_patient(consult["patient_id"]))
    return schema


def make_check(operation: Any, mode: GenerationMode, headers: Any) -> Any:
    """A Hypothesis test for one operation (a factory, so each binds its own values)."""
    consult = operation.label == CONSULT_PUT and mode is GenerationMode.POSITIVE

    @settings(
        max_examples=CONSULT_EXAMPLES if consult else EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
        derandomize=True,
        database=None,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        response = case.call_and_validate(headers=headers)
        assert response.status_code < 500

    return check


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_openapi_conformance(world: World, api_schema: Any, mode: GenerationMode) -> None:
    """Every operation, generated data of the given mode, all checks."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20
    failures: list[str] = []
    for operation in operations:
        check = make_check(operation, mode, headers_for(operation.path, world))
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
            assert response.status_code < 500, case.operation.label
            case.validate_response(
                response,
                additional_checks=additional_checks,
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


@functools.cache
def published_resources(rtype: str) -> st.SearchStrategy[dict[str, Any]]:
    """Resources valid under the spec's FHIR_<rtype>, drawn by schemathesis from that schema."""
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
        "components": {"schemas": hub_fhir_schema.components()},
    }
    results: Any = schemathesis.openapi.from_dict(spec).get_all_operations()
    operation = next(iter(results)).ok()
    bodies: st.SearchStrategy[dict[str, Any]] = operation.as_strategy(
        generation_mode=GenerationMode.POSITIVE
    ).map(lambda case: case.body)
    return bodies


def served_item_schema(world: World) -> Any:
    """What the served spec says an item of a consult's ``resources`` is."""
    spec = world.client.get("/openapi.json").json()
    items = spec["components"]["schemas"]["ConsultIn"]["properties"]["resources"]["items"]
    return jsonschema_rs.validator_for({**items, "components": spec["components"]})


@pytest.mark.parametrize("rtype", sorted(CONSULT_RESOURCES))
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
    world: World, rtype: str, data: st.DataObject
) -> None:
    """Schemathesis' own runs above seldom give a consult resources within their few examples
    (large bodies overrun Hypothesis' buffer); here a consult carries a resource of each type
    the spec publishes, drawn by schemathesis from its FHIR_<type> and valid under what the
    served spec says an item is, and the hub stores it (201), never refuses it as invalid."""
    resource = data.draw(published_resources(rtype))
    assert resource["resourceType"] == rtype
    assert served_item_schema(world).is_valid(resource)
    body = {**consult_body(world.patient("opA"), final=False), "resources": [resource]}
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=body, headers=world["opA"].h)
    assert r.status_code == 201, r.text[:2000]


def test_the_spec_example_consult_is_valid_and_stored(world: World, api_schema: Any) -> None:
    """The spec's example consult body (FHIR resources in it) is what the spec states and what
    the hub stores, for the patient it names."""
    spec = api_schema.raw_schema
    (example,) = spec["components"]["schemas"]["ConsultIn"]["examples"]
    assert example == CONSULT_EXAMPLE
    assert {r["resourceType"] for r in example["resources"]} >= {"Observation", "Condition"}
    ref = {"$ref": "#/components/schemas/ConsultIn", "components": spec["components"]}
    assert jsonschema_rs.validator_for(ref).is_valid(example)
    world.patient("opA", pid=example["patient_id"])
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=example, headers=world["opA"].h)
    assert r.status_code == 201, r.text
