"""The spoke's stock: the list (seeded once from the HWC essential-medicines list), the
operator's quantities, and dispensing against a verified prescription. Each write is one
writer transaction (record, audit row, outbox row with the list for the hub) and announces
Kind.STOCK (and Kind.OUTBOX, as a row now waits for the hub)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future

from sqlalchemy.orm import Session

from desktop.changes import Change, Kind
from desktop.core.stock import Given
from desktop.services.clinic import Clinic
from desktop.storage import stock_repo
from desktop.storage.stock_repo import AlreadyDispensed, Dispensed, NotDispensable, StockLine
from protocol.stock import StockItem, essential_medicines

__all__ = [
    "AlreadyDispensed",
    "Dispensed",
    "Given",
    "NotDispensable",
    "StockLine",
    "StockService",
]


def _changed(reason: str) -> Callable[[list[str]], list[Change]]:
    def announce(ids: list[str]) -> list[Change]:
        if not ids:
            return []
        return [Change(Kind.STOCK, tuple(ids), reason), Change(Kind.OUTBOX, (), "queued")]

    return announce


class StockService:
    def __init__(
        self, clinic: Clinic, seed: Callable[[], Sequence[StockItem]] = essential_medicines
    ) -> None:
        self._clinic = clinic
        self._seed = seed

    def lines(self) -> Future[list[StockLine]]:
        """The list, seeded from the essential-medicines list the first time (one writer
        transaction, audited, queued for the hub)."""
        actor = self._clinic.actor
        items = self._seed

        def run(session: Session) -> list[StockLine]:
            stock_repo.seed(session, items(), actor)
            return stock_repo.lines(session)

        return self._clinic.write(run)

    def set_quantities(self, quantities: Mapping[str, int]) -> Future[list[str]]:
        """Whole numbers >= 0 (``ValidationError`` otherwise, the field is the item id)."""
        actor = self._clinic.actor
        wanted = dict(quantities)
        return self._clinic.write(
            lambda s: stock_repo.set_quantities(s, wanted, actor), _changed("saved")
        )

    def dispense(self, prescription_id: str, given: Sequence[Given]) -> Future[list[str]]:
        """What was given per medicine; stock reduced in the same transaction, never below
        zero (``ValidationError`` code ``stock.not_enough``)."""
        actor = self._clinic.actor
        items = list(given)

        def announce(ids: list[str]) -> list[Change]:
            return [
                Change(Kind.PRESCRIPTION, (prescription_id,), "dispensed"),
                *_changed("dispensed")(ids),
            ]

        return self._clinic.write(
            lambda s: stock_repo.dispense(s, prescription_id, items, actor), announce
        )

    def dispensed(self, prescription_id: str) -> list[Dispensed]:
        """What was given for a prescription (blocking read: call from an Operation)."""
        return self._clinic.read(lambda s: stock_repo.dispensed(s, prescription_id))

    def current_lines(self) -> list[StockLine]:
        """The list as stored (blocking read: call from an Operation)."""
        return self._clinic.read(stock_repo.lines)
