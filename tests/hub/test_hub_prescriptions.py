"""Prescriptions: signed by the assigned doctor, registration number required, prohibited
drugs refused by the hub, idempotent by UUID, pulled by the spoke."""

from __future__ import annotations

import base64
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fhir.resources.R4B import get_fhir_model_class
from sqlalchemy import update

from hub.app import build_context
from hub.clock import ManualClock
from hub.config import HubConfig
from hub.models import User
from protocol import formulary
from protocol.signing import signed_bytes
from tests.helpers.prescriptions import content as rx_content
from tests.helpers.prescriptions import prescriber
from tests.hub.world import World, consult_body

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
    "investigations": ["Lipid profile", "Serum creatinine"],
    "follow_up_date": "2026-12-19",
    "referral": {
        "facility": "District Hospital Sehore",
        "reason": "Uncontrolled blood pressure",
        "urgency": "urgent",
    },
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


def test_prescription_record_document_with_nrces_profiles(world: World) -> None:
    """Condition (diagnosis), MedicationRequest per medicine with dosage in words,
    ServiceRequests for investigations and the referral, the follow-up; every resource
    claims its NRCeS profile and is valid FHIR R4 (fhir.resources R4B)."""
    cid = started(world)
    key = signer(world, "doc1")
    pid = str(uuid.uuid4())
    assert put(world, "doc1", cid, pid, body(key, cid, pid, CONTENT)).status_code == 201
    r = world.client.get(f"/api/v1/consults/{cid}/prescriptions/{pid}/fhir", headers=world["opA"].h)
    doc = r.json()
    nrces = "https://nrces.in/ndhm/fhir/r4/StructureDefinition/"
    assert doc["meta"]["profile"] == [nrces + "DocumentBundle"]
    get_fhir_model_class("Bundle").model_validate(doc)
    by_type: dict[str, list[dict[str, Any]]] = {}
    urls = {e["fullUrl"] for e in doc["entry"]}
    for entry in doc["entry"]:
        res = entry["resource"]
        get_fhir_model_class(res["resourceType"]).model_validate(res)
        by_type.setdefault(res["resourceType"], []).append(res)
        [profile] = res["meta"]["profile"]
        expected = "PrescriptionRecord" if res["resourceType"] == "Composition" else None
        assert profile == nrces + (expected or res["resourceType"])
    [condition] = by_type["Condition"]
    assert condition["code"]["text"] == "Essential hypertension"
    assert condition["code"]["coding"] == [
        {"system": "http://hl7.org/fhir/sid/icd-10", "code": "I10"}
    ]
    amlodipine, paracetamol = by_type["MedicationRequest"]
    dosage = amlodipine["dosageInstruction"][0]
    assert dosage["text"] == "1 tab, 1-0-0, once a day (morning), after food, for 30 days, oral"
    assert dosage["timing"]["repeat"] == {"frequency": 1, "period": 1, "periodUnit": "d"}
    assert paracetamol["dosageInstruction"][0]["asNeededBoolean"] is True
    assert amlodipine["reasonReference"][0]["reference"] == f"urn:uuid:{condition['id']}"
    tests = [
        s for s in by_type["ServiceRequest"] if s["category"][0]["coding"][0]["code"] != "3457005"
    ]
    [referral] = [s for s in by_type["ServiceRequest"] if s not in tests]
    assert [t["code"]["text"] for t in tests] == ["Lipid profile", "Serum creatinine"]
    assert referral["priority"] == "urgent"
    assert referral["performer"] == [{"display": "District Hospital Sehore"}]
    [appointment] = by_type["Appointment"]
    assert appointment["requestedPeriod"] == [{"start": "2026-12-19"}]
    sections = {s["title"]: s for s in doc["entry"][0]["resource"]["section"]}
    assert set(sections) == {
        "Prescription record",
        "Diagnosis",
        "Investigation advice",
        "Referral",
        "Follow up",
        "Advice",
    }
    for section in sections.values():  # every reference resolves inside the document
        assert all(ref["reference"] in urls for ref in section.get("entry", []))


def test_prohibited_drugs_refused(world: World) -> None:
    """A raw API call with prohibited drugs, by brand and in free text, is refused; the answer
    names the formulary's drug, its list and the rule, not the text as sent."""
    cid = started(world)
    key = signer(world, "doc1")
    pid = str(uuid.uuid4())
    bad = CONTENT | {
        "medications": [
            *CONTENT["medications"],
            {"name": "Tab. Tramadol 50mg", "frequency": "SOS"},
            {"name": "ALPRAX 0.25", "frequency": "0-0-1"},
        ]
    }
    r = put(world, "doc1", cid, pid, body(key, cid, pid, bad))
    assert r.status_code == 422 and r.json()["code"] == "prohibited_drug"
    assert r.json()["detail"]["violations"] == [
        {"medication": 2, "drug": "Tramadol", "list": "prohibited", "rule": "prohibited"},
        {"medication": 3, "drug": "Alprazolam", "list": "prohibited", "rule": "prohibited"},
    ]
    assert "Tab." not in r.text and "ALPRAX" not in r.text
    pulled = world.client.get(f"/api/v1/consults/{cid}/prescriptions", headers=world["opA"].h)
    assert pulled.json() == []


