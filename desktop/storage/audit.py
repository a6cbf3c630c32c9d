"""Writing and verifying the hash-chained audit log. ``record`` is called inside the same
writer transaction as the change it describes; ``verify`` walks the whole chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage.errors import AuditChainError
from desktop.storage.models.audit import ACTIONS, AuditEntry, AuditHead
from desktop.storage.models.base import utcnow

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who does something, on which device (the profile id)."""

    username: str
    role: str
    device: str


def _digest(entry_id: int, prev_hash: str, fields: dict[str, str | None]) -> str:
    body = json.dumps({"id": entry_id, **fields}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, str | None]:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "role": entry.role,
        "action": entry.action,
        "patient_id": entry.patient_id,
        "entity_type": entry.entity_type,
        "entity_id": entry.entity_id,
        "device": entry.device,
    }


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    patient_id: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry. Must run on the writer (the chain assumes one appender)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    head = session.get(AuditHead, 1)
    if head is None:
        head = AuditHead(id=1, count=0, last_hash=GENESIS)
        session.add(head)
    entry = AuditEntry(
        id=head.count + 1,
        at=at or utcnow(),
        actor=actor.username,
        role=actor.role,
        action=action,
        patient_id=patient_id,
        entity_type=entity_type,
        entity_id=entity_id,
        device=actor.device,
        prev_hash=head.last_hash,
    )
    entry.hash = _digest(entry.id, entry.prev_hash, _fields(entry))
    session.add(entry)
    head.count = entry.id
    head.last_hash = entry.hash
    session.flush()
    return entry


def head(session: Session) -> tuple[int, str]:
    """The chain's end as the hub is told it: (entries written, hash of the newest)."""
    row = session.get(AuditHead, 1)
    return (row.count, row.last_hash) if row is not None else (0, GENESIS)


def verify(session: Session) -> int:
    """Check every link; returns the number of entries. ``AuditChainError`` names the first
    entry that was edited, removed or added out of turn (and a cut-off tail)."""
    expected_prev = GENESIS
    expected_id = 1
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.id != expected_id:
            raise AuditChainError(f"entry {expected_id} is missing")
        if entry.prev_hash != expected_prev:
            raise AuditChainError(f"entry {entry.id} does not follow entry {entry.id - 1}")
        if _digest(entry.id, entry.prev_hash, _fields(entry)) != entry.hash:
            raise AuditChainError(f"entry {entry.id} was edited")
        expected_prev = entry.hash
        expected_id += 1
    count = expected_id - 1
    head = session.get(AuditHead, 1)
    head_count, head_hash = (head.count, head.last_hash) if head else (0, GENESIS)
    if head_count != count or head_hash != expected_prev:
        raise AuditChainError(f"the log ends at entry {count} but {head_count} were written")
    return count
