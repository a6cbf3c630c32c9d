"""Addenda: text a spoke adds to a consult it already sent. Idempotent by the client's id
(the same addendum again answers the same record; a different one under that id is 409);
access as for writing the consult."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from hub import audit
from hub.access import load_consult
from hub.api import ERRORS
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
    cid, aid = str(consult_id), str(addendum_id)
    if str(body.consult_id) != cid:
        raise HTTPException(409, "the addendum names another consult")
    if who.role != "spoke_operator":
        raise HTTPException(403, "only the spoke adds addenda")
    consult = load_consult(hub, session, who, cid, "write")
    if consult.status == "draft":
        raise HTTPException(409, "the consult was not sent yet")
    existing = session.get(ConsultAddendum, aid)
    if existing is not None:
        if (existing.consult_id, existing.text, existing.author) != (cid, body.text, body.author):
            raise HTTPException(409, "another addendum has this id")
        return _out(existing)
    added = ConsultAddendum(
        id=aid,
        consult_id=cid,
        text=body.text,
        author=body.author,
        added_at=body.added_at,
        received_at=hub.config.clock.now(),
    )
    session.add(added)
    audit.record(session, hub.config.clock, who, "write", "addendum", aid, 201)
    session.flush()
    response.status_code = 201
    return _out(added)


@router.get("/consults/{consult_id}/addenda", response_model=list[AddendumOut])
def list_addenda(hub: Hub, session: DB, who: Caller, consult_id: IdPath) -> list[AddendumOut]:
    load_consult(hub, session, who, str(consult_id), "read")
    rows = session.scalars(
        select(ConsultAddendum)
        .where(ConsultAddendum.consult_id == str(consult_id))
        .order_by(ConsultAddendum.added_at, ConsultAddendum.id)
    )
    return [_out(a) for a in rows]
