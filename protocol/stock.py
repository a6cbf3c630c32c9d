"""The spoke's medicine stock as data: the Health & Wellness Centre essential-medicines list
(resources/formulary/hwc-essential-medicines.csv) that seeds it, whether a prescribed medicine
is in stock, and in-stock alternatives of the same generic, and the wire form of a spoke's
stock list (sent to the hub, served to the consult's doctor); ``quantity=None`` means listed,
not counted."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from protocol.formulary import BadRow, Formulary, FormularyError, default, default_dir, normalise
from protocol.schemas import Medication

COLUMNS = ("id", "generic", "strength", "form", "formulary_id", "source")


@dataclass(frozen=True)
class StockItem:
    id: str
    generic: str
    strength: str
    form: str
    formulary_id: str
    source: str = ""
    quantity: int | None = None

    @property
    def available(self) -> bool:
        return self.quantity is None or self.quantity > 0


def parse(lines: Iterable[str], formulary: Formulary) -> tuple[list[StockItem], list[BadRow]]:
    """The good rows and a report of the bad ones (line, column, reason)."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        return [], [BadRow(1, "header", f"the columns must be: {','.join(COLUMNS)}")]
    items: list[StockItem] = []
    bad: list[BadRow] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            bad.append(BadRow(line, "row", f"{len(row)} fields, {len(COLUMNS)} expected"))
            continue
        cells = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        problems = []
        if not cells["id"] or cells["id"] in seen:
            problems.append(BadRow(line, "id", "a unique id is required"))
        if len(normalise(cells["generic"])) < 3:
            problems.append(BadRow(line, "generic", "the generic name is required"))
        if cells["formulary_id"] and formulary.by_id(cells["formulary_id"]) is None:
            problems.append(BadRow(line, "formulary_id", "not an id of the formulary"))
        if not cells["source"]:
            problems.append(BadRow(line, "source", "the source is required"))
        if problems:
            bad.extend(problems)
            continue
        seen.add(cells["id"])
        items.append(
            StockItem(
                id=cells["id"],
                generic=cells["generic"],
                strength=cells["strength"],
                form=cells["form"],
                formulary_id=cells["formulary_id"],
                source=cells["source"],
            )
        )
    return items, bad


def essential_medicines(
    path: Path | None = None, formulary: Formulary | None = None
) -> list[StockItem]:
    """The HWC essential-medicines list (the stock seed); FormularyError lists bad rows."""
    path = path or default_dir() / "hwc-essential-medicines.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        items, bad = parse(fh, formulary or default())
    if bad:
        raise FormularyError(path.name, bad)
    return items


def _drug_id(generic: str, formulary: Formulary) -> str:
    match = formulary.lookup(generic)
    return match.drug.id if match is not None and match.exact else ""


def _same_drug(item: StockItem, drug_id: str, generic: str) -> bool:
    if drug_id:
        return item.formulary_id == drug_id
    return normalise(item.generic) == normalise(generic)


def alternatives(
    generic: str, stock: Sequence[StockItem], formulary: Formulary | None = None
) -> list[StockItem]:
    """In-stock items of the same generic (a brand or synonym is resolved to it)."""
    form = formulary or default()
    drug_id = _drug_id(generic, form)
    return [i for i in stock if i.available and _same_drug(i, drug_id, generic)]


def _strength_key(text: str) -> str:
    return "".join(text.casefold().split())


def in_stock(
    medication: Medication, stock: Sequence[StockItem], formulary: Formulary | None = None
) -> bool:
    """Whether the prescribed medicine (its drug, and its strength when given) is in stock."""
    form = formulary or default()
    drug_id = medication.formulary_id or _drug_id(medication.name, form)
    wanted = _strength_key(medication.strength)
    return any(
        i.available
        and _same_drug(i, drug_id, medication.name)
        and (not wanted or _strength_key(i.strength) == wanted)
        for i in stock
    )


# -- the wire: the spoke's stock list sent to the hub and served to the consult's doctor -------

_ITEM_ID = r"^[a-z0-9][a-z0-9._-]{0,63}$"


class StockEntry(BaseModel):
    """One line of a spoke's stock as it crosses the wire (``quantity`` None: not counted)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ITEM_ID)
    generic: str = Field(min_length=1, max_length=120)
    strength: str = Field(default="", max_length=60)
    form: str = Field(default="", max_length=60)
    formulary_id: str = Field(default="", max_length=64)
    quantity: int | None = Field(default=None, ge=0, le=10_000_000)

    def item(self) -> StockItem:
        return StockItem(
            id=self.id,
            generic=self.generic,
            strength=self.strength,
            form=self.form,
            formulary_id=self.formulary_id,
            quantity=self.quantity,
        )


class StockListIn(BaseModel):
    """The whole list (``PUT /facilities/me/stock``): ``id`` names this revision (the outbox
    row's id, echoed), ``revision`` orders them, so an older list arriving late is ignored."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    revision: int = Field(ge=1, le=2_147_483_647)  # a 32-bit column on every database
    items: list[StockEntry] = Field(max_length=2000)


class StockListOut(BaseModel):
    """A facility's stock as the hub holds it (``revision`` 0 and no items: never sent)."""

    id: str
    facility_id: str
    revision: int
    items: list[StockEntry]
    updated_at: datetime | None = None
