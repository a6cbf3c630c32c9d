"""The Stock page: seeded from the HWC list on first show, searched, quantities typed with
the keyboard (a bad one refused with a clear message, in English and Hindi), saved with
Ctrl+S through the service in one transaction (audit and outbox rows)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from sqlalchemy import func, select

from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.outbox import OutboxEntry
from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.stock.model import QUANTITY, ItemIdRole
from desktop.ui.stock.page import StockPage
from desktop.ui.sync.messages import entity_text
from protocol.stock import essential_medicines
from tests.desktop.ui.clinic_ui_fixtures import ctx

_ = ctx


def _page(ctx: ClinicContext, qtbot) -> StockPage:  # type: ignore[no-untyped-def]
    page = StockPage(ctx.services.stock, ctx.services.bus)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.model.rowCount() == len(essential_medicines()))
    return page


def _type_in_cell(page: StockPage, text: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Type into the current cell (the first key opens its editor) and press Enter (the
    delegate commits on its next event-loop turn: wait for the editor to close)."""
    QTest.keyClicks(page.table, text[0])
    editor = QApplication.focusWidget()
    assert editor is not page.table
    QTest.keyClicks(editor, text[1:])
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != page.table.State.EditingState)


def _quantities(ctx: ClinicContext) -> dict[str, int | None]:
    return {line.id: line.quantity for line in ctx.services.stock.current_lines()}


def _stock_rows(ctx: ClinicContext) -> int:
    with ctx.services.clinic.db.read_session() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.entity_type == "stock")
            )
            or 0
        )


def test_model_is_a_sound_item_model(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _page(ctx, qtbot)
    ModelTester(qtbot).check(page.model)


def test_search_type_quantities_and_save_with_the_keyboard(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _page(ctx, qtbot)
    assert _stock_rows(ctx) == 1  # the seed, queued for the hub
    QTest.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)
    QTest.keyClicks(page.search, "paraceta")
    assert page.proxy.rowCount() >= 1
    assert all("Paracetamol" in page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount()))
    QTest.keyClick(page.search, Qt.Key.Key_Return)  # to the first match's quantity
    assert QApplication.focusWidget() is page.table
    first = page.table.currentIndex()
    assert first.column() == QUANTITY
    item_id = first.data(ItemIdRole)
    _type_in_cell(page, "-5", qtbot)  # typing starts the editor
    assert page.message.text() == "A quantity cannot be below 0: stock never goes below zero."
    assert not page.model.pending
    _type_in_cell(page, "2.5", qtbot)
    assert "whole number" in page.message.text()
    assert page.table.currentIndex().row() == first.row()  # refused: stays for correction
    _type_in_cell(page, "120", qtbot)
    assert page.model.pending == {item_id: 120}
    # Accepted: Enter moved down to the next medicine's quantity, ready for the next count.
    assert page.table.currentIndex().row() == first.row() + 1
    assert page.table.currentIndex().column() == QUANTITY
    assert page.save_button.isEnabled()
    assert _quantities(ctx)[item_id] is None  # nothing stored before saving
    audits_before = _audit_count(ctx)
    shown: list[str] = []  # what the saved row says whenever the model changes while saving
    page.model.modelReset.connect(lambda: shown.append(page.proxy.index(0, QUANTITY).data()))
    QTest.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _quantities(ctx)[item_id] == 120)
    qtbot.waitUntil(lambda: not page.model.pending and not page.save_button.isEnabled())
    assert _stock_rows(ctx) == 2 and _audit_count(ctx) == audits_before + 1
    assert page.proxy.index(0, QUANTITY).data() == "120"
    assert shown and set(shown) == {"120"}  # never the old "not counted" between save and read
    assert page.message.text() == "Saved: 1 quantity."  # English plural forms
    assert entity_text("stock") == "Medicine stock list"  # its outbox row on the Sync page


def _audit_count(ctx: ClinicContext) -> int:
    with ctx.services.clinic.db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_hindi_message_for_a_refused_quantity(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.install("hi")
    page = _page(ctx, qtbot)
    index = page.proxy.index(0, QUANTITY)
    assert not page.proxy.setData(index, "दस")
    assert page.message.text() and page.message.text() != (
        "A quantity is a whole number (0, 1, 2 ...), without decimals or letters."
    )
    assert page.heading.text() != "Medicine stock"