def test_phenobarbitone_is_phenobarbital(world: World) -> None:
    cid = started(world)
    key = signer(world, "doc1")
    for spelling in ("Phenobarbital", "Phenobarbitone", "phenobarbitone 30 mg", "Gardenal"):
        pid = str(uuid.uuid4())
        r = put(world, "doc1", cid, pid, body(key, cid, pid, rx_content(spelling)))
        assert r.status_code == 422, spelling
        [v] = r.json()["detail"]["violations"]
        assert (v["drug"], v["list"], r.json()["code"]) == (
            "Phenobarbital",
            "prohibited",
            "prohibited_drug",
        )


# One drug per list, and the hub's answer for each (mode, follow-up) cell: None = stored.
LISTS = {"O": "Paracetamol", "A": "Amoxicillin", "B": "Sitagliptin", "prohibited": "Alprazolam"}
NEEDS_VIDEO = ("drug_not_allowed_for_mode", "list_a_needs_video")
NEEDS_FOLLOW_UP = ("drug_not_allowed_for_mode", "list_b_needs_follow_up")
PROHIBITED = ("prohibited_drug", "prohibited")
FIRST = {"O": None, "B": NEEDS_FOLLOW_UP, "prohibited": PROHIBITED}
FOLLOW_UP = {"O": None, "A": None, "B": None, "prohibited": PROHIBITED}
HUB_TABLE = {
    ("video", False): FIRST | {"A": None},
    ("audio", False): FIRST | {"A": NEEDS_VIDEO},
    ("text", False): FIRST | {"A": NEEDS_VIDEO},
    ("video", True): FOLLOW_UP,
    ("audio", True): FOLLOW_UP,
    ("text", True): FOLLOW_UP,
}


def accepted(world: World, mode: str, follow_up_of: str | None, patient: str | None) -> str:
    world.online("doc1")
    cid = world.consult("opA", patient, mode=mode, follow_up_of=follow_up_of)["id"]
    r = world.client.post(f"/api/v1/consults/{cid}/accept", headers=world["doc1"].h)
    assert r.status_code == 200, r.text
    return str(cid)


def earlier_completed(world: World) -> tuple[str, str]:
    """(patient, consult): a completed consult to follow up."""
    patient = world.patient("opA")
    first = accepted(world, "video", None, patient)
    r = world.client.post(f"/api/v1/consults/{first}/complete", headers=world["doc1"].h)
    assert r.status_code == 200, r.text
    return patient, first


@pytest.mark.parametrize(("mode", "follow_up"), list(HUB_TABLE))
def test_every_cell_of_mode_kind_and_list(world: World, mode: str, follow_up: bool) -> None:
    """The raw API applies the guideline's table: every list in every mode, first consult
    and follow-up (a consult linked to a completed one of the same patient)."""
    patient, earlier = earlier_completed(world) if follow_up else (None, None)
    cid = accepted(world, mode, earlier, patient)
    key = signer(world, "doc1")
    # What the doctor's editor is told before writing: the same decision.
    told = world.client.get(f"/api/v1/consults/{cid}/prescribing", headers=world["doc1"].h)
    assert told.status_code == 200, told.text
    assert told.json() == {
        "consult_id": cid,
        "mode": mode,
        "follow_up": follow_up,
        "follow_up_of": earlier,
        "follow_up_window_days": 180,
        "allowed_lists": [k for k, v in HUB_TABLE[(mode, follow_up)].items() if v is None],
    }
    operator = world.client.get(f"/api/v1/consults/{cid}/prescribing", headers=world["opA"].h)
    assert operator.status_code == 403
    for drug_list, expected in HUB_TABLE[(mode, follow_up)].items():
        pid = str(uuid.uuid4())
        r = put(world, "doc1", cid, pid, body(key, cid, pid, rx_content(LISTS[drug_list])))
        if expected is None:
            assert r.status_code == 201, (drug_list, r.text)
            continue
        assert r.status_code == 422, (drug_list, r.text)
        code, rule = expected
        assert r.json()["code"] == code
        assert r.json()["detail"]["mode"] == mode and r.json()["detail"]["follow_up"] is follow_up
        assert r.json()["detail"]["violations"] == [
            {"medication": 0, "drug": LISTS[drug_list], "list": drug_list, "rule": rule}
        ]


