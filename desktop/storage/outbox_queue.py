"""The outbox table's queries for the sync engine: row snapshots (``Item``), the reads that
decide what to send next, and the bookkeeping writes after each attempt (functions of a
writer ``Session``). The order and the retry policy are the engine's (desktop/sync/outbox.py).

The key ``_sync`` inside a payload is the engine's bookkeeping (persisted upload URL, the
hub's version of a conflicting record); it is never sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from desktop.storage.db import Database
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.clinical import ConsultRecord
from desktop.storage.models.outbox import OutboxEntry
from protocol.ids import local_id, wire_id

SYNC_KEY = "_sync"
REVIEW = "needs_review"
UNSENT = ("pending", "in_flight", "failed")


def sync_meta(payload: dict[str, Any]) -> dict[str, Any]:
    meta = payload.get(SYNC_KEY)
    return dict(meta) if isinstance(meta, dict) else {}


def with_meta(payload: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A new payload dict (JSON columns need a new object to notice a change)."""
    meta = sync_meta(payload)
    meta.update(changes)
    return {**payload, SYNC_KEY: meta}


@dataclass(frozen=True)
class Item:
    """A snapshot of one outbox row (safe to hand between threads)."""

    id: int
    entity_type: str
    entity_id: str
    operation: str
    payload: dict[str, Any]
    state: str
    attempts: int
    depends_on: int | None
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime

    @property
    def meta(self) -> dict[str, Any]:
        return sync_meta(self.payload)

    @property
    def needs_review(self) -> bool:
        return self.state == "failed" and self.meta.get("status") == REVIEW

    @property
    def can_resend(self) -> bool:
        """Whether "send this PC's version again" can succeed: not when the hub's version
        is finalized or the hub already refused ours once more."""
        meta = self.meta
        return self.needs_review and not meta.get("hub_final") and not meta.get("mine_refused")

    @staticmethod
    def of(row: OutboxEntry) -> Item:
        return Item(
            row.id,
            row.entity_type,
            row.entity_id,
            row.operation,
            dict(row.payload or {}),
            row.state,
            row.attempts,
            row.depends_on,
            row.next_attempt_at,
            row.last_error,
            row.created_at,
        )


def _both_forms(entity_id: str) -> set[str]:
    """An id as the wire writes it and as storage may keep it (32 hex digits)."""
    return {wire_id(entity_id), local_id(entity_id)}


