"""Calls: what each live call of a consult achieved (video, audio or text), reported by the
consult's spoke once by the report's id (``hub.api.consult_records``). The consult keeps the
best mode of its calls (a video call that fell to audio only counts as video), and the
prescription rules use it (``hub.api.prescriptions``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from hub.api import ERRORS
from hub.api.consult_records import list_of, put_once, spoke_consult
from hub.deps import DB, Caller, Hub
from hub.models import ConsultCall
from hub.schemas import Instant, Strict
from protocol.schemas import ModeName
from protocol.vocab import better_mode

router = APIRouter(tags=["records"], responses=ERRORS)
IdPath = Annotated[uuid.UUID, "client-generated UUID"]
DAY = 86_400


class CallIn(Strict):
    consult_id: uuid.UUID
    mode: ModeName
    recorded_at: Instant
    started_at: Instant | None = None
    ended_at: Instant | None = None
    video_seconds: int | None = Field(default=None, ge=0, le=DAY)
    audio_seconds: int | None = Field(default=None, ge=0, le=DAY)


class CallOut(BaseModel):
    id: str
    consult_id: str
    mode: str
    recorded_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    video_seconds: int | None
    audio_seconds: int | None
    received_at: datetime
    consult_mode: str | None = Field(
        default=None, description="the best mode the consult's calls achieved so far"
    )


def _out(c: ConsultCall, consult_mode: str | None = None) -> CallOut:
    return CallOut(
        id=c.id,
        consult_id=c.consult_id,
        mode=c.mode,
        recorded_at=c.recorded_at,
        started_at=c.started_at,
        ended_at=c.ended_at,
        video_seconds=c.video_seconds,
        audio_seconds=c.audio_seconds,
        received_at=c.received_at,
        consult_mode=consult_mode,
    )


@router.put(
    "/consults/{consult_id}/calls/{call_id}",
    response_model=CallOut,
    responses={201: {"model": CallOut, "description": "Created"}},
)
def put_call(
    hub: Hub,
    session: DB,
    who: Caller,
    consult_id: IdPath,
    call_id: IdPath,
    body: CallIn,
    response: Response,
) -> CallOut:
    """What a call achieved; the consult's achieved mode becomes the best of its calls."""
    consult = spoke_consult(hub, session, who, str(consult_id), str(body.consult_id), "call")
    call = ConsultCall(
        id=str(call_id),
        consult_id=consult.id,
        mode=body.mode,
        recorded_at=body.recorded_at,
        started_at=body.started_at,
        ended_at=body.ended_at,
        video_seconds=body.video_seconds,
        audio_seconds=body.audio_seconds,
        received_at=hub.config.clock.now(),
    )
    same = ("consult_id", "mode", "video_seconds", "audio_seconds")
    stored, new = put_once(hub, session, who, consult, call, same, "call", response, wake=True)
    if new:
        session.refresh(consult, with_for_update=True)  # calls reported at once: one order
        kept = better_mode(consult.achieved_mode, stored.mode)
        if kept != consult.achieved_mode:
            consult.achieved_mode = kept
            session.flush()
    return _out(stored, consult.achieved_mode)


@router.get("/consults/{consult_id}/calls", response_model=list[CallOut])
def list_calls(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> list[CallOut]:
    """The consult's calls as the spoke reported them, oldest first."""
    order = (ConsultCall.recorded_at, ConsultCall.id)
    return [_out(c) for c in list_of(hub, session, who, str(consult_id), ConsultCall, order)]
