"""Each spoke's medicine stock: its operators send the whole list (``PUT /facilities/me/stock``,
idempotent, a newer revision replaces an older one, never the reverse), and the doctor
assigned to one of its consults reads it (``GET /consults/{id}/stock``, audited; 404 outside
the doctor's hub, 403 to anyone else) so the prescription editor flags drugs not in stock."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException
from sqlalchemy.orm import Session

from hub import audit
from hub.access import load_consult
from hub.api import ERRORS
from hub.deps import DB, Caller, DoctorOnly, Hub
from hub.models import FacilityStock
from protocol.stock import StockEntry, StockListIn, StockListOut

router = APIRouter(tags=["stock"], responses=ERRORS)
IdPath = Annotated[uuid.UUID, "client-generated UUID"]


def _out(facility_id: str, row: FacilityStock | None, answer_id: str = "") -> StockListOut:
    if row is None:
        return StockListOut(id=answer_id, facility_id=facility_id, revision=0, items=[])
    return StockListOut(
        id=answer_id or row.revision_id,
        facility_id=facility_id,
        revision=row.revision,
        items=[StockEntry.model_validate(i) for i in row.items],
        updated_at=row.updated_at,
    )


def _stock(session: Session, facility_id: str) -> FacilityStock | None:
    return session.get(FacilityStock, facility_id)


@router.put("/facilities/me/stock", response_model=StockListOut)
def put_stock(hub: Hub, session: DB, who: Caller, body: StockListIn) -> StockListOut:
    """The caller's facility's whole stock list. The answer echoes the list's ``id`` whether
    it was stored or was older than what the hub holds (then the hub's newer list answers)."""
    if who.role != "spoke_operator" or who.facility_id is None:
        raise HTTPException(403, "only a spoke's operators send its stock")
    facility_id = who.facility_id
    rid = str(body.id)
    row = _stock(session, facility_id)
    items = [e.model_dump(mode="json") for e in body.items]
    now = hub.config.clock.now()
    if row is None:
        row = FacilityStock(
            facility_id=facility_id,
            revision=body.revision,
            revision_id=rid,
            items=items,
            updated_at=now,
        )
        session.add(row)
    elif body.revision > row.revision:  # the same or an older revision again: kept as is
        row.revision, row.revision_id, row.items, row.updated_at = body.revision, rid, items, now
    audit.record(session, hub.config.clock, who, "write", "stock", facility_id)
    session.flush()
    return _out(facility_id, row, rid)


@router.get("/facilities/me/stock", response_model=StockListOut)
def my_stock(hub: Hub, session: DB, who: Caller) -> StockListOut:
    """What the hub holds of the caller's own facility's stock (a spoke checks its sync)."""
    if who.role != "spoke_operator" or who.facility_id is None:
        raise HTTPException(403, "only a spoke's operators read its stock here")
    row = _stock(session, who.facility_id)
    audit.record(session, hub.config.clock, who, "read", "stock", who.facility_id)
    return _out(who.facility_id, row)


@router.get("/consults/{consult_id}/stock", response_model=StockListOut)
def consult_stock(hub: Hub, session: DB, who: DoctorOnly, consult_id: IdPath) -> StockListOut:
    """The stock of the spoke that sent the consult, for the doctor assigned to it."""
    consult = load_consult(hub, session, who, str(consult_id), "read")
    row = _stock(session, consult.facility_id)
    audit.record(session, hub.config.clock, who, "read", "stock", consult.facility_id)
    return _out(consult.facility_id, row)
