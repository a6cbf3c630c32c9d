"""The sync engine's view of the outbox table: what to send next (in order, dependencies
first), and the bookkeeping writes after each attempt, all through the single DbWriter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from desktop.storage.db import Database
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.clinical import ConsultRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.writer import DbWriter
from desktop.sync.clock import SYSTEM_CLOCK, Clock
from desktop.sync.wire import canonical_id, sync_meta, with_meta

WINDOW = 16  # pending rows read per page
SCAN_LIMIT = 4096  # held rows looked past per pass before giving up (they stay queued)
REVIEW = "needs_review"


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


def _consult_of(item: Item) -> str | None:
    """The consult a blob or addendum row belongs to (its payload says so): it must be on
    the hub first. Every other order is the row's explicit ``depends_on``."""
    if item.entity_type in ("blob", "addendum") and isinstance(item.payload.get("consult_id"), str):
        return canonical_id(item.payload["consult_id"])
    return None


# Failures of the host, not of the row (its last_error starts with the error's name).
HOST_ERRORS = ("HubUnreachableError", "HubBusyError", "HubServerError")


class OutboxQueue:
    """Reads on any thread (WAL readers); writes go to the DbWriter and are waited for."""

    def __init__(self, db: Database, writer: DbWriter, clock: Clock | None = None) -> None:
        self.db = db
        self.writer = writer
        self.clock = clock or SYSTEM_CLOCK  # due times: next_attempt_at

    # -- reading -------------------------------------------------------------------------
    def ready_batch(
        self, limit: int = WINDOW, now: datetime | None = None, retries_only: bool = False
    ) -> tuple[list[Item], datetime | None]:
        """Up to ``limit`` items to send in this order, or ([], when the first is due).

        Items earlier in the batch count as sent for the later ones' dependencies: the
        caller sends them in order and stops at the first that fails. A row waiting out its
        backoff holds back only itself, the later rows of its record and its dependents.
        ``retries_only``: only rows that failed before and are due now (the hub is away)."""
        now = now or self.clock.now()
        batch: list[Item] = []
        ahead: set[int] = set()
        waiting: set[tuple[str, str]] = set()  # records whose oldest row waits to retry
        first_due: datetime | None = None
        after = 0
        with self.db.read_session() as s:
            # Page past held rows: a long run of them (the segments of a draft consult)
            # must not hide a sendable row behind it.
            while after < SCAN_LIMIT:
                rows = [
                    Item.of(r)
                    for r in s.scalars(
                        select(OutboxEntry)
                        .where(OutboxEntry.state == "pending", OutboxEntry.id > after)
                        .order_by(OutboxEntry.id)
                        .limit(WINDOW)
                    )
                ]
                if not rows:
                    break
                for item in rows:
                    after = item.id
                    record = (item.entity_type, canonical_id(item.entity_id))
                    if record in waiting or self._blocked(s, item, ahead):
                        continue
                    if item.next_attempt_at is not None and item.next_attempt_at > now:
                        # This row waits out its own backoff; the rows of other records go
                        # on (those that depend on it stay held by ``_blocked``, later rows
                        # of the same record by ``waiting``).
                        waiting.add(record)
                        if first_due is None or item.next_attempt_at < first_due:
                            first_due = item.next_attempt_at
                        continue
                    if retries_only and item.next_attempt_at is None:
                        continue
                    batch.append(item)
                    ahead.add(item.id)
                    if len(batch) >= limit:
                        return batch, None
        return batch, (None if batch else first_due)

    def _blocked(self, s: Session, item: Item, ahead: set[int]) -> bool:
        if item.depends_on is not None and item.depends_on not in ahead:
            dep = s.get(OutboxEntry, item.depends_on)
            if dep is not None and dep.state != "done":
                return True
        consult = _consult_of(item)
        return consult is not None and self._consult_not_on_hub(
            s, {consult, consult.replace("-", "")}, ahead
        )

    @staticmethod
    def _consult_not_on_hub(s: Session, ids: set[str], ahead: set[int]) -> bool:
        """A blob waits for its consult: while any row of that consult is unsent (written
        before or after the blob's, e.g. a draft's recording segments and then mark_ready),
        and while the consult is a local draft never sent at all (its upload would 404)."""
        rows = s.execute(
            select(OutboxEntry.id, OutboxEntry.state).where(
                OutboxEntry.entity_type == "consult", OutboxEntry.entity_id.in_(ids)
            )
        ).all()
        if any(state != "done" and row_id not in ahead for row_id, state in rows):
            return True
        if any(state == "done" or row_id in ahead for row_id, state in rows):
            return False
        local = s.scalar(select(ConsultRecord.id).where(ConsultRecord.id.in_(ids)))
        return local is not None  # known here, never queued for the hub: still a draft

    def unsent(self, limit: int = 500) -> list[Item]:
        """Everything not yet on the hub (pending and failed), oldest first."""
        with self.db.read_session() as s:
            return [
                Item.of(r)
                for r in s.scalars(
                    select(OutboxEntry)
                    .where(OutboxEntry.state.in_(("pending", "in_flight", "failed")))
                    .order_by(OutboxEntry.id)
                    .limit(limit)
                )
            ]

    def count_unsent(self) -> int:
        with self.db.read_session() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(OutboxEntry)
                    .where(OutboxEntry.state.in_(("pending", "in_flight", "failed")))
                )
                or 0
            )

    def blob_size(self, blob_id: str) -> int | None:
        """The ciphertext size recorded for a blob, if the blobs table knows it."""
        with self.db.read_session() as s:
            row = s.get(BlobRecord, blob_id)
            return int(row.size) if row is not None else None

    def unsent_blobs_of(self, consult_id: str) -> list[str]:
        """Blob ids of the unsent blob rows of a consult (``consult_id`` with dashes)."""
        with self.db.read_session() as s:
            rows = s.scalars(
                select(OutboxEntry).where(
                    OutboxEntry.entity_type == "blob", OutboxEntry.state != "done"
                )
            )
            return [
                str((r.payload or {}).get("blob_id") or r.entity_id)
                for r in rows
                if canonical_id(str((r.payload or {}).get("consult_id", ""))) == consult_id
            ]

    def get(self, item_id: int) -> Item | None:
        with self.db.read_session() as s:
            row = s.get(OutboxEntry, item_id)
            return Item.of(row) if row else None

    # -- writing -------------------------------------------------------------------------
    def _write(self, fn: Any) -> Any:
        return self.writer.run(fn)

    def mark_done(self, item: Item, **meta: Any) -> None:
        self.mark_done_many([(item, meta)])

    def mark_done_many(self, done: list[tuple[Item, dict[str, Any]]]) -> None:
        """One transaction for a run of sent items. Losing it to a crash only means
        sending them again, which the hub answers with the same records."""

        def apply(s: Session) -> None:
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
                    blob_id = str(item.payload.get("blob_id") or item.entity_id)
                    blob = s.get(BlobRecord, blob_id)
                    if blob is not None and blob.uploaded_at is None:
                        blob.uploaded_at = self.clock.now()

        if done:
            self._write(apply)

    def mark_retry(self, item: Item, error: str, delay: float) -> None:
        def apply(s: Session) -> None:
            row = s.get(OutboxEntry, item.id)
            if row is None:
                return
            row.attempts += 1
            row.last_error = error[:500]
            row.next_attempt_at = self.clock.now() + timedelta(seconds=delay)

        self._write(apply)

    def mark_failed(self, item: Item, error: str, **meta: Any) -> None:
        """Set aside (rejected, or needs review); nothing is deleted, the payload is kept."""

        def apply(s: Session) -> None:
            row = s.get(OutboxEntry, item.id)
            if row is None:
                return
            row.state = "failed"
            row.attempts += 1
            row.last_error = error[:500]
            if meta:
                row.payload = with_meta(row.payload, **meta)

        self._write(apply)

    def save_meta(self, item_id: int, **meta: Any) -> None:
        def apply(s: Session) -> None:
            row = s.get(OutboxEntry, item_id)
            if row is not None:
                row.payload = with_meta(row.payload, **meta)

        self._write(apply)

    def requeue(self, item_id: int, **meta: Any) -> None:
        """Send again as soon as possible (retry now, or "send mine again" after review)."""

        def apply(s: Session) -> None:
            row = s.get(OutboxEntry, item_id)
            if row is None or row.state == "done":
                return
            row.state = "pending"
            row.next_attempt_at = None
            if meta:
                row.payload = with_meta(row.payload, **meta)

        self._write(apply)

    def retry_host_failures_now(self) -> None:
        """The hub answers again: rows that backed off because it was away or busy (not for
        a fault of their own) are due at once."""

        def apply(s: Session) -> None:
            s.execute(
                update(OutboxEntry)
                .where(
                    OutboxEntry.state == "pending",
                    OutboxEntry.next_attempt_at.is_not(None),
                    or_(*(OutboxEntry.last_error.startswith(n) for n in HOST_ERRORS)),
                )
                .values(next_attempt_at=None)
            )

        self._write(apply)

    def retry_all_now(self) -> None:
        def apply(s: Session) -> None:
            s.execute(
                update(OutboxEntry)
                .where(OutboxEntry.state == "pending")
                .values(next_attempt_at=None)
            )

        self._write(apply)


def _wake_blobs_of(s: Session, consult_id: str) -> None:
    """The consult is on the hub now: its blobs that backed off (e.g. a 404 while it was
    not) are due at once."""
    ids = {canonical_id(consult_id), canonical_id(consult_id).replace("-", "")}
    for row in s.scalars(
        select(OutboxEntry).where(
            OutboxEntry.entity_type == "blob",
            OutboxEntry.state == "pending",
            OutboxEntry.next_attempt_at.is_not(None),
        )
    ):
        if str((row.payload or {}).get("consult_id", "")) in ids:
            row.next_attempt_at = None
