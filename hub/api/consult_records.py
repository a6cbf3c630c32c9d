"""What a spoke adds to a consult it already sent (addenda, the call's chat, what a call
achieved): one child record per client id, put once (the same record again answers the
same row; a different one under that id is 409), listed for whoever may read the consult.

Only the consult's spoke writes them (another spoke: 404; any other role: 403, audited as
denied), never on a draft. A new chat message or call outcome wakes the hub's doctors'
queue watch, so the consult's doctor re-reads what grew while the consult is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from fastapi import HTTPException, Response
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from hub import audit
from hub.access import load_consult
from hub.context import HubContext
from hub.deps import Principal
from hub.models import Base, Consult
from hub.queue_watch import TOUCHED

Row = TypeVar("Row", bound=Base)


def spoke_consult(
    hub: HubContext, session: Session, who: Principal, consult_id: str, named: str, noun: str
) -> Consult:
    """The sent consult ``consult_id`` for its spoke to add a ``noun`` to; ``named`` is the
    consult the body names (it must be the path's)."""
    if named != consult_id:
        raise HTTPException(409, f"the {noun} names another consult")
    if who.role != "spoke_operator":
        audit.denied(session, hub.config.clock, who, "write", "consult", consult_id, 403)
        raise HTTPException(403, f"only the spoke sends the {noun}")
    consult = load_consult(hub, session, who, consult_id, "write")
    if consult.status == "draft":
        raise HTTPException(409, "the consult was not sent yet")
    return consult


def put_once(
    hub: HubContext,
    session: Session,
    who: Principal,
    consult: Consult,
    row: Row,
    same: Sequence[str],
    noun: str,
    response: Response,
    *,
    wake: bool = False,
) -> tuple[Row, bool]:
    """``row`` stored under its id (201, audited; ``wake``: the hub's queue watch told), or
    the row already there when its ``same`` fields match (200); else 409. True when stored
    now."""
    model = type(row)
    rid: str = row.id  # type: ignore[attr-defined]
    existing = session.get(model, rid)
    if existing is not None:
        if any(getattr(existing, name) != getattr(row, name) for name in same):
            raise HTTPException(409, f"another {noun} has this id")
        return existing, False
    session.add(row)
    audit.record(session, hub.config.clock, who, "write", noun, rid, 201)
    if wake:  # the doctors' long-poll answers: the consult's doctor re-reads it
        session.info.setdefault(TOUCHED, set()).add(consult.hub_id)
    session.flush()
    response.status_code = 201
    return row, True


def list_of(
    hub: HubContext,
    session: Session,
    who: Principal,
    consult_id: str,
    model: type[Row],
    order: Sequence[InstrumentedAttribute[Any]],
) -> list[Row]:
    """The consult's records of ``model`` in ``order``, for whoever may read the consult."""
    load_consult(hub, session, who, consult_id, "read")
    column: InstrumentedAttribute[Any] = model.consult_id  # type: ignore[attr-defined]
    return list(session.scalars(select(model).where(column == consult_id).order_by(*order)))
