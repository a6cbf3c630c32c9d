"""Prescriptions: signed by the assigned doctor, registration number required, prohibited
drugs refused by the hub, idempotent by UUID, pulled by the spoke."""

from __future__ import annotations

import base64
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fhir.resources.R4B import get_fhir_model_class
from sqlalchemy import update

from hub.drugs import prohibited_in
from hub.models import User
from protocol.signing import signed_bytes
from tests.helpers.prescriptions import content as rx_content
from tests.helpers.prescriptions import prescriber
from tests.hub.world import World

CONTENT: dict[str, Any] = {
    "diagnosis": {
        "text": "Essential hypertension",
        "code": "I10",
        "system": "http://hl7.org/fhir/sid/icd-10",
    },
    "medications": [
        {
            "name": "Amlodipine",
            "strength": "5 mg",
            "dose": "1 tab",
            "frequency": "1-0-0",
            "timing": "after_food",
            "route": "oral",
            "duration_days": 30,
            "instructions": "",
        },
        {
            "name": "Paracetamol",
            "strength": "500 mg",
            "dose": "1 tab",
            "frequency": "SOS",
            "route": "oral",
            "duration_days": 3,
            "instructions": "",
        },
    ],
    "advice": "Low salt diet; review BP in 2 weeks.",
    "follow_up_date": "2026-12-19",
    "prescriber": prescriber("MP-12345"),
}


def signer(world: World, doctor: str) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    r = world.client.put(
        "/api/v1/doctors/me/signing-key",
        json={"public_key": base64.b64encode(public).decode()},
        headers=world[doctor].h,
    )
    assert r.status_code == 200, r.text
    return key


def body(key: Ed25519PrivateKey, cid: str, pid: str, content: dict[str, Any]) -> dict[str, Any]:
    sig = key.sign(signed_bytes(cid, pid, content))
    return {"content": content, "signature": base64.b64encode(sig).decode()}


def started(world: World) -> str:
    world.online("doc1")
    cid = world.consult("opA")["id"]
    assert world.client.post(f"/api/v1/consults/{cid}/accept", headers=world["doc1"].h).is_success
    return str(cid)


def put(world: World, who: str, cid: str, pid: str, payload: dict[str, Any]) -> Any:
    return world.client.put(
        f"/api/v1/consults/{cid}/prescriptions/{pid}", json=payload, headers=world[who].h
    )


def test_signed_prescription_flows_to_spoke(world: World) -> None:
    cid = started(world)
    key = signer(world, "doc1")
    pid = str(uuid.uuid4())
    payload = body(key, cid, pid, CONTENT)
    r = put(world, "doc1", cid, pid, payload)
    assert r.status_code == 201, r.text
    assert r.json()["id"] == pid and r.json()["registration_number"] == "MP-12345"
    # Sent again after a lost answer: same record.
    again = put(world, "doc1", cid, pid, payload)
    assert again.status_code == 200 and again.json() == r.json()
    pulled = world.client.get(f"/api/v1/consults/{cid}/prescriptions", headers=world["opA"].h)
    assert pulled.status_code == 200 and [p["id"] for p in pulled.json()] == [pid]
    # The spoke can verify the signature itself with the doctor's public key.
    got = pulled.json()[0]
    key.public_key().verify(
        base64.b64decode(got["signature"]), signed_bytes(cid, pid, got["content"])
    )
    # And the FHIR document now carries the medication requests.
    bundle = world.client.get(f"/api/v1/consults/{cid}/fhir", headers=world["opA"].h).json()
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert types.count("MedicationRequest") == 2
    # The prescription alone, as a PrescriptionRecord document with the signature.
    r = world.client.get(f"/api/v1/consults/{cid}/prescriptions/{pid}/fhir", headers=world["opA"].h)
    assert r.status_code == 200
    doc = r.json()
    get_fhir_model_class("Bundle").model_validate(doc)
    kinds = [e["resource"]["resourceType"] for e in doc["entry"]]
    assert kinds[0] == "Composition" and kinds.count("MedicationRequest") == 2
    assert doc["entry"][0]["resource"]["type"]["coding"][0]["code"] == "440545006"
    assert doc["signature"]["data"] == got["signature"]
    other = world.client.get(
        f"/api/v1/consults/{cid}/prescriptions/{uuid.uuid4()}/fhir", headers=world["opA"].h
    )
    assert other.status_code == 404
    denied = world.client.get(
        f"/api/v1/consults/{cid}/prescriptions/{pid}/fhir", headers=world["opB"].h
    )
    assert denied.status_code == 404


def test_different_payload_same_id_is_conflict(world: World) -> None:
    cid = started(world)
    key = signer(world, "doc1")
    pid = str(uuid.uuid4())
    assert put(world, "doc1", cid, pid, body(key, cid, pid, CONTENT)).status_code == 201
    changed = CONTENT | {"advice": "changed"}
    assert put(world, "doc1", cid, pid, body(key, cid, pid, changed)).status_code == 409


