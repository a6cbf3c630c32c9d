"""The FHIR content of record bodies as the OpenAPI document states it (hub.fhir_schema): the
stored schema is what the R4B models give, the hub refuses what breaks it even where the models
are laxer, and everything the spoke itself sends passes it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from desktop.core import fhir as spoke_fhir
from hub import fhir, fhir_schema
from protocol.ids import wire_id
from tests.helpers import review_data
from tests.hub.world import World, patient_resource


def test_stored_schema_is_the_one_the_models_give() -> None:
    """``hub/fhir_r4b.json`` is regenerated when the models or the rules change."""
    built = fhir_schema.build(["Patient", *sorted(fhir.CONSULT_RESOURCES)])
    assert built == fhir_schema.components()


def test_openapi_states_the_patient_resource(world: World) -> None:
    spec = world.client.get("/openapi.json").json()
    resource = spec["components"]["schemas"]["PatientIn"]["properties"]["resource"]
    assert resource["$ref"] == "#/components/schemas/FHIR_Patient"
    for whole in spec["components"]["schemas"]["FHIR_Patient"]["anyOf"]:  # one per choice
        assert whole["additionalProperties"] is False
        assert whole["properties"]["resourceType"] == {"const": "Patient"}
    items = spec["components"]["schemas"]["ConsultIn"]["properties"]["resources"]["items"]
    refs = {f"#/components/schemas/FHIR_{rtype}" for rtype in fhir.CONSULT_RESOURCES}
    assert {one["$ref"] for one in items["oneOf"]} == refs  # a consult's items: one of them
    for rtype in fhir.CONSULT_RESOURCES:  # each consult resource's full schema is published
        stated = spec["components"]["schemas"][f"FHIR_{rtype}"]
        for whole in stated.get("anyOf", [stated]):  # one whole object per choice, if any
            assert whole["type"] == "object"
            assert whole["required"][0] == "resourceType"
            assert whole["properties"]["resourceType"] == {"const": rtype}
            assert whole["additionalProperties"] is False


# Each is taken by the R4B models (lax JSON) but is not FHIR JSON, nor what the spec states.
LAX: list[dict[str, Any]] = [
    {"active": 1},
    {"active": "yes"},
    {"gender": None},
    {"multipleBirthInteger": "2"},
    {"id": "x" * 65},
    {"contained": [{"resourceType": "Organization"}]},
    {"name": [{"given": [None]}]},
]


@pytest.mark.parametrize("change", LAX, ids=[next(iter(c)) for c in LAX])
def test_what_only_the_lax_models_take_is_refused(world: World, change: dict[str, Any]) -> None:
    pid = str(uuid.uuid4())
    resource = patient_resource(pid) | change
    if "id" in change:
        resource["id"] = pid  # the id rule is the path's; the length is tried below
        resource = {k: v for k, v in resource.items() if k != "id"} | {"id": change["id"]}
    get_fhir_model_class("Patient").model_validate(resource)  # the models alone take it
    h = world["opA"].h
    r = world.client.put(f"/api/v1/patients/{pid}", json={"resource": resource}, headers=h)
    assert r.status_code == 422, r.text
    assert "yes" not in r.text and "Organization" not in r.text  # names places, not values


def test_what_the_spoke_sends_passes_the_stated_schema(world: World) -> None:
    """The spoke's own Patient and consult resources (desktop.core.fhir) are accepted."""
    p = review_data.patient(mobile="9876543210", pin="466001")
    c = review_data.consult(p)
    resource = dict(spoke_fhir.patient(p), id=wire_id(p.id))  # as patient_repo queues it
    body = spoke_fhir.consult_request(p, c, review_data.NOW)
    assert {r["resourceType"] for r in body["resources"]} >= {"Encounter", "Observation"}
    for res in body["resources"]:
        fhir.validate(res, fhir.CONSULT_RESOURCES)
    h = world["opA"].h
    pid = resource["id"]
    r = world.client.put(f"/api/v1/patients/{pid}", json={"resource": resource}, headers=h)
    assert r.status_code == 201, r.text
    cid = str(uuid.uuid4())
    r = world.client.put(f"/api/v1/consults/{cid}", json=body, headers=h)
    assert r.status_code == 201, r.text


def test_a_consult_resource_breaking_its_schema_is_refused(world: World) -> None:
    pid = world.patient("opA")
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "pulse"},
        "valueQuantity": {"value": 72, "unit": "/min"},
        "valueString": "72",  # two members of value[x]
    }
    body = {"patient_id": pid, "specialty": "general_medicine", "resources": [observation]}
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=body, headers=world["opA"].h)
    assert r.status_code == 422, r.text
    observation.pop("valueString")
    observation["issued"] = "2026-02-29T10:00:00Z"  # no such day
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=body, headers=world["opA"].h)
    # Said of the element, though an Observation is stated as one object per choice of its
    # [x] elements (all of which it breaks).
    assert r.status_code == 422 and "issued: breaks the pattern rule" in r.text, r.text
    observation["issued"] = "2028-02-29T10:00:00+05:30"  # a leap day
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=body, headers=world["opA"].h)
    assert r.status_code == 201, r.text
