"""Chat: the messages of a consult's live call, sent by the spoke after storing them with
the consult, so the conversation is part of the hub's record. Idempotent by the message's
id (the same message again answers the same record; a different one under that id is 409);
access as for writing the consult; the consult's doctor reads them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from hub import audit
from hub.access import load_consult
from hub.api import ERRORS
from hub.deps import DB, Caller, Hub
from hub.models import ConsultChat
from hub.schemas import Instant, Strict
from hub.signaling import MAX_CHAT_CHARS

router = APIRouter(tags=["records"], responses=ERRORS)
IdPath = Annotated[uuid.UUID, "client-generated UUID"]


class ChatIn(Strict):
    consult_id: uuid.UUID
    sender: Literal["spoke", "doctor"]
    text: str = Field(min_length=1, max_length=MAX_CHAT_CHARS)
    sent_at: Instant


class ChatOut(BaseModel):
    id: str
    consult_id: str
    sender: str
    text: str
    sent_at: datetime
    received_at: datetime


def _out(m: ConsultChat) -> ChatOut:
    return ChatOut(
        id=m.id,
        consult_id=m.consult_id,
        sender=m.sender,
        text=m.text,
        sent_at=m.sent_at,
        received_at=m.received_at,
    )


@router.put(
    "/consults/{consult_id}/chat/{message_id}",
    response_model=ChatOut,
    responses={201: {"model": ChatOut, "description": "Created"}},
)
def put_chat(
    hub: Hub,
    session: DB,
    who: Caller,
    consult_id: IdPath,
    message_id: IdPath,
    body: ChatIn,
    response: Response,
) -> ChatOut:
    cid, mid = str(consult_id), str(message_id)
    if str(body.consult_id) != cid:
        raise HTTPException(409, "the message names another consult")
    if who.role != "spoke_operator":
        raise HTTPException(403, "only the spoke sends the call's chat")
    consult = load_consult(hub, session, who, cid, "write")
    if consult.status == "draft":
        raise HTTPException(409, "the consult was not sent yet")
    existing = session.get(ConsultChat, mid)
    if existing is not None:
        if (existing.consult_id, existing.sender, existing.text) != (cid, body.sender, body.text):
            raise HTTPException(409, "another message has this id")
        return _out(existing)
    message = ConsultChat(
        id=mid,
        consult_id=cid,
        sender=body.sender,
        text=body.text,
        sent_at=body.sent_at,
        received_at=hub.config.clock.now(),
    )
    session.add(message)
    audit.record(session, hub.config.clock, who, "write", "chat", mid, 201)
    session.flush()
    response.status_code = 201
    return _out(message)


@router.get("/consults/{consult_id}/chat", response_model=list[ChatOut])
def list_chat(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> list[ChatOut]:
    load_consult(hub, session, who, str(consult_id), "read")
    rows = session.scalars(
        select(ConsultChat)
        .where(ConsultChat.consult_id == str(consult_id))
        .order_by(ConsultChat.sent_at, ConsultChat.id)
    )
    return [_out(m) for m in rows]
