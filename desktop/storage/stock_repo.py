"""The spoke's medicine stock in the local database: seeded once from the HWC
essential-medicines list, quantities set by the operators, reduced by dispensing against a
verified prescription. Every change is one writer transaction with an audit row and an
outbox row holding the whole list for the hub (``PUT /facilities/me/stock``; its revision is
the outbox row's id, which only grows). Functions taking a ``Session`` run on the writer."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.issues import ValidationError, error
from desktop.core.stock import Given, after_dispensing, check_quantity, unit_for
from desktop.storage import audit
from desktop.storage.audit import Actor
from desktop.storage.models.base import utcnow
from desktop.storage.models.clinical import ConsultRecord
from desktop.storage.models.hub_news import PrescriptionRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.models.stock import DispenseRecord, StockRecord
from protocol.ids import wire_id
from protocol.stock import StockItem


@dataclass(frozen=True)
class StockLine:
    """One row of the stock list as the page shows it (``quantity`` None: not counted)."""

    id: str
    generic: str
    strength: str
    form: str
    unit: str
    quantity: int | None
    formulary_id: str

    def item(self) -> StockItem:
        """The protocol's item (what ``protocol.stock.in_stock``/``alternatives`` read)."""
        return StockItem(
            self.id, self.generic, self.strength, self.form, self.formulary_id, "", self.quantity
        )


class AlreadyDispensed(Exception):
    """The prescription's medicines were dispensed before (``code``)."""

    code = "already_dispensed"


class NotDispensable(Exception):
    """Only a verified prescription of this spoke is dispensed (``code``: its verification)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _line(r: StockRecord) -> StockLine:
    return StockLine(r.id, r.generic, r.strength, r.form, r.unit, r.quantity, r.formulary_id)


def lines(session: Session) -> list[StockLine]:
    """The whole list in its order (no patient data: not audited)."""
    rows = session.scalars(select(StockRecord).order_by(StockRecord.position, StockRecord.id))
    return [_line(r) for r in rows]


def queue_list(session: Session) -> OutboxEntry:
    """An outbox row with the whole list as it now stands (after the caller's changes)."""
    session.flush()
    row = OutboxEntry(
        entity_type="stock", entity_id=uuid.uuid4().hex, operation="update", payload={}
    )
    session.add(row)
    session.flush()  # the row's id is the list's revision
    row.payload = {
        "id": wire_id(row.entity_id),
        "revision": row.id,
        "items": [
            {
                "id": line.id,
                "generic": line.generic,
                "strength": line.strength,
                "form": line.form,
                "formulary_id": line.formulary_id,
                "quantity": line.quantity,
            }
            for line in lines(session)
        ],
    }
    return row


def seed(session: Session, items: Sequence[StockItem], actor: Actor) -> bool:
    """Fill an empty list from the essential-medicines list (quantities not counted yet);
    False when the list already has rows."""
    if session.scalar(select(func.count()).select_from(StockRecord)):
        return False
    now = utcnow()
    for position, item in enumerate(items):
        session.add(
            StockRecord(
                id=item.id,
                position=position,
                generic=item.generic,
                strength=item.strength,
                form=item.form,
                formulary_id=item.formulary_id,
                source=item.source,
                unit=unit_for(item.form),
                quantity=item.quantity,
                updated_at=now,
                updated_by=actor.username,
            )
        )
    audit.record(session, actor, "write", entity_type="stock", entity_id="seed")
    queue_list(session)
    return True


def set_quantities(session: Session, quantities: Mapping[str, int], actor: Actor) -> list[str]:
    """Set counted quantities (whole numbers >= 0; ``ValidationError`` names the item id as
    the field); the ids that changed. Nothing changed: no audit, no outbox row."""
    for item_id, value in quantities.items():
        check_quantity(value, item_id)
    changed: list[str] = []
    now = utcnow()
    for item_id, value in quantities.items():
        rec = session.get(StockRecord, item_id)
        if rec is None:
            raise ValidationError([error(item_id, "stock.unknown_item")])
        if rec.quantity == value:
            continue
        rec.quantity, rec.updated_at, rec.updated_by = value, now, actor.username
        audit.record(session, actor, "write", entity_type="stock", entity_id=item_id)
        changed.append(item_id)
    if changed:
        queue_list(session)
    return changed


@dataclass(frozen=True)
class Dispensed:
    medicine_index: int
    stock_item_id: str | None
    quantity: int
    dispensed_by: str


def dispensed(session: Session, prescription_id: str) -> list[Dispensed]:
    rows = session.scalars(
        select(DispenseRecord)
        .where(DispenseRecord.prescription_id == prescription_id)
        .order_by(DispenseRecord.medicine_index, DispenseRecord.id)
    )
    return [Dispensed(r.medicine_index, r.stock_item_id, r.quantity, r.dispensed_by) for r in rows]


def dispense(
    session: Session, prescription_id: str, given: Sequence[Given], actor: Actor
) -> list[str]:
    """Record what was given for each medicine of a verified prescription and take it from
    stock, all or nothing: more than is counted is refused (``ValidationError``, code
    ``stock.not_enough``, the field is the medicine's index), so stock never goes below
    zero. Returns the stock ids whose quantity changed."""
    rx = session.get(PrescriptionRecord, prescription_id)
    if rx is None:
        raise NotDispensable("missing")
    if rx.verification != "verified":
        raise NotDispensable(rx.verification or "unverifiable")
    if session.scalar(
        select(func.count()).where(DispenseRecord.prescription_id == prescription_id)
    ):
        raise AlreadyDispensed()
    medicines = rx.content.get("medications") or []
    taken: dict[str, int] = {}
    for g in given:
        field = str(g.medicine_index)
        if not 0 <= g.medicine_index < len(medicines):
            raise ValidationError([error(field, "stock.unknown_medicine")])
        check_quantity(g.quantity, field)
        if g.stock_item_id is None:
            continue
        rec = session.get(StockRecord, g.stock_item_id)
        if rec is None:
            raise ValidationError([error(field, "stock.unknown_item")])
        taken[rec.id] = taken.get(rec.id, 0) + g.quantity
        after_dispensing(rec.quantity, taken[rec.id], field)  # raises when not enough
    now = utcnow()
    changed: list[str] = []
    for item_id, total in taken.items():
        rec = session.get(StockRecord, item_id)
        assert rec is not None
        left = after_dispensing(rec.quantity, total, item_id)
        if total and left != rec.quantity:
            rec.quantity, rec.updated_at, rec.updated_by = left, now, actor.username
            changed.append(item_id)
    for g in given:
        session.add(
            DispenseRecord(
                prescription_id=prescription_id,
                medicine_index=g.medicine_index,
                stock_item_id=g.stock_item_id,
                quantity=g.quantity,
                dispensed_by=actor.username,
                dispensed_at=now,
            )
        )
    consult = session.get(ConsultRecord, rx.consult_id)
    audit.record(
        session,
        actor,
        "write",
        patient_id=consult.patient_id if consult is not None else None,
        entity_type="dispense",
        entity_id=prescription_id,
    )
    if changed:
        queue_list(session)
    return changed
