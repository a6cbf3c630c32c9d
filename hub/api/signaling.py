"""WebSocket signaling per consult, the ring (spoke PCs told when a doctor waits in a
consult's room), a bounded transfer for the pre-call check, and the ICE server configuration
for clients."""

from __future__ import annotations

import asyncio
import os
import uuid

from fastapi import (
    APIRouter,
    HTTPException,
    Query,
    Request,
    Response,
    WebSocket,
    WebSocketDisconnect,
)
from fastapi.concurrency import run_in_threadpool

from hub import audit
from hub.access import consult_decision
from hub.api import ERRORS
from hub.call_bell import Ringing
from hub.context import HubContext
from hub.deps import Caller, Hub, Principal, authenticate
from hub.inputs import BadInput, parse_json
from hub.models import Consult, Device, User
from hub.schemas import IceConfigOut, IceServer
from hub.signaling import MAX_CHAT_CHARS, MAX_MESSAGE_BYTES, RELAYED, Member, turn_credentials

router = APIRouter(tags=["signaling"], responses=ERRORS)


@router.get("/ice-servers", response_model=IceConfigOut)
def ice_servers(hub: Hub, who: Caller) -> IceConfigOut:
    """STUN and TURN servers; TURN credentials expire after ``ttl_seconds``."""
    cfg = hub.config
    servers = [IceServer(urls=cfg.stun_urls)] if cfg.stun_urls else []
    if cfg.turn_urls and cfg.turn_secret:
        user, password = turn_credentials(
            cfg.turn_secret, who.user.id, cfg.clock.now(), cfg.turn_ttl_seconds
        )
        servers.append(IceServer(urls=cfg.turn_urls, username=user, credential=password))
    return IceConfigOut(ice_servers=servers, ttl_seconds=cfg.turn_ttl_seconds)


def _allowed(who: Principal, consult: Consult | None) -> bool:
    return (
        consult is not None
        and who.role in ("spoke_operator", "hub_doctor")
        and consult_decision(who, consult, "read") == 0
        and consult.status in ("assigned", "in_progress")
    )


def _admit(hub: HubContext, token: str | None, consult_id: str) -> Principal | int:
    """The principal if they may join this consult's room, else a close code."""
    with hub.sessions() as session:
        try:
            who = authenticate(hub, session, token)
        except HTTPException:
            return 4401
        if not _allowed(who, session.get(Consult, consult_id)):
            audit.denied(session, hub.config.clock, who, "signal", "consult", consult_id, 403)
            return 4403
        audit.record(session, hub.config.clock, who, "signal", "consult", consult_id)
        session.commit()
        return who


def _may_stay(hub: HubContext, who: Principal, consult_id: str) -> bool:
    """Still the consult's spoke or assigned doctor, account enabled, device not revoked?

    Checked against the database (not the access token, which may expire during a call), so
    it holds across workers: the worker that reassigns a consult need not host the room.
    """
    with hub.sessions() as session:
        user = session.get(User, who.user.id)
        if user is None or user.disabled:
            return False
        if who.device_id is not None:
            device = session.get(Device, who.device_id)
            if device is None or device.revoked:
                return False
        if _allowed(Principal(user, who.device_id), session.get(Consult, consult_id)):
            return True
        audit.denied(session, hub.config.clock, who, "signal", "consult", consult_id, 403)
    return False


async def _watch(
    hub: HubContext, websocket: WebSocket, who: Principal, room: str, member: Member
) -> None:
    """Take the member out of the room and close its socket (4403) once the consult is no
    longer theirs; nothing more is relayed to it from then on."""
    while True:
        await asyncio.sleep(hub.config.signal_recheck_seconds)
        if not await run_in_threadpool(_may_stay, hub, who, room):
            await hub.rooms.leave(room, member.peer_id)
            await websocket.close(code=4403)
            return


@router.websocket("/consults/{consult_id}/signal")
async def signal(websocket: WebSocket, consult_id: uuid.UUID) -> None:
    """Join the consult's room. Send {"type": offer|answer|candidate|bye|chat|restart|
    still-request|still-sent|still-failed|recording, ...}; peers get it with "from" added.
    Authenticate with the Authorization: Bearer header."""
    hub: HubContext = websocket.app.state.hub
    header = websocket.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else None
    admitted = await run_in_threadpool(_admit, hub, token, str(consult_id))
    # Refusals are the documented close codes (4401 not authenticated, 4403 not a member),
    # sent after the handshake: a close before it would reach the client as a bare HTTP 403.
    await websocket.accept()
    if isinstance(admitted, int):
        await websocket.close(code=admitted)
        return
    room = str(consult_id)
    peer_id = uuid.uuid4().hex[:12]
    member = Member(peer_id, admitted.role, websocket)
    others = await hub.rooms.join(room, member)
    await websocket.send_json(
        {
            "type": "welcome",
            "peer": peer_id,
            "peers": [{"peer": m.peer_id, "role": m.role} for m in others],
        }
    )
    watcher = asyncio.create_task(_watch(hub, websocket, admitted, room, member))
    try:
        # After the welcome (the member's first message); the clinic's PCs ring.
        spoke_here = any(m.role == "spoke_operator" for m in others)
        await _ring(hub, admitted, room, peer_id, spoke_here)
        while True:
            text = await websocket.receive_text()
            if len(text) > MAX_MESSAGE_BYTES:
                await websocket.send_json({"type": "error", "error": "message too large"})
                continue
            try:
                message = parse_json(text.encode("utf-8", "surrogatepass"))
            except BadInput:  # not JSON, too deep, or text a peer could not be sent
                message = None
            if not isinstance(message, dict) or message.get("type") not in RELAYED:
                await websocket.send_json({"type": "error", "error": "unknown message"})
                continue
            if message["type"] == "chat" and len(str(message.get("text", ""))) > MAX_CHAT_CHARS:
                await websocket.send_json({"type": "error", "error": "chat message too long"})
                continue
            await hub.rooms.relay(room, peer_id, message)
    except (WebSocketDisconnect, RuntimeError):  # RuntimeError: closed by the watcher
        pass
    finally:
        watcher.cancel()
        if admitted.role == "hub_doctor":  # first: in memory, before the bus is awaited
            await hub.call_bell.doctor_left(room, peer_id)
        await hub.rooms.leave(room, peer_id)


