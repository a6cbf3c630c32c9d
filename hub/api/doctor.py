"""What a hub doctor's desktop needs beyond the queue steps: the device's age key, consult media
re-encrypted to it, the patient's history, and the queue long-poll.

Media and history are for the consult's assigned doctor while it is assigned or in progress;
outside the caller's scope 404, inside it 403 (admins and the spoke's operators included: the
operators read ``/uploads/{id}/content``). Every read and every refusal leaves an audit row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pyrage import x25519
from sqlalchemy.orm import Session

from hub import audit, history
from hub.access import consult_decision
from hub.age_stream import AgeFormatError, reencrypt
from hub.api import ERRORS
from hub.context import HubContext
from hub.deps import DB, Caller, DoctorOnly, Hub, Principal
from hub.errors import ApiError
from hub.models import Consult, Device, Upload
from protocol.errors import ErrorCode
from protocol.roles import Role
from protocol.schemas import DeviceKeyIn, DeviceKeyOut, HistoryConsult, QueueVersionOut

router = APIRouter(tags=["doctor"], responses=ERRORS)
ACTIVE = ("assigned", "in_progress")
MEDIA_READ = "media_read"  # audit action of a for-device read
HISTORY_READ = "history_read"  # audit action: one row per earlier consult shown
UploadId = Annotated[str, Path(pattern="^[0-9a-f]{32}$", description="upload id")]


@router.put("/devices/me/key", response_model=DeviceKeyOut)
def set_device_key(session: DB, who: Caller, body: DeviceKeyIn) -> DeviceKeyOut:
    """Register (or replace) the age public key of the calling device (the token's device)."""
    device = session.get(Device, who.device_id) if who.device_id else None
    if device is None:
        raise ApiError(403, ErrorCode.DEVICE_REQUIRED, "this session has no device")
    device.age_recipient = body.age_recipient
    return DeviceKeyOut(device_id=device.id, age_recipient=body.age_recipient)


def _assigned(
    hub: HubContext, session: Session, who: Principal, consult_id: str, action: str, oid: str
) -> Consult:
    """The consult, if the caller is its assigned doctor and it is theirs now; else 404/403
    (scope rules), audited as denied."""
    consult = session.get(Consult, consult_id)
    code = 404 if consult is None else consult_decision(who, consult, "read")
    if not code and consult is not None:
        mine = who.role == Role.HUB_DOCTOR and consult.assigned_doctor_id == who.user.id
        code = 0 if mine and consult.status in ACTIVE else 403
    if code:
        audit.denied(session, hub.config.clock, who, action, "upload", oid, code)
        raise HTTPException(code, "not found" if code == 404 else "not allowed")
    assert consult is not None
    return consult


@router.get(
    "/consults/{consult_id}/uploads/{upload_id}/for-device",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "the upload's plaintext as an age file encrypted to the caller's "
            "device key",
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        },
    },
)
def media_for_device(
    hub: Hub, session: DB, who: Caller, consult_id: uuid.UUID, upload_id: UploadId
) -> StreamingResponse:
    """A consult's attachment or recording, re-encrypted to the calling device's age key as it
    streams (no plaintext on disk, bounded memory). 409 ``device_key_missing`` when this device
    registered no key; 409 while the upload is unfinished."""
    clock = hub.config.clock
    consult = _assigned(hub, session, who, str(consult_id), MEDIA_READ, upload_id)
    upload = session.get(Upload, upload_id)
    if upload is None or upload.consult_id != consult.id:
        audit.denied(session, clock, who, MEDIA_READ, "upload", upload_id, 404)
        raise HTTPException(404, "not found")
    device = session.get(Device, who.device_id) if who.device_id else None
    if device is None or not device.age_recipient:
        audit.denied(session, clock, who, MEDIA_READ, "upload", upload_id, 409)
        raise ApiError(409, ErrorCode.DEVICE_KEY_MISSING, "register this device's age key first")
    if upload.completed_at is None:
        audit.denied(session, clock, who, MEDIA_READ, "upload", upload_id, 409)
        raise HTTPException(409, "upload not complete")
    recipient = x25519.Recipient.from_str(device.age_recipient)
    blob = hub.storage.open(upload.id)
    try:
        stream = reencrypt(blob, hub.identity, recipient)
    except AgeFormatError:
        blob.close()
        audit.denied(session, clock, who, MEDIA_READ, "upload", upload_id, 409)
        raise HTTPException(409, "the stored file is not readable with the hub's key") from None
    audit.record(session, clock, who, MEDIA_READ, "upload", upload_id)

    def pieces() -> Iterator[bytes]:
        with blob:
            yield from stream

    return StreamingResponse(
        pieces(),
        media_type="application/octet-stream",
        headers={"Cache-Control": "no-store", "X-Upload-Id": upload.id},
    )


@router.get("/consults/{consult_id}/history", response_model=list[HistoryConsult])
def patient_history(
    hub: Hub,
    session: DB,
    who: Caller,
    consult_id: uuid.UUID,
    limit: Annotated[int, Query(ge=1, le=history.MAX_HISTORY)] = 20,
) -> list[HistoryConsult]:
    """Earlier consults of the consult's patient (same spoke; by ABHA number across spokes),
    newest first, with vitals, complaints and prescriptions. One audit row per consult shown."""
    clock = hub.config.clock
    cid = str(consult_id)
    consult = session.get(Consult, cid)
    code = 404 if consult is None else consult_decision(who, consult, "read")
    if not code and consult is not None:
        mine = who.role == Role.HUB_DOCTOR and consult.assigned_doctor_id == who.user.id
        code = 0 if mine and consult.status in ACTIVE else 403
    if code:
        audit.denied(session, clock, who, HISTORY_READ, "consult", cid, code)
        raise HTTPException(code, "not found" if code == 404 else "not allowed")
    assert consult is not None
    found = history.earlier_consults(session, consult, limit)
    audit.record(session, clock, who, HISTORY_READ, "consult", cid)
    audit.record_all(session, clock, who, HISTORY_READ, "consult", [c.id for c in found])
    return found


@router.get("/doctors/me/queue/watch", response_model=QueueVersionOut)
async def watch_queue(
    hub: Hub,
    session: DB,
    who: DoctorOnly,
    since: Annotated[int, Query(ge=-1, description="the version the client has; -1: none")] = -1,
    timeout: Annotated[int, Query(ge=1, le=30, description="seconds")] = 25,
) -> QueueVersionOut:
    """Answers the hub's queue version as soon as it is above ``since`` (at once if it already
    is), else after ``timeout`` seconds with the current one. Then read /doctors/me/queue."""
    await run_in_threadpool(session.commit)  # no transaction (no SQLite writer lock) held
    assert who.facility_id is not None
    version = await hub.queue_watch.wait(who.facility_id, since, float(timeout))
    return QueueVersionOut(version=version)
