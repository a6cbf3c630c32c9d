"""Records: idempotent upserts by client UUID, 409 on finalized changes, FHIR validation,
the OPConsultRecord document Bundle."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from sqlalchemy import func, select

from hub.models import AuditEvent, Consult, Patient
from tests.hub.test_hub_prescriptions import CONTENT, signer
from tests.hub.test_hub_prescriptions import body as signed_body
from tests.hub.world import World, consult_body, patient_resource


def _count(world: World, model: Any) -> int:
    with world.hub.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_same_upsert_after_lost_response_yields_one_record(world: World) -> None:
    pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
    h = world["opA"].h
    patient = {"resource": patient_resource(pid)}
    first = world.client.put(f"/api/v1/patients/{pid}", json=patient, headers=h)
    # The response was "lost": the spoke sends the very same request again.
    again = world.client.put(f"/api/v1/patients/{pid}", json=patient, headers=h)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json() and again.json()["id"] == pid
    body = consult_body(pid)
    c1 = world.client.put(f"/api/v1/consults/{cid}", json=body, headers=h)
    c2 = world.client.put(f"/api/v1/consults/{cid}", json=body, headers=h)
    assert (c1.status_code, c2.status_code) == (201, 200)
    assert c1.json()["id"] == c2.json()["id"] == cid
    assert c1.json()["version"] == c2.json()["version"] == 1
    assert c1.json()["payload_sha256"] == c2.json()["payload_sha256"]
    assert _count(world, Patient) == 1 and _count(world, Consult) == 1


def test_concurrent_duplicates_yield_one_record(world: World) -> None:
    pid = world.patient("opA")
    cid = str(uuid.uuid4())
    body = consult_body(pid, final=False)
    answers: list[int] = []

    def send() -> None:
        r = world.client.put(f"/api/v1/consults/{cid}", json=body, headers=world["opA"].h)
        answers.append(r.status_code)
        assert r.json()["id"] == cid

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200] * 5 + [201]
    assert _count(world, Consult) == 1


def test_concurrent_duplicate_patients_yield_one_record_and_one_creation_row(
    world: World,
) -> None:
    pid = str(uuid.uuid4())
    body = {"resource": patient_resource(pid)}
    answers: list[int] = []
    go = threading.Barrier(6)

    def send() -> None:
        go.wait()
        r = world.client.put(f"/api/v1/patients/{pid}", json=body, headers=world["opA"].h)
        answers.append(r.status_code)
        assert r.json()["id"] == pid and r.json()["version"] == 1

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200] * 5 + [201]
    assert _count(world, Patient) == 1
    with world.hub.sessions() as s:
        rows = s.scalars(select(AuditEvent.status_code).where(AuditEvent.object_id == pid)).all()
    assert sorted(rows) == [200] * 5 + [201]  # each answer in the request's own audit row


def test_draft_takes_new_payload_finalized_refuses_it(world: World) -> None:
    pid = world.patient("opA")
    cid = str(uuid.uuid4())
    h = world["opA"].h
    draft = consult_body(pid, final=False)
    assert world.client.put(f"/api/v1/consults/{cid}", json=draft, headers=h).status_code == 201
    draft["priority"] = "urgent"
    r = world.client.put(f"/api/v1/consults/{cid}", json=draft, headers=h)
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["status"] == "draft"
    final = dict(draft, final=True)
    r = world.client.put(f"/api/v1/consults/{cid}", json=final, headers=h)
    assert r.status_code == 200 and r.json()["finalized"] and r.json()["status"] == "queued"
    stored = r.json()
    changed = dict(final, specialty="paediatrics")
    r = world.client.put(f"/api/v1/consults/{cid}", json=changed, headers=h)
    assert r.status_code == 409
    # Nothing lost: the stored consult is the finalized one.
    now = world.client.get(f"/api/v1/consults/{cid}", headers=h).json()
    assert now == stored | {"resources": now["resources"]}
    assert now["specialty"] == "general_medicine"
    # And the finalized payload itself is still accepted as a repeat.
    assert world.client.put(f"/api/v1/consults/{cid}", json=final, headers=h).status_code == 200


def test_a_draft_keeps_its_patient(world: World) -> None:
    """A well-formed draft naming another patient conflicts with the stored consult (409, not
    a 422: the body is valid, the consult's state refuses it) and changes nothing."""
    pid, other = world.patient("opA"), world.patient("opA", name="Ravi Kumar")
    cid = str(uuid.uuid4())
    h = world["opA"].h
    draft = consult_body(pid, final=False)
    assert world.client.put(f"/api/v1/consults/{cid}", json=draft, headers=h).status_code == 201
    r = world.client.put(f"/api/v1/consults/{cid}", json=dict(draft, patient_id=other), headers=h)
    assert r.status_code == 409 and "patient_id" in r.text
    now = world.client.get(f"/api/v1/consults/{cid}", headers=h).json()
    assert now["patient_id"] == pid and now["version"] == 1


def test_patient_update_bumps_version(world: World) -> None:
    pid = world.patient("opA")
    r = world.client.put(
        f"/api/v1/patients/{pid}",
        json={"resource": patient_resource(pid, "Asha Kumari")},
        headers=world["opA"].h,
    )
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["id"] == pid


def test_invalid_fhir_rejected(world: World) -> None:
    pid = str(uuid.uuid4())
    h = world["opA"].h
    bad: list[dict[str, Any]] = [
        {"resourceType": "Patient", "gender": 5},
        {"resourceType": "Patient", "birthDate": "02-03-1984"},
        {"resourceType": "Patient", "unknownField": True},
        {"resourceType": "Observation", "status": "final", "code": {"text": "x"}},
        {"resourceType": "Patient", "id": str(uuid.uuid4())},
    ]
    for resource in bad:
        r = world.client.put(f"/api/v1/patients/{pid}", json={"resource": resource}, headers=h)
        assert r.status_code == 422, resource
        assert "02-03-1984" not in r.text or "birthDate" in r.text
    pid = world.patient("opA")
    body = consult_body(pid)
    body["resources"].append({"resourceType": "Observation", "status": "sure"})
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=body, headers=h)
    assert r.status_code == 422
    body["resources"][-1] = {"resourceType": "Patient"}
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=body, headers=h)
    assert r.status_code == 422
    assert _count(world, Consult) == 0