# -- the ring -------------------------------------------------------------------------------
def _consult_facility(hub: HubContext, consult_id: str) -> str | None:
    with hub.sessions() as session:
        consult = session.get(Consult, consult_id)
        return consult.facility_id if consult is not None else None


def _display_name(hub: HubContext, user_id: str) -> str:
    with hub.sessions() as session:
        user = session.get(User, user_id)
        return (user.full_name or user.username) if user is not None else ""


async def _ring(
    hub: HubContext, who: Principal, consult_id: str, peer_id: str, spoke_here: bool
) -> None:
    """A doctor in the room rings the consult's clinic; the clinic in it answers (at once
    when its call window was open already: that window rings)."""
    await hub.call_bell.connect(hub.rooms)  # the other workers' bells (PostgreSQL)
    if who.role == "hub_doctor":
        facility = await run_in_threadpool(_consult_facility, hub, consult_id)
        name = await run_in_threadpool(_display_name, hub, who.user.id)
        if facility is not None:
            await hub.call_bell.doctor_joined(Ringing(consult_id, facility, name, peer_id))
            if spoke_here:
                await hub.call_bell.spoke_joined(consult_id)
    elif who.role == "spoke_operator":
        await hub.call_bell.spoke_joined(consult_id)


def _admit_watcher(hub: HubContext, token: str | None) -> Principal | int:
    with hub.sessions() as session:
        try:
            who = authenticate(hub, session, token)
        except HTTPException:
            return 4401
        if who.role != "spoke_operator" or who.facility_id is None:
            return 4403
        return who


def _watcher_may_stay(hub: HubContext, who: Principal) -> bool:
    with hub.sessions() as session:
        user = session.get(User, who.user.id)
        if user is None or user.disabled:
            return False
        if who.device_id is not None:
            device = session.get(Device, who.device_id)
            return device is not None and not device.revoked
        return True


@router.websocket("/calls/watch")
async def watch_calls(websocket: WebSocket) -> None:
    """A spoke PC hears its clinic's calls: first {"type": "watching", "calling": [...]}, then
    {"type": "calling", "consult", "doctor"} when a doctor waits in a consult's room,
    {"type": "answered", "consult"} when the clinic joined it, {"type": "call-over",
    "consult"} when the doctor left. Spoke operators only (4401, 4403 otherwise)."""
    hub: HubContext = websocket.app.state.hub
    header = websocket.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else None
    admitted = await run_in_threadpool(_admit_watcher, hub, token)
    await websocket.accept()
    if isinstance(admitted, int):
        await websocket.close(code=admitted)
        return
    facility = str(admitted.facility_id)

    async def recheck() -> None:
        while True:
            await asyncio.sleep(hub.config.signal_recheck_seconds)
            if not await run_in_threadpool(_watcher_may_stay, hub, admitted):
                await hub.call_bell.unwatch(facility, websocket)
                await websocket.close(code=4401)
                return

    await hub.call_bell.connect(hub.rooms)
    await hub.call_bell.watch(facility, websocket)
    checker = asyncio.create_task(recheck())
    try:
        while True:
            await websocket.receive_text()  # nothing is expected; keeps the socket read
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        checker.cancel()
        await hub.call_bell.unwatch(facility, websocket)


# -- the pre-call check's transfer ------------------------------------------------------------
PROBE_MAX_KIB = 1024


@router.get(
    "/calls/probe",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def probe_download(who: Caller, kib: int = Query(default=256, ge=1, le=PROBE_MAX_KIB)) -> Response:
    """``kib`` KiB of random bytes (incompressible), for measuring the link's bandwidth."""
    return Response(os.urandom(kib * 1024), media_type="application/octet-stream")


@router.post("/calls/probe")
async def probe_upload(request: Request, who: Caller) -> dict[str, int]:
    """Reads and discards up to 1 MiB; answers how many bytes arrived."""
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > PROBE_MAX_KIB * 1024:
            raise HTTPException(413, "probe too large")
    return {"received": received}