# -- reading ---------------------------------------------------------------------------------
class OutboxReader:
    """The reads of one pass over the queue, in one read transaction (``reading``)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def pending_after(self, after: int, limit: int) -> list[Item]:
        """Pending rows with an id above ``after``, oldest first."""
        return [
            Item.of(r)
            for r in self._s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.state == "pending", OutboxEntry.id > after)
                .order_by(OutboxEntry.id)
                .limit(limit)
            )
        ]

    def unfinished(self, row_id: int) -> bool:
        """The row exists and has not reached the hub yet."""
        row = self._s.get(OutboxEntry, row_id)
        return row is not None and row.state != "done"

    def consult_not_on_hub(self, consult_id: str, ahead: set[int]) -> bool:
        """A blob waits for its consult: while any row of that consult is unsent (written
        before or after the blob's, e.g. a draft's recording segments and then mark_ready),
        and while the consult is a local draft never sent at all (its upload would 404).
        Rows in ``ahead`` count as sent (they go first in the same batch)."""
        ids = _both_forms(consult_id)
        rows = self._s.execute(
            select(OutboxEntry.id, OutboxEntry.state).where(
                OutboxEntry.entity_type == "consult", OutboxEntry.entity_id.in_(ids)
            )
        ).all()
        if any(state != "done" and row_id not in ahead for row_id, state in rows):
            return True
        if any(state == "done" or row_id in ahead for row_id, state in rows):
            return False
        local = self._s.scalar(select(ConsultRecord.id).where(ConsultRecord.id.in_(ids)))
        return local is not None  # known here, never queued for the hub: still a draft


@contextmanager
def reading(db: Database) -> Iterator[OutboxReader]:
    with db.read_session() as s:
        yield OutboxReader(s)


def unsent(db: Database, limit: int = 500) -> list[Item]:
    """Everything not yet on the hub (pending, in flight and failed), oldest first."""
    with db.read_session() as s:
        return [
            Item.of(r)
            for r in s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.state.in_(UNSENT))
                .order_by(OutboxEntry.id)
                .limit(limit)
            )
        ]


def count_unsent(db: Database) -> int:
    with db.read_session() as s:
        return int(
            s.scalar(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state.in_(UNSENT))
            )
            or 0
        )


def blob_size(db: Database, blob_id: str) -> int | None:
    """The ciphertext size recorded for a blob, if the blobs table knows it."""
    with db.read_session() as s:
        row = s.get(BlobRecord, blob_id)
        return int(row.size) if row is not None else None


def unsent_blob_rows(db: Database) -> list[Item]:
    with db.read_session() as s:
        return [
            Item.of(r)
            for r in s.scalars(
                select(OutboxEntry).where(
                    OutboxEntry.entity_type == "blob", OutboxEntry.state != "done"
                )
            )
        ]


def get(db: Database, item_id: int) -> Item | None:
    with db.read_session() as s:
        row = s.get(OutboxEntry, item_id)
        return Item.of(row) if row else None


# -- writing (on the writer thread) ----------------------------------------------------------
def mark_done(s: Session, done: Iterable[tuple[Item, dict[str, Any]]], now: datetime) -> None:
    """A run of sent items in one transaction; a consult's blobs that backed off are due at
    once, and a blob's record notes when it reached the hub."""
    for item, meta in done:
        row = s.get(OutboxEntry, item.id)
        if row is None:
            continue
        row.state = "done"
        row.last_error = None
        row.next_attempt_at = None
        if meta:
            row.payload = with_meta(row.payload, **meta)
        if item.entity_type == "consult":
            _wake_blobs_of(s, item.entity_id)
        if item.entity_type == "blob":
            blob = s.get(BlobRecord, str(item.payload.get("blob_id") or item.entity_id))
            if blob is not None and blob.uploaded_at is None:
                blob.uploaded_at = now


def _wake_blobs_of(s: Session, consult_id: str) -> None:
    ids = _both_forms(consult_id)
    for row in s.scalars(
        select(OutboxEntry).where(
            OutboxEntry.entity_type == "blob",
            OutboxEntry.state == "pending",
            OutboxEntry.next_attempt_at.is_not(None),
        )
    ):
        if str((row.payload or {}).get("consult_id", "")) in ids:
            row.next_attempt_at = None


def mark_retry(s: Session, item_id: int, error: str, due: datetime) -> None:
    row = s.get(OutboxEntry, item_id)
    if row is None:
        return
    row.attempts += 1
    row.last_error = error[:500]
    row.next_attempt_at = due


def mark_failed(s: Session, item_id: int, error: str, meta: dict[str, Any]) -> None:
    """Set aside (rejected, or needs review); nothing is deleted, the payload is kept."""
    row = s.get(OutboxEntry, item_id)
    if row is None:
        return
    row.state = "failed"
    row.attempts += 1
    row.last_error = error[:500]
    if meta:
        row.payload = with_meta(row.payload, **meta)


def save_meta(s: Session, item_id: int, meta: dict[str, Any]) -> None:
    row = s.get(OutboxEntry, item_id)
    if row is not None:
        row.payload = with_meta(row.payload, **meta)


def requeue(s: Session, item_id: int, meta: dict[str, Any]) -> None:
    """Pending and due at once (unless already sent)."""
    row = s.get(OutboxEntry, item_id)
    if row is None or row.state == "done":
        return
    row.state = "pending"
    row.next_attempt_at = None
    if meta:
        row.payload = with_meta(row.payload, **meta)


def retry_now(s: Session, error_prefixes: tuple[str, ...] | None = None) -> None:
    """Pending rows waiting out a backoff are due at once: all of them, or only those whose
    last error starts with one of ``error_prefixes``."""
    where = [OutboxEntry.state == "pending"]
    if error_prefixes is not None:
        where.append(OutboxEntry.next_attempt_at.is_not(None))
        where.append(or_(*(OutboxEntry.last_error.startswith(p) for p in error_prefixes)))
    s.execute(update(OutboxEntry).where(*where).values(next_attempt_at=None))