def test_a_follow_up_counts_only_within_the_window_of_a_completed_consult(
    world: World, clock: ManualClock
) -> None:
    sitagliptin = rx_content("Januvia")  # a brand of a List B drug
    key = signer(world, "doc1")
    # The earlier consult is still in progress (doc1 has it): doc2 gets the linked one, and
    # it is not a follow-up yet.
    patient = world.patient("opA")
    open_one = accepted(world, "video", None, patient)
    world.online("doc2")
    cid = world.consult("opA", patient, follow_up_of=open_one)["id"]
    assert world.client.post(f"/api/v1/consults/{cid}/accept", headers=world["doc2"].h).is_success
    key2 = signer(world, "doc2")
    pid = str(uuid.uuid4())
    early = rx_content("Januvia", registration_number="MP-22222")
    r = put(world, "doc2", cid, pid, body(key2, cid, pid, early))
    assert r.status_code == 422 and r.json()["detail"]["follow_up"] is False
    # Completed just now: a follow-up.
    world.client.post(f"/api/v1/consults/{open_one}/complete", headers=world["doc1"].h)
    pid = str(uuid.uuid4())
    assert put(world, "doc2", cid, pid, body(key2, cid, pid, early)).status_code == 201
    world.client.post(f"/api/v1/consults/{cid}/complete", headers=world["doc2"].h)
    # Past the window (180 days in the shipped settings): a first consult again.
    clock.advance(181 * 86400)
    for name in ("opA", "doc1"):
        world.renew(name)
    late = accepted(world, "video", cid, patient)
    pid = str(uuid.uuid4())
    r = put(world, "doc1", late, pid, body(key, late, pid, sitagliptin))
    assert r.status_code == 422 and r.json()["code"] == "drug_not_allowed_for_mode"
    assert r.json()["detail"]["follow_up"] is False


def test_follow_up_must_name_a_consult_of_the_same_patient(world: World) -> None:
    _, earlier = earlier_completed(world)
    other = world.patient("opA", name="Ravi Kumar")
    r = world.client.put(
        f"/api/v1/consults/{uuid.uuid4()}",
        json=consult_body(other, follow_up_of=earlier),
        headers=world["opA"].h,
    )
    # Another patient's consult is none this one can follow (a reference to no such row).
    assert r.status_code == 404 and "follow_up_of" in r.text
    got = world.client.get(f"/api/v1/consults/{earlier}", headers=world["opA"].h).json()
    assert got["follow_up_of"] is None and got["mode"] == "video"


def test_a_correction_replaces_a_prescription_of_the_same_consult(world: World) -> None:
    cid = started(world)
    key = signer(world, "doc1")
    first = str(uuid.uuid4())
    r = put(world, "doc1", cid, first, body(key, cid, first, rx_content("Paracetamol")))
    assert r.status_code == 201
    fixed = str(uuid.uuid4())
    correction = rx_content("Paracetamol", advice="Rest and fluids.", replaces=first)
    r = put(world, "doc1", cid, fixed, body(key, cid, fixed, correction))
    assert r.status_code == 201 and r.json()["content"]["replaces"] == first
    stranger = str(uuid.uuid4())
    for unknown in (str(uuid.uuid4()), stranger):
        bad = rx_content("Paracetamol", replaces=unknown)
        r = put(world, "doc1", cid, stranger, body(key, cid, stranger, bad))
        assert r.status_code == 422 and "replaces" in r.text
    # One of another consult is not replaceable from here.
    world.client.post(f"/api/v1/consults/{cid}/complete", headers=world["doc1"].h)
    other = accepted(world, "video", None, None)
    pid = str(uuid.uuid4())
    r = put(
        world, "doc1", other, pid, body(key, other, pid, rx_content("Paracetamol", replaces=first))
    )
    assert r.status_code == 422 and "replaces" in r.text


def test_prescriber_must_be_the_signing_doctor(world: World) -> None:
    cid = started(world)
    key = signer(world, "doc1")
    pid = str(uuid.uuid4())
    r = put(
        world,
        "doc1",
        cid,
        pid,
        body(key, cid, pid, rx_content("Paracetamol", registration_number="MP-22222")),
    )
    assert r.status_code == 422 and "registration number" in r.text


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


def test_a_bad_formulary_stops_the_hub_at_start(
    config: HubConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deployed formulary is validated when the hub starts, with every bad row named."""
    resources = tmp_path / "resources"
    shutil.copytree(formulary.default_dir(), resources / "formulary")
    table = resources / "formulary" / "tpg-2020.csv"
    table.write_text(
        table.read_text(encoding="utf-8") + "extra,Something,,,Z,,,TPG2020: x\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(resources))
    formulary.default.cache_clear()
    try:
        with pytest.raises(formulary.FormularyError) as err:
            build_context(config)
        [bad] = err.value.rows
        assert (bad.column, bad.reason) == ("class", "must be O, A, B or prohibited")
    finally:
        monkeypatch.undo()
        formulary.default.cache_clear()
