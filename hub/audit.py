"""Audit rows for every access to patient data, allowed or denied.

Denied attempts are written in their own transaction so a rollback of the request does not
erase the trace: the request's transaction is rolled back first (its answer is an error
anyway), so the two never hold the database at once (SQLite has a single writer).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from hub.clock import Clock
from hub.deps import Principal
from hub.models import AuditEvent

# Rows go in with one plain INSERT (compiled once) rather than through the ORM's unit of
# work, whose flush of one small object cost a sixth of a record PUT's CPU (hub_load.py).
AUDIT_EVENTS = cast(Table, AuditEvent.__table__)
_INSERT = insert(AUDIT_EVENTS)


def record(
    session: Session,
    clock: Clock,
    who: Principal,
    action: str,
    object_type: str,
    object_id: str,
    status_code: int = 200,
) -> None:
    """Write an 'allowed' row in the request's own transaction (gone if it rolls back)."""
    row = _row(clock, who, action, object_type, object_id, "allowed", status_code)
    session.execute(_INSERT, row)


def allowed(
    clock: Clock,
    who: Principal,
    action: str,
    object_type: str,
    object_id: str,
    status_code: int = 200,
) -> tuple[Table, dict[str, Any]]:
    """An 'allowed' row for ``hub.db.insert_new(..., also=...)``: written with the new record
    (in the same statement on PostgreSQL) and only if the record is new."""
    return AUDIT_EVENTS, _row(clock, who, action, object_type, object_id, "allowed", status_code)


def record_all(
    session: Session, clock: Clock, who: Principal, action: str, object_type: str, ids: list[str]
) -> None:
    """One 'allowed' row per record a list answer shows."""
    if ids:
        rows = [_row(clock, who, action, object_type, i, "allowed", 200) for i in ids]
        session.execute(_INSERT, rows)


def denied(
    session: Session,
    clock: Clock,
    who: Principal,
    action: str,
    object_type: str,
    object_id: str,
    status_code: int,
) -> None:
    """End the request's transaction and commit a 'denied' row on its own."""
    separately(session, clock, who, action, object_type, object_id, "denied", status_code)


def separately(
    session: Session,
    clock: Clock,
    who: Principal,
    action: str,
    object_type: str,
    object_id: str,
    outcome: str,
    status_code: int,
) -> None:
    """Roll back the request's work, then commit this row alone, so the error keeps it.

    Used for denials and for permitted accesses that end in an error (a 409 after the record
    was read); the caller answers with an error next.
    """
    session.rollback()
    session.add(_event(clock, who, action, object_type, object_id, outcome, status_code))
    session.commit()


def _row(
    clock: Clock, who: Principal, action: str, otype: str, oid: str, outcome: str, code: int
) -> dict[str, Any]:
    return {
        "at": clock.now(),
        "user_id": who.user.id,
        "device_id": who.device_id,
        "action": action,
        "object_type": otype,
        "object_id": oid[:64],
        "outcome": outcome,
        "status_code": code,
    }


def _event(
    clock: Clock, who: Principal, action: str, otype: str, oid: str, outcome: str, code: int
) -> AuditEvent:
    return AuditEvent(**_row(clock, who, action, otype, oid, outcome, code))
