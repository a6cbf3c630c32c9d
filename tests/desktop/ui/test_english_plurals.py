"""English shows plural texts with their English forms ("1 quantity", "2 quantities"), never
"quantity(ies)": the English catalogue of plural forms is loaded with the language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.stock.model import QUANTITY
from tests.desktop.ui.clinic_ui_fixtures import ctx
from tests.desktop.ui.test_stock_page import _page, _quantities, _type_in_cell

_ = ctx


def _plural(context: str, source: str, n: int) -> str:
    return QCoreApplication.translate(context, source, "", n)


def test_stock_page_says_quantity_and_quantities(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.install("en")
    page = _page(ctx, qtbot)
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(0, QUANTITY))
    _type_in_cell(page, "10", qtbot)
    assert page.message.text() == "1 change not saved yet."
    _type_in_cell(page, "20", qtbot)
    assert page.message.text() == "2 changes not saved yet."
    ids = list(page.model.pending)
    QTest.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: [_quantities(ctx)[i] for i in ids] == [10, 20])
    qtbot.waitUntil(lambda: page.message.text() == "Saved: 2 quantities.")
    page.table.setCurrentIndex(page.proxy.index(0, QUANTITY))
    _type_in_cell(page, "11", qtbot)
    QTest.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.text() == "Saved: 1 quantity.")


def test_every_plural_text_has_english_forms(qapp) -> None:  # type: ignore[no-untyped-def]
    i18n.install("en")
    try:
        assert _plural("StockPage", "Saved: %n quantity(ies).", 1) == "Saved: 1 quantity."
        assert _plural("StockPage", "Saved: %n quantity(ies).", 2) == "Saved: 2 quantities."
        assert _plural("SyncPage", "%Ln item(s) waiting", 1) == "1 item waiting"
        assert _plural("SyncPage", "%Ln item(s) waiting", 12345) == "12,345 items waiting"
        assert (
            _plural("PrescriptionView", "Dispensed by %1: %n medicine(s) given.", 0)
            == "Dispensed by %1: 0 medicines given."
        )
        # A text without plural forms is the source text, as before.
        assert QCoreApplication.translate("StockPage", "Save") == "Save"
    finally:
        i18n.install("en")
