"""Access matrix: six callers x read/update/delete/upload/export on spoke A's records.

Denied calls answer 403 (in scope, role not permitted) or 404 (out of scope), leave the stored
state exactly as it was, and leave a 'denied' audit row naming the caller and the record.
Permitted calls (including a 409 on a record the caller may see) leave an 'allowed' row.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sqlalchemy import func, select

from hub.models import AuditEvent, Consult, Patient, Upload
from tests.hub.world import World, consult_body, patient_resource

ACTORS = ("opA", "opB", "doc1", "doc3", "doc9", "admin")
# Expected status per action and caller. doc1 is the assigned doctor; doc3 is in the same hub
# but not assigned; doc9 and opB are outside the record's scope.
EXPECTED: dict[str, dict[str, int]] = {
    "read": {"opA": 200, "opB": 404, "doc1": 200, "doc3": 403, "doc9": 404, "admin": 200},
    "update": {"opA": 409, "opB": 404, "doc1": 403, "doc3": 403, "doc9": 404, "admin": 409},
    "patient_read": {"opA": 200, "opB": 404, "doc1": 200, "doc3": 403, "doc9": 404, "admin": 200},
    "patient_update": {"opA": 200, "opB": 404, "doc1": 403, "doc3": 403, "doc9": 404, "admin": 200},
    "upload": {"opA": 201, "opB": 404, "doc1": 403, "doc3": 403, "doc9": 404, "admin": 201},
    "upload_append": {"opA": 204, "opB": 404, "doc1": 403, "doc3": 403, "doc9": 404, "admin": 204},
    "upload_read": {"opA": 200, "opB": 404, "doc1": 200, "doc3": 403, "doc9": 404, "admin": 200},
    "upload_content": {"opA": 200, "opB": 404, "doc1": 200, "doc3": 403, "doc9": 404, "admin": 200},
    "upload_list": {"opA": 200, "opB": 404, "doc1": 200, "doc3": 403, "doc9": 404, "admin": 200},
    "export": {"opA": 200, "opB": 404, "doc1": 200, "doc3": 403, "doc9": 404, "admin": 200},
    "prescriptions": {"opA": 200, "opB": 404, "doc1": 200, "doc3": 403, "doc9": 404, "admin": 200},
    "upload_delete": {"opA": 204, "opB": 404, "doc1": 403, "doc3": 403, "doc9": 404, "admin": 204},
    "delete": {"opA": 200, "opB": 404, "doc1": 403, "doc3": 403, "doc9": 404, "admin": 200},
}
TUS = {"Tus-Resumable": "1.0.0"}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _snapshot(world: World, cid: str, pid: str) -> dict[str, Any]:
    with world.hub.sessions() as s:
        c = s.get(Consult, cid)
        p = s.get(Patient, pid)
        assert c is not None and p is not None
        uploads = s.scalars(select(Upload).where(Upload.consult_id == cid)).all()
        return {
            "consult": (c.status, c.version, c.payload_sha256, c.assigned_doctor_id, c.finalized),
            "patient": (p.version, p.payload_sha256),
            "uploads": sorted((u.id, u.offset) for u in uploads),
        }


def _rows(world: World, user_id: str, outcome: str) -> int:
    with world.hub.sessions() as s:
        return int(
            s.scalar(
                select(func.count()).where(
                    AuditEvent.user_id == user_id, AuditEvent.outcome == outcome
                )
            )
            or 0
        )


def _allowed_since(world: World, user_id: str, after: int) -> list[tuple[str, str, str]]:
    with world.hub.sessions() as s:
        rows = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.user_id == user_id, AuditEvent.outcome == "allowed")
            .order_by(AuditEvent.id)
            .offset(after)
        ).all()
        return [(r.action, r.object_type, r.object_id) for r in rows]


def _do(
    world: World, action: str, who: str, cid: str, pid: str, upload_url: str, done_url: str
) -> int:
    c, h = world.client, world[who].h
    if action == "read":
        return c.get(f"/api/v1/consults/{cid}", headers=h).status_code
    if action == "update":
        body = consult_body(pid, specialty="paediatrics")
        return c.put(f"/api/v1/consults/{cid}", json=body, headers=h).status_code
    if action == "patient_read":
        return c.get(f"/api/v1/patients/{pid}", headers=h).status_code
    if action == "patient_update":
        body = {"resource": patient_resource(pid, name=f"Renamed by {who}")}
        return c.put(f"/api/v1/patients/{pid}", json=body, headers=h).status_code
    if action == "upload":
        headers = h | TUS | {"Upload-Length": "10", "Upload-Metadata": f"consult_id {_b64(cid)}"}
        return c.post("/api/v1/uploads", headers=headers).status_code
    if action == "upload_append":
        offset = c.head(upload_url, headers=world["opA"].h | TUS).headers["Upload-Offset"]
        headers = (
            h
            | TUS
            | {
                "Upload-Offset": offset,
                "Content-Type": "application/offset+octet-stream",
            }
        )
        return c.patch(upload_url, content=b"ab", headers=headers).status_code
    if action == "upload_read":
        return c.get(f"{upload_url}/info", headers=h).status_code
    if action == "upload_content":
        r = c.get(f"{done_url}/content", headers=h)
        assert r.status_code != 200 or r.content == b"ok"
        return r.status_code
    if action == "upload_list":
        return c.get(f"/api/v1/consults/{cid}/uploads", headers=h).status_code
    if action == "export":
        return c.get(f"/api/v1/consults/{cid}/fhir", headers=h).status_code
    if action == "prescriptions":
        return c.get(f"/api/v1/consults/{cid}/prescriptions", headers=h).status_code
    if action == "upload_delete":
        return c.delete(upload_url, headers=h | TUS).status_code
    if action == "delete":
        return c.delete(f"/api/v1/consults/{cid}", headers=h).status_code
    raise AssertionError(action)


@pytest.mark.parametrize("who", ACTORS)
def test_access_matrix(world: World, who: str) -> None:
    world.online("doc1")
    pid = world.patient("opA")
    consult = world.consult("opA", pid)
    cid = consult["id"]
    assert consult["status"] == "assigned"
    assert consult["assigned_doctor_id"] == world["doc1"].user_id
    headers = (
        world["opA"].h
        | TUS
        | {
            "Upload-Length": "100",
            "Upload-Metadata": f"consult_id {_b64(cid)}",
        }
    )
    upload_url = world.client.post("/api/v1/uploads", headers=headers).headers["Location"]
    headers |= {"Upload-Length": "2"}
    done_url = world.client.post("/api/v1/uploads", headers=headers).headers["Location"]
    octets = world["opA"].h | TUS | {"Upload-Offset": "0"}
    octets["Content-Type"] = "application/offset+octet-stream"
    assert world.client.patch(done_url, content=b"ok", headers=octets).status_code == 204
    user_id = world[who].user_id
    objects = {cid, pid, upload_url.rsplit("/", 1)[1], done_url.rsplit("/", 1)[1]}

    for action in EXPECTED:  # the two deletions come last: they change what the others use
        before = _snapshot(world, cid, pid)
        denied_before = _rows(world, user_id, "denied")
        allowed_before = _rows(world, user_id, "allowed")
        status = _do(world, action, who, cid, pid, upload_url, done_url)
        want = EXPECTED[action][who]
        assert status == want, f"{who} {action}: {status} != {want}"
        if status in (403, 404):
            assert _snapshot(world, cid, pid) == before, f"{who} {action} changed state"
            assert _rows(world, user_id, "denied") == denied_before + 1, (
                f"{who} {action}: no audit row"
            )
        else:
            allowed = _allowed_since(world, user_id, allowed_before)
            assert allowed, f"{who} {action}: no 'allowed' audit row"
            # The row names the record touched (a new upload's consult for "upload").
            assert {oid for _, _, oid in allowed} <= objects, f"{who} {action}: {allowed}"
            assert _rows(world, user_id, "denied") == denied_before


def test_allowed_reads_are_audited(world: World) -> None:
    world.online("doc1")
    consult = world.consult("opA")
    world.client.get(f"/api/v1/consults/{consult['id']}", headers=world["doc1"].h)
    with world.hub.sessions() as s:
        rows = s.scalars(
            select(AuditEvent).where(
                AuditEvent.object_id == consult["id"], AuditEvent.user_id == world["doc1"].user_id
            )
        ).all()
    assert [(r.action, r.outcome) for r in rows] == [("read", "allowed")]


def test_lists_write_one_audit_row_per_consult_shown(world: World) -> None:
    world.online("doc1")
    mine = [world.consult("opA")["id"] for _ in range(2)]
    queued = world.consult("opA", specialty="paediatrics")["id"]  # doc3 may claim it
    world.consult("opB")  # another spoke: not in opA's list

    def listed(who: str) -> list[str]:
        with world.hub.sessions() as s:
            return sorted(
                s.scalars(
                    select(AuditEvent.object_id).where(
                        AuditEvent.user_id == world[who].user_id,
                        AuditEvent.action == "list",
                        AuditEvent.outcome == "allowed",
                    )
                )
            )

    r = world.client.get("/api/v1/consults", headers=world["opA"].h)
    assert sorted(c["id"] for c in r.json()) == listed("opA") == sorted([*mine, queued])
    r = world.client.get("/api/v1/doctors/me/queue", headers=world["doc1"].h)
    assert set(mine) <= {c["id"] for c in r.json()}
    assert sorted(c["id"] for c in r.json()) == listed("doc1")
    r = world.client.get("/api/v1/doctors/me/queue", headers=world["doc3"].h)
    assert [c["id"] for c in r.json()] == listed("doc3") == [queued]


def test_unassigned_doctor_sees_no_patient_data_in_queue(world: World) -> None:
    world.consult("opA", specialty="paediatrics")
    r = world.client.get("/api/v1/doctors/me/queue", headers=world["doc3"].h)
    assert r.status_code == 200
    item = r.json()[0]
    assert "resources" not in item and item["specialty"] == "paediatrics"
