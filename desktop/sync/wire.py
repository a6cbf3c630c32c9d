"""What each outbox row becomes on the wire, and the contract writers of outbox rows follow.

    entity_type  operation        payload                                  request
    patient      create|update    {"resource": <FHIR Patient>}             PUT /patients/{id}
    consult      create|update    ConsultIn body (patient_id, resources)   PUT /consults/{id}
    consult      delete           {}                                       DELETE /consults/{id}
    blob         upload           {"blob_id", "sha256", "size", "kind",    tus upload, then
                                   "consult_id", "filename"?}              GET /uploads/{u}/info

The key ``_sync`` inside a payload belongs to the sync engine (persisted upload URL, the
hub's version of a conflicting record); it is never sent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

SYNC_KEY = "_sync"
RANK = {"patient": 0, "consult": 1, "blob": 2}


def canonical_id(entity_id: str) -> str:
    """The hub writes UUIDs with dashes; the spoke may keep them as 32 hex digits."""
    try:
        return str(uuid.UUID(entity_id))
    except ValueError:
        return entity_id


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


@dataclass(frozen=True)
class JsonRequest:
    method: str
    path: str
    body: dict[str, Any] | None
    expect_id: str | None


def json_request(
    entity_type: str, operation: str, entity_id: str, payload: dict[str, Any]
) -> JsonRequest:
    """The request for a record row; ``ValueError`` for a row this engine cannot send."""
    rid = canonical_id(entity_id)
    body = body_of(payload)
    if entity_type == "patient" and operation in ("create", "update"):
        if "resource" not in body and body.get("resourceType") == "Patient":
            body = {"resource": body}
        resource = dict(body.get("resource") or {})
        resource["id"] = rid
        return JsonRequest("PUT", f"/patients/{rid}", {"resource": resource}, rid)
    if entity_type == "consult" and operation in ("create", "update"):
        return JsonRequest("PUT", f"/consults/{rid}", body, rid)
    if entity_type == "consult" and operation == "delete":
        return JsonRequest("DELETE", f"/consults/{rid}", None, None)
    raise ValueError(f"no wire mapping for {entity_type}/{operation}")


def item_label(entity_type: str, operation: str) -> str:
    """A short technical label (English) for logs; the UI translates its own."""
    return f"{entity_type} {operation}"
