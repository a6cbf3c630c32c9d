"""The sync engine's view of the outbox: what to send next (in order, dependencies first),
and the bookkeeping writes after each attempt, all through the single DbWriter. The queries
are storage's (desktop/storage/outbox_queue.py); the order and the retry policy are here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from desktop.storage import outbox_queue
from desktop.storage.db import Database
from desktop.storage.outbox_queue import REVIEW, Item
from desktop.storage.writer import DbWriter
from desktop.sync.clock import SYSTEM_CLOCK, Clock
from desktop.sync.wire import canonical_id

__all__ = ["HOST_ERRORS", "REVIEW", "SCAN_LIMIT", "WINDOW", "Item", "OutboxQueue"]

WINDOW = 16  # pending rows read per page
SCAN_LIMIT = 4096  # held rows looked past per pass before giving up (they stay queued)


def _consult_of(item: Item) -> str | None:
    """The consult a blob, addendum, chat or call row belongs to (its payload says so): it must be
    on the hub first. Every other order is the row's explicit ``depends_on``."""
    if item.entity_type in ("blob", "addendum", "chat", "call") and isinstance(
        item.payload.get("consult_id"), str
    ):
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
        with outbox_queue.reading(self.db) as rows_of:
            # Page past held rows: a long run of them (the segments of a draft consult)
            # must not hide a sendable row behind it.
            while after < SCAN_LIMIT:
                rows = rows_of.pending_after(after, WINDOW)
                if not rows:
                    break
                for item in rows:
                    after = item.id
                    record = (item.entity_type, canonical_id(item.entity_id))
                    if record in waiting or self._blocked(rows_of, item, ahead):
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

    @staticmethod
    def _blocked(rows: outbox_queue.OutboxReader, item: Item, ahead: set[int]) -> bool:
        dep = item.depends_on
        if dep is not None and dep not in ahead and rows.unfinished(dep):
            return True
        consult = _consult_of(item)
        return consult is not None and rows.consult_not_on_hub(consult, ahead)

    def unsent(self, limit: int = 500) -> list[Item]:
        """Everything not yet on the hub (pending and failed), oldest first."""
        return outbox_queue.unsent(self.db, limit)

    def count_unsent(self) -> int:
        return outbox_queue.count_unsent(self.db)

    def blob_size(self, blob_id: str) -> int | None:
        """The ciphertext size recorded for a blob, if the blobs table knows it."""
        return outbox_queue.blob_size(self.db, blob_id)

    def unsent_blobs_of(self, consult_id: str) -> list[str]:
        """Blob ids of the unsent blob rows of a consult (``consult_id`` with dashes)."""
        return [
            str(r.payload.get("blob_id") or r.entity_id)
            for r in outbox_queue.unsent_blob_rows(self.db)
            if canonical_id(str(r.payload.get("consult_id", ""))) == consult_id
        ]

    def get(self, item_id: int) -> Item | None:
        return outbox_queue.get(self.db, item_id)

    # -- writing -------------------------------------------------------------------------
    def _write(self, fn: Any) -> Any:
        return self.writer.run(fn)

    def mark_done(self, item: Item, **meta: Any) -> None:
        self.mark_done_many([(item, meta)])

    def mark_done_many(self, done: list[tuple[Item, dict[str, Any]]]) -> None:
        """One transaction for a run of sent items. Losing it to a crash only means
        sending them again, which the hub answers with the same records."""
        if done:
            now = self.clock.now()
            self._write(lambda s: outbox_queue.mark_done(s, done, now))

    def mark_retry(self, item: Item, error: str, delay: float) -> None:
        due = self.clock.now() + timedelta(seconds=delay)
        self._write(lambda s: outbox_queue.mark_retry(s, item.id, error, due))

    def mark_failed(self, item: Item, error: str, **meta: Any) -> None:
        """Set aside (rejected, or needs review); nothing is deleted, the payload is kept."""
        self._write(lambda s: outbox_queue.mark_failed(s, item.id, error, meta))

    def save_meta(self, item_id: int, **meta: Any) -> None:
        self._write(lambda s: outbox_queue.save_meta(s, item_id, meta))

    def requeue(self, item_id: int, **meta: Any) -> None:
        """Send again as soon as possible (retry now, or "send mine again" after review)."""
        self._write(lambda s: outbox_queue.requeue(s, item_id, meta))

    def retry_host_failures_now(self) -> None:
        """The hub answers again: rows that backed off because it was away or busy (not for
        a fault of their own) are due at once."""
        self._write(lambda s: outbox_queue.retry_now(s, HOST_ERRORS))

    def retry_all_now(self) -> None:
        self._write(lambda s: outbox_queue.retry_now(s))
