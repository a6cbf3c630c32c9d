"""The hub's word on the spoke's consults, as the rest of the app hears it: what the sync
puller stored is announced on the change bus (Kind.CONSULT, Kind.PRESCRIPTION, "pulled"),
and views read the stored status and prescriptions back through here."""

from __future__ import annotations

from collections.abc import Callable

from desktop.changes import Change, ChangeBus, Kind
from desktop.storage import hub_news
from desktop.storage.db import Database
from desktop.storage.hub_news import Applied, HubState, StoredPrescription


def announcer(bus: ChangeBus) -> Callable[[Applied], None]:
    """The puller's ``on_applied``: one announcement per kind that changed."""

    def announce(applied: Applied) -> None:
        if applied.consult_id is None:
            return
        if applied.status_changed or applied.new_prescriptions:
            bus.announce(Change(Kind.CONSULT, (applied.consult_id,), "pulled"))
        if applied.new_prescriptions:
            bus.announce(Change(Kind.PRESCRIPTION, applied.new_prescriptions, "pulled"))

    return announce


class HubNewsService:
    """Reads (any thread: WAL readers)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def state(self, consult_id: str) -> HubState | None:
        with self.db.read_session() as s:
            return hub_news.hub_state(s, consult_id)

    def prescriptions(self, consult_id: str) -> list[StoredPrescription]:
        with self.db.read_session() as s:
            return hub_news.prescriptions_of(s, consult_id)

    def prescription_patient(self, prescription_id: str) -> tuple[str, str] | None:
        with self.db.read_session() as s:
            return hub_news.prescription_patient(s, prescription_id)
