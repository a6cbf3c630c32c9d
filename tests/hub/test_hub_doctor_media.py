"""A doctor's device key, consult media re-encrypted to it, and the patient's history: only the
assigned doctor while the consult is theirs gets them, and every read and refusal is audited."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pyrage
import pytest
from pyrage import x25519
from sqlalchemy import select

from hub.models import AuditEvent, Device
from tests.hub.test_hub_prescriptions import CONTENT, signer
from tests.hub.test_hub_prescriptions import body as rx_body
from tests.hub.world import World, consult_body, patient_resource

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = {"Content-Type": "application/offset+octet-stream"}
PLAIN = b"synthetic recording bytes " * 5000


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def upload(
    world: World, consult_id: str, data: bytes, who: str = "opA", to_hub: bool = True
) -> str:
    """A completed upload of ``data`` encrypted, as a spoke does, to itself and the hub."""
    spoke = x25519.Identity.generate()
    hub = [world.hub.identity.to_public()] if to_hub else []
    blob = pyrage.encrypt(data, [spoke.to_public(), *hub])
    meta = f"consult_id {b64(consult_id)},filename {b64('clip.mp4')}"
    headers = world[who].h | TUS | {"Upload-Length": str(len(blob)), "Upload-Metadata": meta}
    r = world.client.post("/api/v1/uploads", headers=headers)
    assert r.status_code == 201, r.text
    url = r.headers["Location"]
    r = world.client.patch(
        url, content=blob, headers=world[who].h | TUS | OCTETS | {"Upload-Offset": "0"}
    )
    assert r.status_code == 204, r.text
    return url.rstrip("/").rsplit("/", 1)[-1]


def set_key(world: World, who: str) -> x25519.Identity:
    identity = x25519.Identity.generate()
    r = world.client.put(
        "/api/v1/devices/me/key",
        json={"age_recipient": str(identity.to_public())},
        headers=world[who].h,
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "device_id": world[who].device_id,
        "age_recipient": str(identity.to_public()),
    }
    return identity


def media_url(consult_id: str, upload_id: str) -> str:
    return f"/api/v1/consults/{consult_id}/uploads/{upload_id}/for-device"


def audit_rows(world: World, action: str, object_id: str) -> list[tuple[str | None, str, int]]:
    with world.hub.sessions() as s:
        rows = s.execute(
            select(AuditEvent.user_id, AuditEvent.outcome, AuditEvent.status_code)
            .where(AuditEvent.action == action, AuditEvent.object_id == object_id)
            .order_by(AuditEvent.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


@pytest.fixture
def assigned(world: World) -> dict[str, Any]:
    """doc1 is the only doctor online: the new consult of spoke A is offered to them."""
    world.online("doc1")
    consult = world.consult("opA")
    assert (
        consult["status"] == "assigned" and consult["assigned_doctor_id"] == world["doc1"].user_id
    )
    return consult


def test_enrollment_keeps_the_devices_age_key(world: World) -> None:
    key = str(x25519.Identity.generate().to_public())
    code = world.enrollment_code("hub1")
    r = world.client.post(
        "/api/v1/auth/enroll", json={"code": code, "name": "doctor pc", "age_recipient": key}
    )
    assert r.status_code == 201, r.text
    with world.hub.sessions() as s:
        device = s.get(Device, r.json()["device_id"])
        assert device is not None and device.age_recipient == key


@pytest.mark.parametrize(
    "bad", ["age1notakey", "AGE-SECRET-KEY-1" + "Q" * 58, "", "age1" + "q" * 58]
)
def test_a_malformed_age_key_is_refused(world: World, bad: str) -> None:
    code = world.enrollment_code("hub1")
    r = world.client.post("/api/v1/auth/enroll", json={"code": code, "age_recipient": bad})
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = world.client.put(
        "/api/v1/devices/me/key", json={"age_recipient": bad}, headers=world["doc1"].h
    )
    assert r.status_code == 422


def test_assigned_doctor_reads_media_reencrypted_to_the_device(
    world: World, assigned: dict[str, Any]
) -> None:
    cid = assigned["id"]
    uid = upload(world, cid, PLAIN)
    identity = set_key(world, "doc1")
    r = world.client.get(media_url(cid, uid), headers=world["doc1"].h)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    assert PLAIN not in r.content
    assert pyrage.decrypt(r.content, [identity]) == PLAIN
    with pytest.raises(pyrage.DecryptError):  # not readable with the hub's own key any more
        pyrage.decrypt(r.content, [world.hub.identity])
    # Once accepted (in progress) too, and every read leaves its own row.
    assert world.client.post(f"/api/v1/consults/{cid}/accept", headers=world["doc1"].h).is_success
    r = world.client.get(media_url(cid, uid), headers=world["doc1"].h)
    assert pyrage.decrypt(r.content, [identity]) == PLAIN
    doc1 = world["doc1"].user_id
    assert audit_rows(world, "media_read", uid) == [(doc1, "allowed", 200)] * 2


def test_no_device_key_is_409_with_its_code(world: World, assigned: dict[str, Any]) -> None:
    uid = upload(world, assigned["id"], PLAIN)
    r = world.client.get(media_url(assigned["id"], uid), headers=world["doc1"].h)
    assert r.status_code == 409
    assert r.json()["code"] == "device_key_missing"
    assert audit_rows(world, "media_read", uid) == [(world["doc1"].user_id, "denied", 409)]


@pytest.mark.parametrize(
    ("who", "status"),
    [("doc2", 403), ("doc9", 404), ("opA", 403), ("opB", 404), ("admin", 403)],
)
def test_nobody_else_gets_media_or_history(
    world: World, assigned: dict[str, Any], who: str, status: int
) -> None:
    """An unassigned doctor of the hub, a doctor of another hub, the spoke's operator, another
    spoke's operator, an admin: refused by the scope rules, each refusal audited."""
    cid = assigned["id"]
    uid = upload(world, cid, PLAIN)
    if world[who].device_id:
        set_key(world, who)
    r = world.client.get(media_url(cid, uid), headers=world[who].h)
    assert r.status_code == status, r.text
    assert PLAIN[:20] not in r.content
    r = world.client.get(f"/api/v1/consults/{cid}/history", headers=world[who].h)
    assert r.status_code == status, r.text
    me = world[who].user_id
    assert audit_rows(world, "media_read", uid) == [(me, "denied", status)]
    assert audit_rows(world, "history_read", cid) == [(me, "denied", status)]


