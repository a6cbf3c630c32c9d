"""The spoke's medicine stock (seeded from the HWC essential-medicines list, quantities kept
by the operators) and what was dispensed against each prescription."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models.base import Base, UTCDateTime, utcnow


class StockRecord(Base):
    """One medicine the spoke keeps; ``quantity`` None: listed, not counted yet."""

    __tablename__ = "stock_items"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)  # the list's order
    generic: Mapped[str] = mapped_column(String(120))
    strength: Mapped[str] = mapped_column(String(60), default="")
    form: Mapped[str] = mapped_column(String(60), default="")
    formulary_id: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(24), default="")
    quantity: Mapped[int | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")


class DispenseRecord(Base):
    """What was given for one medicine of a prescription (``stock_item_id`` None: given from
    nothing the stock list holds, e.g. not in stock; ``quantity`` 0: not given)."""

    __tablename__ = "stock_dispensed"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    prescription_id: Mapped[str] = mapped_column(ForeignKey("prescriptions.id"), index=True)
    medicine_index: Mapped[int]
    stock_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("stock_items.id"), default=None, index=True
    )
    quantity: Mapped[int]
    dispensed_by: Mapped[str] = mapped_column(String(64))
    dispensed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
