"""tus 1.0 resumable uploads (core, creation, checksum sha256, termination, expiration).

Blobs are kept exactly as received; spokes send age ciphertext. Required metadata:
``consult_id``; optional ``filename``, ``content_type``, ``media_type`` (what the encrypted
file holds, when the spoke names it: a still picture of a call) and ``sha256`` (hex of the whole
blob, checked when the upload completes). Everything about an upload is scoped like its consult.
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import ClientDisconnect

from hub import audit
from hub.access import consult_decision, load_consult
from hub.api import ERRORS
from hub.context import HubContext
from hub.deps import DB, Caller, Hub, Principal
from hub.inputs import text_ok
from hub.models import Consult, Upload
from hub.schemas import ErrorOut, UploadInfo
from hub.storage import BlobAppend, BlobBusy, OffsetMismatch, sha256_of
from hub.tus import TUS_VERSION

EXTENSIONS = "creation,checksum,termination,expiration"
router = APIRouter(tags=["uploads"])
_DIGITS = re.compile(r"^[0-9]{1,18}$")
CHECKSUMS = ("sha1", "sha256")
WRITE_BATCH = 1 << 20  # body pieces are written to the blob in batches of about this size


def tus_headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, **(extra or {})}


def _fail(code: int, detail: str, headers: dict[str, str] | None = None) -> HTTPException:
    return HTTPException(code, detail, headers=tus_headers(headers))


def tus_request(request: Request, hub: Hub, who: Caller) -> Principal:
    """Every tus request but OPTIONS names the protocol version and is rate limited."""
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        raise _fail(412, "Tus-Resumable 1.0.0 required", {"Tus-Version": TUS_VERSION})
    wait = hub.upload_limiter.hit(who.user.id)
    if wait:
        raise _fail(429, "too many upload requests", {"Retry-After": str(wait)})
    return who


TusCaller = Annotated[Principal, Depends(tus_request)]
UploadId = Annotated[str, Path(pattern="^[0-9a-f]{32}$", description="upload id (from Location)")]
# The JSON routes about uploads are in the OpenAPI document; the tus verbs are not.
READ_ERRORS = ERRORS | {410: {"model": ErrorOut, "description": "unfinished upload expired"}}


def parse_metadata(header: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _, value = pair.partition(" ")
        if not key or key in meta or not key.isascii() or " " in key:
            raise _fail(400, "malformed Upload-Metadata")
        try:
            meta[key] = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except ValueError:  # binascii.Error, UnicodeDecodeError, non-ASCII text
            raise _fail(400, "malformed Upload-Metadata") from None
        if not text_ok(meta[key]):
            raise _fail(400, "malformed Upload-Metadata")
    return meta


def header_int(request: Request, name: str) -> int | None:
    """A non-negative decimal header in ASCII digits ('²'.isdigit() is true), else None."""
    text = request.headers.get(name, "")
    if not _DIGITS.match(text):
        return None
    return int(text)


def _expires(upload: Upload) -> dict[str, str]:
    if upload.completed_at is not None:
        return {}
    return {"Upload-Expires": format_datetime(upload.expires_at, usegmt=True)}


def _load(hub: HubContext, session: Session, who: Principal, upload_id: str, action: str) -> Upload:
    upload = session.get(Upload, upload_id) if len(upload_id) == 32 else None
    consult = session.get(Consult, upload.consult_id) if upload and upload.consult_id else None
    code = 404 if upload is None or consult is None else consult_decision(who, consult, action)
    if code:
        audit.denied(session, hub.config.clock, who, action, "upload", upload_id, code)
        raise _fail(code, "not found" if code == 404 else "not allowed")
    assert upload is not None
    if upload.completed_at is None and upload.expires_at <= hub.config.clock.now():
        raise _fail(410, "upload expired")
    audit.record(session, hub.config.clock, who, action, "upload", upload_id)
    return upload


@router.options("/uploads", status_code=204, include_in_schema=False)
def options(hub: Hub) -> Response:
    return Response(
        status_code=204,
        headers=tus_headers(
            {
                "Tus-Version": TUS_VERSION,
                "Tus-Extension": EXTENSIONS,
                "Tus-Max-Size": str(hub.config.max_upload_bytes),
                "Tus-Checksum-Algorithm": ",".join(CHECKSUMS),
            }
        ),
    )


@router.options("/uploads/{upload_id}", status_code=204, include_in_schema=False)
def options_upload(hub: Hub) -> Response:
    """tus clients may ask an upload URL what the server supports, without credentials."""
    return options(hub)


@router.post("/uploads", status_code=201, include_in_schema=False)
def create(hub: Hub, session: DB, who: TusCaller, request: Request) -> Response:
    length = header_int(request, "Upload-Length")
    if length is None:
        raise _fail(400, "Upload-Length required (deferred length is not supported)")
    if length > hub.config.max_upload_bytes:
        raise _fail(413, "upload too large", {"Tus-Max-Size": str(hub.config.max_upload_bytes)})
    meta = parse_metadata(request.headers.get("Upload-Metadata", ""))
    try:
        consult_id = str(uuid.UUID(meta.get("consult_id", "")))
    except ValueError:
        raise _fail(400, "metadata consult_id (a UUID) is required") from None
    if "sha256" in meta and (len(meta["sha256"]) != 64 or not _is_hex(meta["sha256"])):
        raise _fail(400, "metadata sha256 must be 64 hex digits")
    consult = load_consult(hub, session, who, consult_id, "upload")
    now = hub.config.clock.now()
    upload = Upload(
        id=uuid.uuid4().hex,
        facility_id=consult.facility_id,
        consult_id=consult.id,
        created_by=who.user.id,
        length=length,
        offset=0,
        metadata_json=meta,
        created_at=now,
        expires_at=now + timedelta(seconds=hub.config.upload_expiry_seconds),
    )
    hub.storage.create(upload.id)
    if length == 0:
        upload.completed_at = now
        upload.sha256 = hashlib.sha256(b"").hexdigest()
    session.add(upload)
    location = str(request.url_for("tus_head", upload_id=upload.id))
    return Response(
        status_code=201, headers=tus_headers({"Location": location, **_expires(upload)})
    )


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


@router.head("/uploads/{upload_id}", name="tus_head", include_in_schema=False)
def head(hub: Hub, session: DB, who: TusCaller, upload_id: str) -> Response:
    upload = _load(hub, session, who, upload_id, "upload")
    headers = {
        "Upload-Offset": str(hub.storage.size(upload.id)),
        "Upload-Length": str(upload.length),
        "Cache-Control": "no-store",
        **_expires(upload),
    }
    return Response(status_code=200, headers=tus_headers(headers))


def _checksum(header: str | None) -> tuple[str, bytes] | None:
    """(algorithm, digest) of Upload-Checksum; tus requires sha1, we also take sha256."""
    if header is None:
        return None
    algo, _, value = header.partition(" ")
    if algo not in CHECKSUMS:
        raise _fail(400, "checksum algorithm must be sha1 or sha256")
    try:
        return algo, base64.b64decode(value, validate=True)
    except ValueError:  # binascii.Error or non-ASCII text
        raise _fail(400, "malformed Upload-Checksum") from None


def _load_and_end(hub: HubContext, session: Session, who: Principal, upload_id: str) -> Upload:
    """Check access, then end the transaction: the body may take minutes to arrive."""
    upload = _load(hub, session, who, upload_id, "upload")
    session.commit()
    return upload


@router.patch("/uploads/{upload_id}", include_in_schema=False)
async def patch(
    hub: Hub, session: DB, who: TusCaller, upload_id: str, request: Request
) -> Response:
    """Append the body, streamed to the blob as it arrives (no per-request size cap).

    Without Upload-Checksum whatever arrived before a disconnect is kept (the client resumes
    from the new offset); with it, a partial or corrupted body is dropped.
    """
    if request.headers.get("Content-Type") != "application/offset+octet-stream":
        raise _fail(415, "Content-Type must be application/offset+octet-stream")
    offset = header_int(request, "Upload-Offset")
    if offset is None:
        raise _fail(400, "Upload-Offset required")
    expected = _checksum(request.headers.get("Upload-Checksum"))
    upload = await run_in_threadpool(_load_and_end, hub, session, who, upload_id)
    room = upload.length - offset
    declared = header_int(request, "Content-Length")
    if room < 0:
        raise _fail(409, "offset beyond upload length")
    if declared is not None and declared > room:
        raise _fail(413, "chunk exceeds the upload length")
    try:
        append = await run_in_threadpool(hub.storage.begin_append, upload.id, offset)
    except OffsetMismatch as exc:
        raise _fail(
            409, "Upload-Offset does not match", {"Upload-Offset": str(exc.current)}
        ) from None
    except BlobBusy:
        raise _fail(423, "another request is appending to this upload") from None
    except KeyError:
        raise _fail(404, "not found") from None
    try:
        new = await _receive(request, append, room, expected)
    finally:
        await run_in_threadpool(append.close)
    offset = await run_in_threadpool(_commit, hub, session, upload.id, new)
    headers = {"Upload-Offset": str(offset), **_expires(upload)}
    return Response(status_code=204, headers=tus_headers(headers))


async def _receive(
    request: Request, append: BlobAppend, room: int, expected: tuple[str, bytes] | None
) -> int:
    """Stream the body into ``append``; the blob's new size, or an error with nothing kept."""
    digest = hashlib.new(expected[0] if expected else "sha256")
    received = 0
    pending: list[bytes] = []
    pending_size = 0
    disconnected = False
    try:
        async for piece in request.stream():
            received += len(piece)
            if received > room:
                await run_in_threadpool(append.discard)
                raise _fail(413, "chunk exceeds the upload length")
            digest.update(piece)
            pending.append(piece)
            pending_size += len(piece)
            if pending_size >= WRITE_BATCH:
                await run_in_threadpool(append.write, b"".join(pending))
                pending, pending_size = [], 0
    except ClientDisconnect:
        disconnected = True
    if pending:
        await run_in_threadpool(append.write, b"".join(pending))
    if expected is not None and (disconnected or digest.digest() != expected[1]):
        # A partial or corrupted chunk is not kept when the client asked for a checksum.
        await run_in_threadpool(append.discard)
        raise _fail(460, "checksum mismatch")
    return await run_in_threadpool(append.finish)


