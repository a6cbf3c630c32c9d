"""What each outbox row becomes on the wire, and the contract writers of outbox rows follow.

    entity_type  operation        payload                                  request
    patient      create|update    {"resource": <FHIR Patient>}             PUT /patients/{id}
    consult      create|update    ConsultIn body (patient_id, resources,   PUT /consults/{id}
                                  final), built once by ``mark_ready``
    consult      update           {"status": "cancelled"}                  DELETE /consults/{id}
                                  {"status": <other local status>}         nothing to send
    consult      delete           {}                                       DELETE /consults/{id}
    blob         upload           {"sha256", "consult_id", "size"?,        tus upload, then
                                   "blob_id"? (else entity_id)}            GET /uploads/{u}/info
    addendum     create           {"consult_id", "text", "author",         PUT /consults/{c}/
                                   "added_at"}                             addenda/{id}
    stock        update           StockListIn body (id, revision, items):  PUT /facilities/me/
                                  the whole list, by ``stock_repo``        stock
    chat         create           {"consult_id", "sender", "text",         PUT /consults/{c}/
                                   "sent_at"}                              chat/{id}
    call         create           {"consult_id", "mode", "recorded_at",    PUT /consults/{c}/
                                   "started_at"?, "ended_at"?,             calls/{id}
                                   "video_seconds"?, "audio_seconds"?}

Each payload is the body sent, as written with the record; rows name what must reach the
hub first with ``depends_on`` (a blob also waits for its ``consult_id``). Nothing is parsed
back or rebuilt at send time.

The key ``_sync`` inside a payload belongs to the sync engine (persisted upload URL, the
hub's version of a conflicting record; read and written through desktop/storage/outbox_queue.py);
it is never sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.storage.outbox_queue import SYNC_KEY
from protocol.ids import wire_id

RANK = {
    "patient": 0,
    "consult": 1,
    "addendum": 2,
    "chat": 2,
    "call": 2,
    "blob": 2,
    "stock": 3,
    "rx_refusal": 3,
}


def canonical_id(entity_id: str) -> str:
    """The id as it crosses to the hub: the spoke may keep 32 hex digits, the wire has the
    dashed form (protocol.ids.wire_id, the one conversion both ends share)."""
    return wire_id(entity_id)


def body_of(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload without the engine's bookkeeping."""
    return {k: v for k, v in payload.items() if k != SYNC_KEY}


# Local consult states with no hub counterpart: the row has nothing to send.
LOCAL_ONLY_STATUS = (
    "draft",
    "ready",
    "with_hub",
    "assigned",
    "in_progress",
    "prescribed",
    "closed",
)


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
    ``ValueError`` for a row this engine cannot send."""
    rid = canonical_id(entity_id)
    body = body_of(payload)
    if entity_type == "patient" and operation in ("create", "update"):
        return JsonRequest("PUT", f"/patients/{rid}", body, rid)
    if entity_type == "consult" and operation == "update" and set(body) == {"status"}:
        if body["status"] == "cancelled":
            return JsonRequest("DELETE", f"/consults/{rid}", None, rid, no_content_ok=True)
        if body["status"] in LOCAL_ONLY_STATUS:
            return None
        raise ValueError(f"unknown consult status {body['status']!r}")
    if entity_type == "consult" and operation in ("create", "update"):
        return JsonRequest("PUT", f"/consults/{rid}", body, rid)
    if entity_type == "consult" and operation == "delete":
        return JsonRequest("DELETE", f"/consults/{rid}", None, rid, no_content_ok=True)
    if entity_type == "addendum" and operation == "create":
        consult = canonical_id(str(body.get("consult_id", "")))
        return JsonRequest("PUT", f"/consults/{consult}/addenda/{rid}", body, rid)
    if entity_type == "stock" and operation == "update":
        return JsonRequest("PUT", "/facilities/me/stock", body, rid)
    if entity_type == "chat" and operation == "create":
        consult = canonical_id(str(body.get("consult_id", "")))
        return JsonRequest("PUT", f"/consults/{consult}/chat/{rid}", body, rid)
    if entity_type == "call" and operation == "create":
        consult = canonical_id(str(body.get("consult_id", "")))
        return JsonRequest("PUT", f"/consults/{consult}/calls/{rid}", body, rid)
    if entity_type == "rx_refusal" and operation == "create":
        # A prescription received that did not verify: the hub is told (never its content).
        consult = canonical_id(str(body.get("consult_id", "")))
        report: dict[str, Any] = {k: body[k] for k in ("state", "reason") if k in body}
        return JsonRequest("PUT", f"/consults/{consult}/prescriptions/{rid}/refusal", report, rid)
    raise ValueError(f"no wire mapping for {entity_type}/{operation}")
