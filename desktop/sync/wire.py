"""What each outbox row becomes on the wire, and the contract writers of outbox rows follow.

    entity_type  operation        payload                                  request
    patient      create|update    {"resource": <FHIR Patient>}             PUT /patients/{id}
    consult      create|update    ConsultIn body (patient_id, resources)   PUT /consults/{id}
                                  or the core's FHIR collection Bundle     (converted, final)
    consult      update           {"status": "cancelled"}                  DELETE /consults/{id}
                                  {"status": <other local status>}         nothing to send
    consult      delete           {}                                       DELETE /consults/{id}
    blob         upload           {"sha256", "consult_id", "size"?,        tus upload, then
                                   "blob_id"? (else entity_id)}            GET /uploads/{u}/info

The key ``_sync`` inside a payload belongs to the sync engine (persisted upload URL, the
hub's version of a conflicting record); it is never sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from protocol.ids import wire_id

SYNC_KEY = "_sync"
RANK = {"patient": 0, "consult": 1, "blob": 2}


def canonical_id(entity_id: str) -> str:
    """The id as it crosses to the hub: the spoke may keep 32 hex digits, the wire has the
    dashed form (protocol.ids.wire_id, the one conversion both ends share)."""
    return wire_id(entity_id)


def body_of(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload without the engine's bookkeeping."""
    return {k: v for k, v in payload.items() if k != SYNC_KEY}


def sync_meta(payload: dict[str, Any]) -> dict[str, Any]:
    meta = payload.get(SYNC_KEY)
    return dict(meta) if isinstance(meta, dict) else {}


def with_meta(payload: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A new payload dict (JSON columns need a new object to notice a change)."""
    meta = sync_meta(payload)
    meta.update(changes)
    return {**payload, SYNC_KEY: meta}


PRIORITY_CODES = {"R": "routine", "UR": "urgent", "EM": "emergency"}
# Local consult states with no hub counterpart: the row has nothing to send.
LOCAL_ONLY_STATUS = ("draft", "ready", "with_hub", "prescribed", "closed")


def _code(concept: Any) -> str:
    codings = concept.get("coding") if isinstance(concept, dict) else None
    first = codings[0] if isinstance(codings, list) and codings else {}
    return str(first.get("code", "")) if isinstance(first, dict) else ""


def consult_body(payload: dict[str, Any]) -> dict[str, Any]:
    """The hub's ConsultIn body. The workflow queues a FHIR collection Bundle when a consult
    is marked ready: its Encounter gives patient, priority and specialty; every clinical
    resource but the Patient (sent as its own row) goes along; ready means final."""
    body = body_of(payload)
    if body.get("resourceType") != "Bundle":
        return body
    raw = body.get("entry")
    entries: list[Any] = raw if isinstance(raw, list) else []
    resources: list[dict[str, Any]] = [
        e["resource"]
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("resource"), dict)
    ]
    encounter: dict[str, Any] = next(
        (r for r in resources if r.get("resourceType") == "Encounter"), {}
    )
    patient: dict[str, Any] = next((r for r in resources if r.get("resourceType") == "Patient"), {})
    subject = encounter.get("subject", {}).get("reference", "")
    patient_id = subject.split("/", 1)[1] if "/" in subject else str(patient.get("id", ""))
    return {
        "patient_id": canonical_id(patient_id),
        "specialty": _code(encounter.get("serviceType")) or "general_medicine",
        "priority": PRIORITY_CODES.get(_code(encounter.get("priority")), "routine"),
        "resources": [r for r in resources if r.get("resourceType") != "Patient"],
        "final": True,
    }


@dataclass(frozen=True)
class JsonRequest:
    method: str
    path: str
    body: dict[str, Any] | None
    expect_id: str | None
    no_content_ok: bool = False  # a 204 counts too (DELETE); any other answer must echo the id


def json_request(
    entity_type: str, operation: str, entity_id: str, payload: dict[str, Any]
) -> JsonRequest | None:
    """The request for a record row; None when the row has nothing for the hub;
    ``ValueError`` for a row this engine cannot send (e.g. addenda: no hub endpoint yet)."""
    rid = canonical_id(entity_id)
    body = body_of(payload)
    if entity_type == "patient" and operation in ("create", "update"):
        if "resource" not in body and body.get("resourceType") == "Patient":
            body = {"resource": body}
        resource = dict(body.get("resource") or {})
        resource["id"] = rid
        return JsonRequest("PUT", f"/patients/{rid}", {"resource": resource}, rid)
    if entity_type == "consult" and operation == "update" and set(body) == {"status"}:
        if body["status"] == "cancelled":
            return JsonRequest("DELETE", f"/consults/{rid}", None, rid, no_content_ok=True)
        if body["status"] in LOCAL_ONLY_STATUS:
            return None
        raise ValueError(f"unknown consult status {body['status']!r}")
    if entity_type == "consult" and operation in ("create", "update"):
        return JsonRequest("PUT", f"/consults/{rid}", consult_body(payload), rid)
    if entity_type == "consult" and operation == "delete":
        return JsonRequest("DELETE", f"/consults/{rid}", None, rid, no_content_ok=True)
    raise ValueError(f"no wire mapping for {entity_type}/{operation}")
