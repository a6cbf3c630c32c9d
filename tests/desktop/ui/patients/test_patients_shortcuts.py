"""Keyboard shortcuts of the spoke workflow, pressed as keys: Ctrl+F back to the search
box, Up/Down through the results from the search box, Ctrl+Q for the ABHA QR picture, Esc
leaving the consult intake."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import patient_repo
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

_ = ctx
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), k, mod)


def _register(ctx: ClinicContext, given: str, mobile: str) -> Patient:
    p = Patient(
        given,
        "Yadav",
        "female",
        date(1975, 1, 1),
        mobile=mobile,
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
    )
    return p


def _workspace(ctx: ClinicContext, qtbot) -> SpokeWorkspace:  # type: ignore[no-untyped-def]
    for i, name in enumerate(("Asha", "Bina", "Chanda")):
        _register(ctx, name, f"98765{i:05d}")
    ws = SpokeWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1100, 700)
    ws.show()
    qtbot.waitExposed(ws)
    ws.activateWindow()  # the offscreen platform has no window manager to do it
    ws.start()
    qtbot.waitUntil(lambda: focused() is ws.search.search)
    qtbot.waitUntil(lambda: ws.search.model.rowCount() == 3, timeout=10_000)
    return ws


def test_ctrl_f_returns_to_the_search_box(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = _workspace(ctx, qtbot)
    QTest.keyClicks(focused(), "Bi")
    key(Qt.Key.Key_Tab)
    assert focused() is not ws.search.search
    key(Qt.Key.Key_F, CTRL)
    assert focused() is ws.search.search
    assert ws.search.search.selectedText() == "Bi"  # typing replaces the old query


def test_up_and_down_in_the_search_box_move_through_results(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = _workspace(ctx, qtbot)
    table = ws.search.table
    qtbot.waitUntil(lambda: table.currentIndex().row() == 0)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    assert table.currentIndex().row() == 2 and focused() is ws.search.search
    key(Qt.Key.Key_Down)  # stays on the last row
    key(Qt.Key.Key_Up)
    assert table.currentIndex().row() == 1 and focused() is ws.search.search
    with qtbot.waitSignal(ws.search.open_patient, timeout=5_000) as opened:
        key(Qt.Key.Key_Return)
    assert opened.args == [ws.search.model.patient_id(1)]
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    assert ws.intake.consult.patient_id == opened.args[0]


def test_ctrl_q_opens_the_qr_picture_dialog(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = _workspace(ctx, qtbot)
    key(Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: focused() is ws.registration.given_name)
    key(Qt.Key.Key_Q, CTRL)
    dialog = ws.registration.qr_reader.dialog
    qtbot.waitUntil(lambda: isinstance(dialog, QFileDialog) and dialog.isVisible())
    dialog.reject()


def test_escape_leaves_the_intake(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = _workspace(ctx, qtbot)
    key(Qt.Key.Key_Return)  # open the first patient's consult
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    qtbot.waitUntil(lambda: ws.intake.isAncestorOf(focused()))
    with qtbot.waitSignal(ws.intake.closed, timeout=5_000):
        key(Qt.Key.Key_Escape)
    assert ws.currentWidget() is ws.search
    qtbot.waitUntil(lambda: focused() is ws.search.search)
