"""Schemathesis against the served OpenAPI spec: every operation, all checks, authenticated as
the role each path is meant for; then a stateful run following the links it infers.

Zero server errors, responses conform to the spec, invalid input is rejected with 4xx.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.hub.world import World

EXAMPLES = 6


# Operations whose bodies are FHIR R4 content, validated against the R4B models: a body valid
# by the envelope the spec states may still be refused (422) as FHIR. Every other check still
# runs on them. Facilities, accounts and the token grants state their rules in the spec
# (hub.openapi), and references to rows that do not exist are 404s, so those are checked.
SEMANTIC_BODIES = {
    "PUT /api/v1/patients/{patient_id}",
    "PUT /api/v1/consults/{consult_id}",
    # An age recipient is bech32: the spec states its alphabet and length, not its checksum,
    # so a generated "age1" + 58 characters is almost never a key (422 invalid).
    "POST /api/v1/auth/enroll",
    "PUT /api/v1/devices/me/key",
}


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
    return schemathesis.openapi.from_asgi("/openapi.json", world.client.app)


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
