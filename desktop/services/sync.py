"""What the sync page asks of the outbox: the unsent items, "send now", and settling an item
that needs review. Blocking (one database write each): call from an ``Operation``. Each
change to the queue is announced as ``Kind.OUTBOX``."""

from __future__ import annotations

from desktop.changes import Change, ChangeBus, Kind, changes
from desktop.services.clinic import Clinic
from desktop.storage import outbox_labels
from desktop.storage.outbox_labels import OutboxLabel
from desktop.sync.engine import SyncEngine
from desktop.sync.outbox import Item

__all__ = ["Item", "OutboxLabel", "SyncService", "describe_items"]


def describe_items(clinic: Clinic, items: list[Item]) -> dict[int, OutboxLabel]:
    """The sync page's row labels (whose record, what it is): a storage read, off the main
    thread."""
    with clinic.db.read_session() as session:
        return outbox_labels.describe(session, items)


class SyncService:
    def __init__(self, engine: SyncEngine, bus: ChangeBus = changes) -> None:
        self.engine = engine
        self._bus = bus

    def unsent(self) -> list[Item]:
        return self.engine.unsent()

    def retry_now(self, item_id: int | None = None) -> None:
        self.engine.retry_now(item_id)
        ids = (str(item_id),) if item_id is not None else ()
        self._bus.announce(Change(Kind.OUTBOX, ids, "retry"))

    def resolve(self, item_id: int, keep: str) -> None:
        """``keep``: ``"hub"`` or ``"mine"`` (see ``SyncEngine.resolve``)."""
        self.engine.resolve(item_id, keep)
        self._bus.announce(Change(Kind.OUTBOX, (str(item_id),), "resolved"))
