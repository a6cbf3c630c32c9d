"""WebSocket signaling per consult, and the ICE server configuration for clients."""

from __future__ import annotations

import asyncio
import uuid

from fastapi import APIRouter, HTTPException, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool

from hub import audit
from hub.access import consult_decision
from hub.api import ERRORS
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
        await hub.rooms.leave(room, peer_id)