def test_consult_needs_own_patient(world: World) -> None:
    other = world.patient("opB")
    body = consult_body(other)
    r = world.client.put(f"/api/v1/consults/{uuid.uuid4()}", json=body, headers=world["opA"].h)
    assert r.status_code == 404  # as for a patient that does not exist: nothing is revealed


def test_doctor_and_admin_cannot_create_records(world: World) -> None:
    for who in ("doc1", "admin"):
        pid = str(uuid.uuid4())
        r = world.client.put(
            f"/api/v1/patients/{pid}",
            json={"resource": patient_resource(pid)},
            headers=world[who].h,
        )
        assert r.status_code == 403


def test_list_consults_scoped_and_incremental(world: World, clock: Any) -> None:
    a1 = world.consult("opA")
    clock.advance(60)
    a2 = world.consult("opA")
    world.consult("opB")
    r = world.client.get("/api/v1/consults", headers=world["opA"].h)
    assert [c["id"] for c in r.json()] == [a1["id"], a2["id"]]
    since = a1["updated_at"]
    r = world.client.get(
        "/api/v1/consults", params={"updated_since": since}, headers=world["opA"].h
    )
    assert [c["id"] for c in r.json()] == [a2["id"]]


def test_withdrawal_echoes_the_id(world: World) -> None:
    h = world["opA"].h
    draft = world.consult("opA", final=False)["id"]
    queued = world.consult("opA")["id"]
    r = world.client.delete(f"/api/v1/consults/{draft}", headers=h)
    assert r.status_code == 200 and r.json() == {"id": draft, "status": "deleted"}
    assert world.client.get(f"/api/v1/consults/{draft}", headers=h).status_code == 404
    for _ in range(2):  # sent again after a lost answer: the same answer
        r = world.client.delete(f"/api/v1/consults/{queued}", headers=h)
        assert r.status_code == 200 and r.json() == {"id": queued, "status": "cancelled"}
    assert world.client.get(f"/api/v1/consults/{queued}", headers=h).json()["status"] == "cancelled"


def test_opconsult_bundle(world: World) -> None:
    world.online("doc1")
    consult = world.consult("opA")
    r = world.client.get(f"/api/v1/consults/{consult['id']}/fhir", headers=world["doc1"].h)
    assert r.status_code == 200
    bundle = r.json()
    get_fhir_model_class("Bundle").model_validate(bundle)
    assert bundle["type"] == "document"
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert types[0] == "Composition"
    assert {"Patient", "Organization", "Practitioner", "Observation", "Condition"} <= set(types)
    comp = bundle["entry"][0]["resource"]
    assert comp["type"]["coding"][0]["code"] == "371530004"
    refs = {e["fullUrl"] for e in bundle["entry"]}
    for section in comp["section"]:
        for ref in section["entry"]:
            assert ref["reference"] in refs


