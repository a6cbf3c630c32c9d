"""Chat: the messages of a consult's live call, sent by the spoke after storing them with
the consult, so the conversation is part of the hub's record. Idempotent by the message's
id, access and listing as for every record a spoke adds to a sent consult
(``hub.api.consult_records``); the consult's doctor reads them with the consult."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from hub.api import ERRORS
from hub.api.consult_records import list_of, put_once, spoke_consult
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
    consult = spoke_consult(hub, session, who, str(consult_id), str(body.consult_id), "chat")
    message = ConsultChat(
        id=str(message_id),
        consult_id=consult.id,
        sender=body.sender,
        text=body.text,
        sent_at=body.sent_at,
        received_at=hub.config.clock.now(),
    )
    same = ("consult_id", "sender", "text")
    stored, _ = put_once(hub, session, who, consult, message, same, "chat", response, wake=True)
    return _out(stored)


@router.get("/consults/{consult_id}/chat", response_model=list[ChatOut])
def list_chat(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> list[ChatOut]:
    order = (ConsultChat.sent_at, ConsultChat.id)
    return [_out(m) for m in list_of(hub, session, who, str(consult_id), ConsultChat, order)]