def test_media_and_history_end_when_the_consult_is_no_longer_theirs(
    world: World, assigned: dict[str, Any]
) -> None:
    cid = assigned["id"]
    uid = upload(world, cid, PLAIN)
    set_key(world, "doc1")
    h = world["doc1"].h
    assert world.client.post(f"/api/v1/consults/{cid}/accept", headers=h).is_success
    assert world.client.post(f"/api/v1/consults/{cid}/complete", headers=h).is_success
    assert world.client.get(media_url(cid, uid), headers=h).status_code == 403
    assert world.client.get(f"/api/v1/consults/{cid}/history", headers=h).status_code == 403


def test_a_blob_the_hub_cannot_open_is_409_and_audited(
    world: World, assigned: dict[str, Any]
) -> None:
    uid = upload(world, assigned["id"], PLAIN, to_hub=False)
    set_key(world, "doc1")
    r = world.client.get(media_url(assigned["id"], uid), headers=world["doc1"].h)
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    assert audit_rows(world, "media_read", uid) == [(world["doc1"].user_id, "denied", 409)]


def test_an_upload_of_another_consult_is_not_found(world: World, assigned: dict[str, Any]) -> None:
    other = world.consult("opA")
    uid = upload(world, other["id"], PLAIN)
    set_key(world, "doc1")
    r = world.client.get(media_url(assigned["id"], uid), headers=world["doc1"].h)
    assert r.status_code == 404
    assert audit_rows(world, "media_read", uid) == [(world["doc1"].user_id, "denied", 404)]


# -- history -------------------------------------------------------------------------------
ABHA = "91-2345-6789-0123"


def abha_patient(world: World, op: str, abha: str | None = ABHA) -> str:
    pid = str(uuid.uuid4())
    resource = patient_resource(pid)
    if abha:
        resource["identifier"] = [{"system": "https://healthid.abdm.gov.in", "value": abha}]
    r = world.client.put(
        f"/api/v1/patients/{pid}", json={"resource": resource}, headers=world[op].h
    )
    assert r.status_code == 201, r.text
    return pid


def earlier(world: World, op: str, pid: str, *, spo2: float | None = None) -> str:
    cid = str(uuid.uuid4())
    body = consult_body(pid)
    if spo2 is not None:
        body["resources"].append(
            {
                "resourceType": "Observation",
                "id": "spo2-1",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "59408-5"}]},
                "subject": {"reference": f"Patient/{pid}"},
                "effectiveDateTime": "2025-12-30T10:00:00+05:30",
                "valueQuantity": {"value": spo2, "unit": "%"},
            }
        )
    r = world.client.put(f"/api/v1/consults/{cid}", json=body, headers=world[op].h)
    assert r.status_code == 201, r.text
    return cid