def test_prohibited_drugs_refused(world: World) -> None:
    cid = started(world)
    key = signer(world, "doc1")
    pid = str(uuid.uuid4())
    bad = CONTENT | {
        "medications": [
            *CONTENT["medications"],
            {"name": "Tab. Tramadol 50mg", "frequency": "SOS"},
            {"name": "ALPRAZOLAM", "frequency": "0-0-1"},
        ]
    }
    r = put(world, "doc1", cid, pid, body(key, cid, pid, bad))
    assert r.status_code == 422 and r.json()["code"] == "prohibited_drug"
    assert r.json()["detail"]["drugs"] == ["alprazolam", "tramadol"]
    pulled = world.client.get(f"/api/v1/consults/{cid}/prescriptions", headers=world["opA"].h)
    assert pulled.json() == []


def test_drug_matching_is_by_whole_word() -> None:
    assert prohibited_in("Inj. Morphine sulphate") == "morphine"
    assert prohibited_in("Codeine phosphate syrup") == "codeine"
    assert prohibited_in("Metformin 500") is None
    assert prohibited_in("Amlodipine") is None


def test_registration_number_required(world: World) -> None:
    cid = started(world)
    key = signer(world, "doc1")
    with world.hub.sessions() as s:
        s.execute(update(User).where(User.username == "doc1").values(registration_number=""))
        s.commit()
    pid = str(uuid.uuid4())
    r = put(world, "doc1", cid, pid, body(key, cid, pid, CONTENT))
    assert r.status_code == 422 and "registration" in r.text


def test_bad_or_missing_signature(world: World) -> None:
    cid = started(world)
    pid = str(uuid.uuid4())
    stranger = Ed25519PrivateKey.generate()
    r = put(world, "doc1", cid, pid, body(stranger, cid, pid, CONTENT))
    assert r.status_code == 422 and "signing key" in r.text
    signer(world, "doc1")
    r = put(world, "doc1", cid, pid, body(stranger, cid, pid, CONTENT))
    assert r.status_code == 422 and r.json()["code"] == "signature_invalid"
    # A signature for another consult does not transfer.
    key = signer(world, "doc1")
    payload = body(key, str(uuid.uuid4()), pid, CONTENT)
    assert put(world, "doc1", cid, pid, payload).status_code == 422


def test_only_assigned_doctor_in_progress(world: World) -> None:
    world.online("doc1")
    cid = world.consult("opA")["id"]
    key1, key2 = signer(world, "doc1"), signer(world, "doc2")
    pid = str(uuid.uuid4())
    # Assigned but not yet accepted.
    assert put(world, "doc1", cid, pid, body(key1, cid, pid, CONTENT)).status_code == 409
    world.client.post(f"/api/v1/consults/{cid}/accept", headers=world["doc1"].h)
    assert put(world, "doc2", cid, pid, body(key2, cid, pid, CONTENT)).status_code == 403
    assert put(world, "doc9", cid, pid, body(key2, cid, pid, CONTENT)).status_code == 404
    assert put(world, "opA", cid, pid, body(key2, cid, pid, CONTENT)).status_code == 403


def test_signature_covers_the_content_exactly_as_sent(world: World) -> None:
    """The doctor signs what they send, optional fields left out; the hub verifies those very
    bytes (not a copy with defaults filled in), stores them, and the spoke verifies its copy."""
    cid = started(world)
    key = signer(world, "doc1")
    sparse = rx_content(
        medications=[{"name": "Paracetamol", "frequency": "1-0-1", "duration_days": 3}]
    )
    filled = sparse | {
        "medications": [
            {
                "name": "Paracetamol",
                "formulary_id": "",
                "strength": "",
                "form": "",
                "dose": "",
                "frequency": "1-0-1",
                "timing": "",
                "route": "",
                "duration_days": 3,
                "instructions": "",
            }
        ],
        "advice": "",
        "follow_up_date": "",
    }
    pid = str(uuid.uuid4())
    # A signature over the normalised copy is not a signature over what was sent.
    over_filled = base64.b64encode(key.sign(signed_bytes(cid, pid, filled))).decode()
    r = put(world, "doc1", cid, pid, {"content": sparse, "signature": over_filled})
    assert r.status_code == 422 and r.json()["code"] == "signature_invalid"
    r = put(world, "doc1", cid, pid, body(key, cid, pid, sparse))
    assert r.status_code == 201, r.text
    assert r.json()["content"] == sparse
    got = world.client.get(f"/api/v1/consults/{cid}/prescriptions", headers=world["opA"].h)
    [rx] = got.json()
    assert rx["content"] == sparse
    key.public_key().verify(
        base64.b64decode(rx["signature"]), signed_bytes(cid, pid, rx["content"])
    )


def test_prescription_counts_must_be_numbers(world: World) -> None:
    """No "3" taken for 3: the stored (signed) content holds what was validated."""
    cid = started(world)
    key = signer(world, "doc1")
    pid = str(uuid.uuid4())
    loose = rx_content(
        medications=[{"name": "Paracetamol", "frequency": "1-0-1", "duration_days": "3"}]
    )
    r = put(world, "doc1", cid, pid, body(key, cid, pid, loose))
    assert r.status_code == 422 and r.json()["code"] == "invalid"
