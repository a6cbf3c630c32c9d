"""The hub's audit rows as a hash chain, like the spoke's: each row's hash covers its
canonical content and the previous row's hash, so an edited, deleted or inserted row shows.

Requests insert their rows unchained (no lock: chaining them in the request would make every
audited request on every worker wait for the one before it to commit). ``seal`` chains the
committed rows a few seconds later, from each worker's sweeper, and before every ``verify``:
the window in which a row can be changed unnoticed is those few seconds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.models import AuditEvent, AuditHead

GENESIS = "0" * 64
_TABLE: Table = AuditEvent.__table__  # type: ignore[assignment]
_SET_LINK = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row_id"))
    .values(seq=bindparam("seq"), prev_hash=bindparam("prev"), hash=bindparam("hash"))
)
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


def seal(session: Session, limit: int = 20_000) -> int:
    """Chain the committed rows not chained yet, in id order; returns how many. The caller
    commits. Every worker's sweeper calls this every few seconds; the head row lock makes the
    passes take turns, and a row committed after a pass (even with a lower id) waits for the
    next one."""
    head = _locked_head(session)
    if head is None:  # migrations create it; only an emptied database lacks it
        try:
            with session.begin_nested():  # of two first sealers, one creates it
                session.add(AuditHead(id=1, seq=0, last_hash=GENESIS))
        except IntegrityError:
            pass
        head = _locked_head(session)
        assert head is not None
    # Plain rows and one executemany UPDATE, not ORM objects and a flush: a sweeper seals
    # every audited request's row, and the ORM's per-object work was a worker's CPU that the
    # requests did not get (hub_load.py).
    rows = session.execute(
        select(*(_TABLE.c[name] for name in ("id", *CONTENT)))
        .where(_TABLE.c.seq.is_(None))
        .order_by(_TABLE.c.id)
        .limit(limit)
    ).all()
    chained = []
    for row in rows:
        content = dict(row._mapping)
        content["seq"] = head.seq + 1
        hash_ = digest(head.last_hash, content)
        chained.append(
            {"row_id": row.id, "seq": content["seq"], "prev": head.last_hash, "hash": hash_}
        )
        head.seq, head.last_hash = content["seq"], hash_
    session.flush()
    if chained:
        session.execute(_SET_LINK, chained)
        # Rows this session already holds as objects must not keep their unsealed state.
        ids = {c["row_id"] for c in chained}
        for obj in list(session.identity_map.values()):
            if isinstance(obj, AuditEvent) and obj.id in ids:
                session.expire(obj)
    return len(rows)


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
    row that was edited or the first seq that is missing (rows not sealed yet are not walked:
    ``seal`` first)."""
    prev, expected = GENESIS, 1
    chained = select(AuditEvent).where(AuditEvent.seq.is_not(None)).order_by(AuditEvent.seq)
    for row in session.scalars(chained).yield_per(1000):
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