def test_history_same_patient_and_same_abha_elsewhere(world: World) -> None:
    world.online("doc1")
    here = abha_patient(world, "opA")
    elsewhere = abha_patient(world, "opB")  # another spoke of the same hub
    far = abha_patient(world, "opC")  # a spoke of another hub
    stranger = abha_patient(world, "opA", abha=None)
    old_here = earlier(world, "opA", here, spo2=96)
    world.client.post(f"/api/v1/consults/{old_here}/accept", headers=world["doc1"].h)
    world.hub.config.clock.advance(60)  # type: ignore[attr-defined]
    old_b = earlier(world, "opB", elsewhere)
    world.hub.config.clock.advance(60)  # type: ignore[attr-defined]
    old_c = earlier(world, "opC", far)
    earlier(world, "opA", stranger)
    world.hub.config.clock.advance(60)  # type: ignore[attr-defined]
    # The current consult: doc1 has old_here in progress, so it queues; doc1 claims it.
    current = earlier(world, "opA", here)
    r = world.client.post(f"/api/v1/consults/{current}/claim", headers=world["doc1"].h)
    assert r.status_code == 200, r.text
    r = world.client.get(f"/api/v1/consults/{current}/history", headers=world["doc1"].h)
    assert r.status_code == 200, r.text
    found = r.json()
    assert [c["id"] for c in found] == [old_c, old_b, old_here]  # newest first
    by_id = {c["id"]: c for c in found}
    assert by_id[old_here]["same_patient"] and not by_id[old_b]["same_patient"]
    assert by_id[old_b]["facility_name"] == "HWC Berasia"
    assert by_id[old_c]["facility_name"] == "HWC Hunsur"
    assert by_id[old_here]["complaints"] == "headache for three days"
    readings = {(v["code"], v["value"], v["unit"]) for v in by_id[old_here]["vitals"]}
    assert readings == {
        ("bp_systolic", 150.0, "mmHg"),
        ("bp_diastolic", 95.0, "mmHg"),
        ("spo2", 96.0, "%"),
    }
    doc1 = world["doc1"].user_id
    # One row for the consult whose history was asked, one per earlier consult shown.
    assert audit_rows(world, "history_read", current) == [(doc1, "allowed", 200)]
    for cid in (old_here, old_b, old_c):
        assert audit_rows(world, "history_read", cid) == [(doc1, "allowed", 200)]


def test_history_carries_the_signed_prescriptions(world: World) -> None:
    world.online("doc1")
    pid = abha_patient(world, "opA", abha=None)
    first = earlier(world, "opA", pid)
    h = world["doc1"].h
    assert world.client.post(f"/api/v1/consults/{first}/accept", headers=h).is_success
    rx_id = str(uuid.uuid4())
    body = rx_body(signer(world, "doc1"), first, rx_id, CONTENT)
    r = world.client.put(f"/api/v1/consults/{first}/prescriptions/{rx_id}", json=body, headers=h)
    assert r.status_code in (200, 201), r.text
    assert world.client.post(f"/api/v1/consults/{first}/complete", headers=h).is_success
    second = earlier(world, "opA", pid)
    world.client.post(f"/api/v1/consults/{second}/accept", headers=h)
    found = world.client.get(f"/api/v1/consults/{second}/history", headers=h).json()
    assert [c["id"] for c in found] == [first]
    (rx,) = found[0]["prescriptions"]
    assert rx["id"] == rx_id
    assert rx["content"] == body["content"] and rx["signature"] == body["signature"]
    assert found[0]["status"] == "completed"


def test_history_leaves_out_drafts_and_keeps_to_the_limit(world: World) -> None:
    world.online("doc1")
    pid = abha_patient(world, "opA", abha=None)
    h = world["doc1"].h
    done = []
    for _ in range(3):
        cid = earlier(world, "opA", pid)
        assert world.client.post(f"/api/v1/consults/{cid}/accept", headers=h).is_success
        assert world.client.post(f"/api/v1/consults/{cid}/complete", headers=h).is_success
        done.append(cid)
        world.hub.config.clock.advance(60)  # type: ignore[attr-defined]
    world.consult("opA", patient_id=pid, final=False)  # a draft: never history
    world.hub.config.clock.advance(60)  # type: ignore[attr-defined]
    current = earlier(world, "opA", pid)
    assert world.client.post(f"/api/v1/consults/{current}/accept", headers=h).is_success
    url = f"/api/v1/consults/{current}/history"
    assert [c["id"] for c in world.client.get(url, headers=h).json()] == done[::-1]
    r = world.client.get(url, params={"limit": 2}, headers=h)
    assert [c["id"] for c in r.json()] == [done[2], done[1]]
    assert world.client.get(url, params={"limit": 0}, headers=h).status_code == 422
    assert world.client.get(url, params={"limit": 51}, headers=h).status_code == 422
