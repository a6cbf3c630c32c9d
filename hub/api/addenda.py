"""Addenda: text a spoke adds to a consult it already sent. Idempotent by the client's id,
access and listing as for every record a spoke adds to a sent consult
(``hub.api.consult_records``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from hub.api import ERRORS
from hub.api.consult_records import list_of, put_once, spoke_consult
from hub.deps import DB, Caller, Hub
from hub.models import ConsultAddendum
from hub.schemas import Instant, Strict

router = APIRouter(tags=["records"], responses=ERRORS)
IdPath = Annotated[uuid.UUID, "client-generated UUID"]


class AddendumIn(Strict):
    consult_id: uuid.UUID
    text: str = Field(min_length=1, max_length=4000)
    author: str = Field(max_length=64)
    added_at: Instant


class AddendumOut(BaseModel):
    id: str
    consult_id: str
    text: str
    author: str
    added_at: datetime
    received_at: datetime


def _out(a: ConsultAddendum) -> AddendumOut:
    return AddendumOut(
        id=a.id,
        consult_id=a.consult_id,
        text=a.text,
        author=a.author,
        added_at=a.added_at,
        received_at=a.received_at,
    )


@router.put(
    "/consults/{consult_id}/addenda/{addendum_id}",
    response_model=AddendumOut,
    responses={201: {"model": AddendumOut, "description": "Created"}},
)
def put_addendum(
    hub: Hub,
    session: DB,
    who: Caller,
    consult_id: IdPath,
    addendum_id: IdPath,
    body: AddendumIn,
    response: Response,
) -> AddendumOut:
    consult = spoke_consult(hub, session, who, str(consult_id), str(body.consult_id), "addendum")
    added = ConsultAddendum(
        id=str(addendum_id),
        consult_id=consult.id,
        text=body.text,
        author=body.author,
        added_at=body.added_at,
        received_at=hub.config.clock.now(),
    )
    stored, _ = put_once(
        hub, session, who, consult, added, ("consult_id", "text", "author"), "addendum", response
    )
    return _out(stored)


@router.get("/consults/{consult_id}/addenda", response_model=list[AddendumOut])
def list_addenda(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> list[AddendumOut]:
    order = (ConsultAddendum.added_at, ConsultAddendum.id)
    return [_out(a) for a in list_of(hub, session, who, str(consult_id), ConsultAddendum, order)]
