"""The hub's audit rows as a hash chain, like the spoke's: each row's hash covers its
canonical content and the previous row's hash, so an edited, deleted or inserted row shows.

Rows are chained when their transaction commits: they are held back from earlier flushes,
then the chain head row is locked last (after whatever else the request locked, so no lock
cycle can form through it), the rows get the next seqs and their hashes and are inserted, and
the head moves on. ``verify`` walks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hub.models import AuditEvent, AuditHead

GENESIS = "0" * 64
PENDING = "hub.audit_pending"
CONTENT = (
    "seq",
    "at",
    "user_id",
    "device_id",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "status_code",
)


def digest(prev_hash: str, row: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the row's canonical JSON (sorted keys, UTC time)."""
    fields = {name: row[name] for name in CONTENT}
    at = fields["at"]
    if isinstance(at, datetime):
        fields["at"] = at.astimezone(UTC).isoformat(timespec="microseconds")
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _content(e: AuditEvent) -> dict[str, Any]:
    return {name: getattr(e, name) for name in CONTENT}


def install(factory: sessionmaker[Session]) -> None:
    """Chain the audit rows of every session ``factory`` makes, as each commits."""
    event.listen(factory, "before_flush", _collect)
    event.listen(factory, "before_commit", _seal)
    event.listen(factory, "after_rollback", _forget)


def _collect(session: Session, flush_context: Any, instances: Any) -> None:
    """Hold new audit rows back from the flush: they are inserted, chained, at commit."""
    new = [o for o in session.new if isinstance(o, AuditEvent) and o.hash is None]
    if new:
        for row in new:
            session.expunge(row)
        session.info.setdefault(PENDING, []).extend(new)


def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)


def _seal(session: Session) -> None:
    session.flush()  # the request's own rows first; every new audit row is collected
    pending: list[AuditEvent] = session.info.pop(PENDING, [])
    if not pending:
        return
    head = _locked_head(session)
    if head is None:  # migrations create it; only an emptied database lacks it
        try:
            with session.begin_nested():  # of two first appenders, one creates it
                session.add(AuditHead(id=1, seq=0, last_hash=GENESIS))
        except IntegrityError:
            pass
        head = _locked_head(session)
        assert head is not None
    for row in pending:  # in the order the request wrote them
        row.seq = head.seq + 1
        row.prev_hash = head.last_hash
        row.hash = digest(head.last_hash, _content(row))
        head.seq, head.last_hash = row.seq, row.hash
    session.add_all(pending)
    session.flush()


def _locked_head(session: Session) -> AuditHead | None:
    return session.scalar(
        select(AuditHead)
        .where(AuditHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


@dataclass(frozen=True)
class ChainBroken(Exception):
    """The first place where the chain does not hold."""

    seq: int
    row_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"audit row seq {self.seq}" + (f" (id {self.row_id})" if self.row_id else "")
        return f"{where}: {self.reason}"


def verify(session: Session) -> int:
    """Walk the chain in seq order; returns its length or raises ``ChainBroken`` at the first
    row that was edited, the first seq that is missing, or a row outside the chain."""
    outside = session.scalar(
        select(AuditEvent.id).where(AuditEvent.seq.is_(None)).order_by(AuditEvent.id).limit(1)
    )
    if outside is not None:
        raise ChainBroken(0, outside, "row is not in the chain (inserted outside the hub)")
    prev, expected = GENESIS, 1
    for row in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000):
        if row.seq != expected:
            raise ChainBroken(expected, None, "row is missing (deleted)")
        if row.prev_hash != prev:
            raise ChainBroken(expected, row.id, "does not follow the row before it")
        if digest(prev, _content(row)) != row.hash:
            raise ChainBroken(expected, row.id, "content was edited")
        prev, expected = row.hash, expected + 1
    count = expected - 1
    head = session.get(AuditHead, 1)
    seq, last = (head.seq, head.last_hash) if head else (0, GENESIS)
    if seq != count or last != prev:
        raise ChainBroken(count + 1, None, f"the chain ends at {count} but {seq} were written")
    return count


HEAD_HEADER = "x-spoke-audit-head"


def parse_spoke_head(value: str) -> tuple[int, str] | None:
    """``<seq>:<sha256 hex>`` as a spoke sends it; None if it is not that."""
    seq, sep, digest_hex = value.partition(":")
    if (
        not sep
        or not (seq.isascii() and seq.isdigit() and len(seq) <= 15)
        or len(digest_hex) != 64
        or not all(c in "0123456789abcdef" for c in digest_hex)
    ):
        return None
    return int(seq), digest_hex
