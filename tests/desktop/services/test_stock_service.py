"""The stock service over a real set-up clinic: the first read seeds the list (and queues it
for the hub), a save announces Kind.STOCK and Kind.OUTBOX after its commit, and a refused
save announces nothing and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.changes import Change, Kind
from desktop.core.issues import ValidationError
from desktop.services.bundle import Services
from desktop.storage.models.outbox import OutboxEntry
from protocol.stock import essential_medicines


def _stock_rows(services: Services) -> int:
    with services.clinic.db.read_session() as s:
        where = OutboxEntry.entity_type == "stock"
        return int(s.scalar(select(func.count()).select_from(OutboxEntry).where(where)) or 0)


def test_first_read_seeds_and_a_save_announces_after_the_commit(
    services: Services, heard: list[Change]
) -> None:
    lines = services.stock.lines().result(30)
    assert [line.id for line in lines] == [i.id for i in essential_medicines()]
    assert _stock_rows(services) == 1
    assert services.stock.lines().result(30) == lines  # seeded once
    assert _stock_rows(services) == 1

    seen_quantity: list[int | None] = []

    def on_change(change: Change) -> None:  # runs after the commit: storage has the value
        if change.kind is Kind.STOCK:
            seen_quantity.append(services.stock.current_lines()[0].quantity)

    services.bus.subscribe(on_change)
    first = lines[0].id
    assert services.stock.set_quantities({first: 25}).result(30) == [first]
    assert Change(Kind.STOCK, (first,), "saved") in heard
    assert Change(Kind.OUTBOX, (), "queued") in heard
    assert seen_quantity == [25]
    assert _stock_rows(services) == 2


def test_a_refused_save_announces_nothing(services: Services, heard: list[Change]) -> None:
    lines = services.stock.lines().result(30)
    with pytest.raises(ValidationError):
        services.stock.set_quantities({lines[0].id: 3, lines[1].id: -2}).result(30)
    assert [c for c in heard if c.kind in (Kind.STOCK, Kind.OUTBOX)] == []
    assert services.stock.current_lines()[0].quantity is None