def _lock_row(session: Session, upload_id: str) -> Upload:
    """Lock the upload row until commit (SELECT ... FOR UPDATE on PostgreSQL).

    This serialises the bookkeeping of PATCH and DELETE of one upload across workers and
    hosts; the bytes themselves are serialised by the blob's own lock (``begin_append``).
    """
    row = session.scalar(
        select(Upload)
        .where(Upload.id == upload_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:  # terminated by another request meanwhile
        raise _fail(404, "not found")
    return row


def _commit(hub: HubContext, session: Session, upload_id: str, new: int) -> int:
    """Record the new offset; on the last byte check the whole blob's SHA-256 and finish."""
    upload = _lock_row(session, upload_id)
    upload.offset = max(upload.offset, new)
    if new == upload.length and upload.completed_at is None:
        session.commit()  # the digest of a large blob takes a while: not inside a transaction
        digest = sha256_of(hub.storage, upload.id)
        upload = _lock_row(session, upload_id)
        wanted = upload.metadata_json.get("sha256")
        if wanted and wanted.lower() != digest:
            hub.storage.delete(upload.id)
            session.delete(upload)
            session.commit()
            raise _fail(460, "sha256 of the whole upload does not match; upload discarded")
        upload.sha256 = digest
        upload.completed_at = upload.completed_at or hub.config.clock.now()
    session.commit()
    return new


@router.delete("/uploads/{upload_id}", status_code=204, include_in_schema=False)
def terminate(hub: Hub, session: DB, who: TusCaller, upload_id: str) -> Response:
    upload = _lock_row(session, _load(hub, session, who, upload_id, "delete").id)
    hub.storage.delete(upload.id)
    session.delete(upload)
    return Response(status_code=204, headers=tus_headers())


def upload_info(upload: Upload) -> UploadInfo:
    return UploadInfo(
        id=upload.id,
        consult_id=upload.consult_id,
        length=upload.length,
        offset=upload.offset,
        complete=upload.completed_at is not None,
        sha256=upload.sha256 or None,
        filename=upload.metadata_json.get("filename", ""),
        content_type=upload.metadata_json.get("content_type", ""),
        created_at=upload.created_at,
        media_type=upload.metadata_json.get("media_type", ""),
    )


@router.get("/uploads/{upload_id}/info", response_model=UploadInfo, responses=READ_ERRORS)
def info(hub: Hub, session: DB, who: Caller, upload_id: UploadId) -> UploadInfo:
    """JSON description of an upload, with the SHA-256 of what was stored."""
    return upload_info(_load(hub, session, who, upload_id, "read"))


@router.get(
    "/uploads/{upload_id}/content",
    response_class=StreamingResponse,
    responses=READ_ERRORS
    | {
        200: {
            "description": "the stored bytes",
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        },
    },
)
def content(hub: Hub, session: DB, who: Caller, upload_id: UploadId) -> StreamingResponse:
    """The stored bytes (age ciphertext) of a completed upload; 409 while it is unfinished."""
    upload = _load(hub, session, who, upload_id, "read")
    if upload.completed_at is None:
        raise HTTPException(409, "upload not complete")
    fh = hub.storage.open(upload.id)

    def chunks() -> Iterator[bytes]:
        with fh:
            yield from iter(lambda: fh.read(1 << 16), b"")

    return StreamingResponse(
        chunks(),
        media_type="application/octet-stream",
        headers={"Content-Length": str(upload.length), "X-Content-SHA256": upload.sha256},
    )


@router.get("/consults/{consult_id}/uploads", response_model=list[UploadInfo], responses=ERRORS)
def consult_uploads(hub: Hub, session: DB, who: Caller, consult_id: uuid.UUID) -> list[UploadInfo]:
    """The consult's uploads, finished or not, oldest first."""
    consult = load_consult(hub, session, who, str(consult_id), "read")
    rows = session.scalars(
        select(Upload).where(Upload.consult_id == consult.id).order_by(Upload.created_at)
    )
    return [upload_info(u) for u in rows]
