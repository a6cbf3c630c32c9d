"""Dispensing from the spoke's prescription view: the dialog lists each medicine with what
the stock holds (a drug not in stock shown as such), offers at most what is in stock, and
Dispense stores what was given and reduces stock in one transaction (audited); a save that
would take stock below zero is refused in the dialog, which stays open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.prescriptions.view import PrescriptionView
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.desktop.ui.prescriptions.test_rx_view import _received

_ = ctx


def _stocked(ctx: ClinicContext, **quantities: int) -> None:
    stock = ctx.services.stock
    stock.lines().result(timeout=10)  # seeded from the HWC list
    stock.set_quantities({k.replace("_", "-"): v for k, v in quantities.items()}).result(10)


def _quantity(ctx: ClinicContext, item_id: str) -> int | None:
    return {line.id: line.quantity for line in ctx.services.stock.current_lines()}[item_id]


def _open(qtbot, ctx: ClinicContext) -> PrescriptionView:  # type: ignore[no-untyped-def]
    cid = _received(ctx)  # Amlodipine 5 mg 1-0-0 x 30 days, Paracetamol 500 mg 1-0-1 x 5 days
    view = PrescriptionView(ctx.services.prescriptions, lambda: TODAY, stock=ctx.services.stock)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.show_consult(cid)
    qtbot.waitUntil(lambda: view.dispense_button.isEnabled())
    QTest.mouseClick(view.dispense_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dispense_dialog is not None and view.dispense_dialog.isVisible())
    return view


def test_dispense_reduces_stock_and_flags_a_drug_not_in_stock(qtbot, ctx: ClinicContext) -> None:  # type: ignore[no-untyped-def]
    _stocked(ctx, amlodipine_5_tab=45, paracetamol_500_tab=0)
    view = _open(qtbot, ctx)
    dialog = view.dispense_dialog
    assert dialog is not None
    assert dialog.sources[0].currentData() == "amlodipine-5-tab"  # the strength prescribed
    assert dialog.quantities[0].value() == 30  # 1 a day for 30 days
    assert dialog.quantities[0].maximum() == 45  # never more than in stock
    assert dialog.states[0].text() == "In stock"
    assert dialog.states[1].text().startswith("Not in stock")
    # Paracetamol 500 mg has none; the syrup (not counted) is offered, the tablets are not.
    offered = [dialog.sources[1].itemData(i) for i in range(dialog.sources[1].count())]
    assert offered == ["paracetamol-125-syrup", ""]  # "": not given
    # Not in stock as prescribed: "not given" until the operator picks the alternative.
    assert dialog.sources[1].currentData() == "" and not dialog.quantities[1].isEnabled()
    dialog.sources[1].setCurrentIndex(0)
    assert dialog.quantities[1].isEnabled() and dialog.quantities[1].value() == 1  # a bottle
    dialog.sources[1].setCurrentIndex(1)
    assert not dialog.quantities[1].isEnabled()
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # Dispense is the default button
    qtbot.waitUntil(lambda: view.dispense_dialog is None)
    assert _quantity(ctx, "amlodipine-5-tab") == 15
    assert _quantity(ctx, "paracetamol-500-tab") == 0
    qtbot.waitUntil(lambda: "1 medicine" in view.dispensed.text())
    assert "cho.meena" in view.dispensed.text()
    assert not view.dispense_button.isEnabled()  # dispensed once


def test_a_dispensing_below_zero_is_refused_in_the_dialog(qtbot, ctx: ClinicContext) -> None:  # type: ignore[no-untyped-def]
    _stocked(ctx, amlodipine_5_tab=45, paracetamol_500_tab=20)
    view = _open(qtbot, ctx)
    dialog = view.dispense_dialog
    assert dialog is not None and dialog.quantities[0].value() == 30
    ctx.services.stock.set_quantities({"amlodipine-5-tab": 10}).result(10)  # counted again
    QTest.mouseClick(dialog.dispense_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() != "")
    assert dialog.message.text() == (
        "Only 10 in stock: more cannot be given, stock never goes below zero."
    )
    assert dialog.isVisible() and dialog.dispense_button.isEnabled()
    assert _quantity(ctx, "amlodipine-5-tab") == 10 and _quantity(ctx, "paracetamol-500-tab") == 20
    dialog.reject()


def test_dispense_dialog_in_hindi(qtbot, ctx: ClinicContext) -> None:  # type: ignore[no-untyped-def]
    _stocked(ctx, amlodipine_5_tab=45, paracetamol_500_tab=0)
    i18n.install("hi")
    view = _open(qtbot, ctx)
    dialog = view.dispense_dialog
    assert dialog is not None
    assert dialog.states[1].text() and not dialog.states[1].text().startswith("Not in stock")
    assert dialog.dispense_button.text() not in ("", "Dispense")
    assert view.dispense_button.text() != "Dispense…"
    dialog.reject()
