"""The spoke's stock in storage: seeded once from the HWC list, quantities set by the
operator (whole numbers >= 0) and reduced by dispensing a verified prescription, each change
one transaction with its audit row and an outbox row holding the whole list for the hub."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.issues import ValidationError
from desktop.core.stock import Given
from desktop.storage import hub_news, stock_repo
from desktop.storage.audit import Actor
from desktop.storage.hub_news import HubNews
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.models.stock import DispenseRecord
from desktop.sync.wire import json_request
from protocol.stock import StockListIn, essential_medicines
from tests.desktop.storage.test_hub_news import _ready
from tests.helpers.clinical import OPERATOR, Clinic, clinic
from tests.helpers.rx import Doctor

_ = clinic
HUB = Actor("hub", "system", "sync")


def _count(s: Session, model: type, *where: Any) -> int:
    return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _stock_rows(clinic: Clinic) -> list[OutboxEntry]:
    with clinic.db.read_session() as s:
        return list(
            s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.entity_type == "stock")
                .order_by(OutboxEntry.id)
            )
        )


def _seeded(clinic: Clinic) -> list[stock_repo.StockLine]:
    items = essential_medicines()
    assert clinic.writer.run(lambda s: stock_repo.seed(s, items, OPERATOR))
    with clinic.db.read_session() as s:
        return stock_repo.lines(s)


def _quantity(clinic: Clinic, item_id: str) -> int | None:
    with clinic.db.read_session() as s:
        return {line.id: line.quantity for line in stock_repo.lines(s)}[item_id]


def test_seeded_once_from_the_hwc_list_and_queued_for_the_hub(clinic: Clinic) -> None:
    lines = _seeded(clinic)
    assert [line.id for line in lines] == [i.id for i in essential_medicines()]
    para = next(line for line in lines if line.generic == "Paracetamol")
    assert para.quantity is None and para.unit in ("tablets", "bottles")
    assert not clinic.writer.run(lambda s: stock_repo.seed(s, essential_medicines(), OPERATOR))
    (row,) = _stock_rows(clinic)
    body = StockListIn.model_validate(row.payload)  # the hub's own schema accepts it
    assert body.revision == row.id and len(body.items) == len(lines)
    req = json_request(row.entity_type, row.operation, row.entity_id, row.payload)
    assert req is not None and (req.method, req.path) == ("PUT", "/facilities/me/stock")
    assert req.expect_id == row.payload["id"]


def test_quantities_saved_with_audit_and_outbox_in_one_transaction(clinic: Clinic) -> None:
    _seeded(clinic)
    with clinic.db.read_session() as s:
        audits = _count(s, AuditEntry)
    changed = clinic.writer.run(
        lambda s: stock_repo.set_quantities(
            s, {"paracetamol-500-tab": 120, "amlodipine-5-tab": 0}, OPERATOR
        )
    )
    assert sorted(changed) == ["amlodipine-5-tab", "paracetamol-500-tab"]
    assert _quantity(clinic, "paracetamol-500-tab") == 120
    assert _quantity(clinic, "amlodipine-5-tab") == 0
    seed_row, row = _stock_rows(clinic)
    sent = {i["id"]: i["quantity"] for i in row.payload["items"]}
    assert sent["paracetamol-500-tab"] == 120 and row.payload["revision"] > seed_row.id - 1
    assert row.payload["revision"] > seed_row.payload["revision"]
    with clinic.db.read_session() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()[audits:]
    assert [(e.action, e.entity_type, e.entity_id) for e in entries] == [
        ("write", "stock", "paracetamol-500-tab"),
        ("write", "stock", "amlodipine-5-tab"),
    ]
    # The same values again: nothing to audit, nothing to send.
    assert (
        clinic.writer.run(
            lambda s: stock_repo.set_quantities(s, {"paracetamol-500-tab": 120}, OPERATOR)
        )
        == []
    )
    assert len(_stock_rows(clinic)) == 2


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (-1, "stock.quantity_negative"),
        (2.5, "stock.quantity_not_whole"),
        (True, "stock.quantity_not_whole"),
        (10_000_001, "stock.quantity_too_large"),
    ],
)
def test_bad_quantities_change_nothing(clinic: Clinic, value: Any, code: str) -> None:
    _seeded(clinic)
    with pytest.raises(ValidationError) as err:
        clinic.writer.run(
            lambda s: stock_repo.set_quantities(
                s, {"amlodipine-5-tab": 10, "paracetamol-500-tab": value}, OPERATOR
            )
        )
    assert [(i.field, i.code) for i in err.value.issues] == [("paracetamol-500-tab", code)]
    assert _quantity(clinic, "amlodipine-5-tab") is None  # all or nothing
    assert len(_stock_rows(clinic)) == 1


def _prescribed(clinic: Clinic, verified: bool = True) -> str:
    cid = _ready(clinic)
    rx = Doctor().prescription(cid)  # Amlodipine 5 mg and Paracetamol 500 mg
    if not verified:
        rx["content"]["advice"] = "changed after signing"
    clinic.writer.run(
        lambda s: hub_news.apply(s, HubNews(cid, "completed", prescriptions=[rx]), HUB)
    )
    return str(rx["id"])


def test_dispensing_reduces_stock_in_the_same_transaction_audited(clinic: Clinic) -> None:
    _seeded(clinic)
    clinic.writer.run(
        lambda s: stock_repo.set_quantities(
            s, {"amlodipine-5-tab": 30, "paracetamol-500-tab": 8}, OPERATOR
        )
    )
    rx = _prescribed(clinic)
    rows_before = len(_stock_rows(clinic))
    given = [Given(0, "amlodipine-5-tab", 30), Given(1, "paracetamol-500-tab", 8)]
    changed = clinic.writer.run(lambda s: stock_repo.dispense(s, rx, given, OPERATOR))
    assert sorted(changed) == ["amlodipine-5-tab", "paracetamol-500-tab"]
    assert (
        _quantity(clinic, "amlodipine-5-tab") == 0 and _quantity(clinic, "paracetamol-500-tab") == 0
    )
    assert len(_stock_rows(clinic)) == rows_before + 1
    with clinic.db.read_session() as s:
        assert [
            (d.medicine_index, d.stock_item_id, d.quantity) for d in stock_repo.dispensed(s, rx)
        ] == [
            (0, "amlodipine-5-tab", 30),
            (1, "paracetamol-500-tab", 8),
        ]
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and (last.action, last.entity_type, last.entity_id) == (
        "write",
        "dispense",
        rx,
    )
    assert last.patient_id is not None
    with pytest.raises(stock_repo.AlreadyDispensed):
        clinic.writer.run(lambda s: stock_repo.dispense(s, rx, given, OPERATOR))


def test_stock_never_goes_below_zero(clinic: Clinic) -> None:
    _seeded(clinic)
    clinic.writer.run(
        lambda s: stock_repo.set_quantities(
            s, {"amlodipine-5-tab": 5, "paracetamol-500-tab": 50}, OPERATOR
        )
    )
    rx = _prescribed(clinic)
    given = [Given(0, "amlodipine-5-tab", 6), Given(1, "paracetamol-500-tab", 10)]
    with pytest.raises(ValidationError) as err:
        clinic.writer.run(lambda s: stock_repo.dispense(s, rx, given, OPERATOR))
    (issue,) = err.value.issues
    assert (issue.field, issue.code, issue.params["available"]) == ("0", "stock.not_enough", 5)
    assert (
        _quantity(clinic, "amlodipine-5-tab") == 5
        and _quantity(clinic, "paracetamol-500-tab") == 50
    )
    with clinic.db.read_session() as s:
        assert _count(s, DispenseRecord) == 0
    # Two medicines from one item count together.
    twice = [Given(0, "paracetamol-500-tab", 30), Given(1, "paracetamol-500-tab", 30)]
    with pytest.raises(ValidationError):
        clinic.writer.run(lambda s: stock_repo.dispense(s, rx, twice, OPERATOR))
    assert _quantity(clinic, "paracetamol-500-tab") == 50


def test_not_in_stock_and_not_counted(clinic: Clinic) -> None:
    _seeded(clinic)
    rx = _prescribed(clinic)
    # Amlodipine given from an item not counted yet; paracetamol not in stock, not given.
    given = [Given(0, "amlodipine-5-tab", 30), Given(1, None, 0)]
    assert clinic.writer.run(lambda s: stock_repo.dispense(s, rx, given, OPERATOR)) == []
    assert _quantity(clinic, "amlodipine-5-tab") is None
    with clinic.db.read_session() as s:
        assert [(d.stock_item_id, d.quantity) for d in stock_repo.dispensed(s, rx)] == [
            ("amlodipine-5-tab", 30),
            (None, 0),
        ]


def test_only_a_verified_prescription_is_dispensed(clinic: Clinic) -> None:
    _seeded(clinic)
    rx = _prescribed(clinic, verified=False)
    with pytest.raises(stock_repo.NotDispensable) as err:
        clinic.writer.run(lambda s: stock_repo.dispense(s, rx, [Given(0, None, 0)], OPERATOR))
    assert err.value.code == "tampered"