def test_answer_leaves_after_commit(world: World) -> None:
    """When the response starts, the record is already committed (seen from another session),
    so a spoke that got its 2xx can never lose the record."""
    from starlette.testclient import TestClient

    app = world.client.app
    seen: list[bool] = []

    async def watching(scope: Any, receive: Any, send: Any) -> None:
        async def spy(message: Any) -> None:
            if message["type"] == "http.response.start" and scope["method"] == "PUT":
                cid = scope["path"].rsplit("/", 1)[-1]
                with world.hub.sessions() as other:
                    seen.append(other.get(Consult, cid) is not None)
            await send(message)

        await app(scope, receive, spy)

    pid = world.patient("opA")
    with TestClient(watching) as http:  # type: ignore[arg-type]
        for _ in range(3):
            r = http.put(
                f"/api/v1/consults/{uuid.uuid4()}", json=consult_body(pid), headers=world["opA"].h
            )
            assert r.status_code == 201
    assert seen == [True, True, True]


def _references(node: Any) -> list[str]:
    if isinstance(node, list):
        return [ref for item in node for ref in _references(item)]
    if not isinstance(node, dict):
        return []
    own = [node["reference"]] if isinstance(node.get("reference"), str) else []
    return own + [ref for value in node.values() for ref in _references(value)]


def test_opconsult_bundle_full_urls_are_uuids_and_references_resolve(world: World) -> None:
    """Client ids such as "bp-1" become UUIDv5s; Patient/<id>, Observation/bp-1 and the
    prescriptions' subject/requester all point at entries; an outside reference is kept as a
    logical identifier rather than left dangling."""
    world.online("doc1")
    pid = world.patient("opA")
    body = consult_body(pid)
    body["resources"][1]["evidence"] = [{"detail": [{"reference": "Observation/bp-1"}]}]
    body["resources"][0]["encounter"] = {"reference": "Encounter/enc-at-the-spoke"}
    cid = str(uuid.uuid4())
    r = world.client.put(f"/api/v1/consults/{cid}", json=body, headers=world["opA"].h)
    assert r.status_code == 201, r.text
    assert world.client.post(f"/api/v1/consults/{cid}/accept", headers=world["doc1"].h).is_success
    key = signer(world, "doc1")
    rx = str(uuid.uuid4())
    r = world.client.put(
        f"/api/v1/consults/{cid}/prescriptions/{rx}",
        json=signed_body(key, cid, rx, CONTENT),
        headers=world["doc1"].h,
    )
    assert r.status_code == 201, r.text

    bundle = world.client.get(f"/api/v1/consults/{cid}/fhir", headers=world["opA"].h).json()
    get_fhir_model_class("Bundle").model_validate(bundle)
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    for entry in bundle["entry"]:
        url = entry["fullUrl"]
        assert url.startswith("urn:uuid:") and str(uuid.UUID(url[9:])) == url[9:]
        assert entry["resource"]["id"] == url[9:]
    refs = _references(bundle["entry"])
    assert len(refs) > 10
    assert [ref for ref in refs if ref not in full_urls] == []
    by_type = {e["resource"]["resourceType"]: e for e in bundle["entry"]}
    patient_url = f"urn:uuid:{pid}"  # a UUID id keeps its value
    assert by_type["Patient"]["fullUrl"] == patient_url
    observation = by_type["Observation"]
    assert observation["resource"]["subject"]["reference"] == patient_url
    bp = str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:spoke-clinic:consult/{cid}/Observation/bp-1"))
    assert observation["fullUrl"] == f"urn:uuid:{bp}"
    evidence = by_type["Condition"]["resource"]["evidence"][0]["detail"][0]
    assert evidence["reference"] == observation["fullUrl"]
    assert observation["resource"]["encounter"] == {
        "identifier": {"value": "Encounter/enc-at-the-spoke"}
    }
    requests = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "MedicationRequest"
    ]
    assert len(requests) == 2
    assert all(m["requester"]["reference"] == by_type["Practitioner"]["fullUrl"] for m in requests)
