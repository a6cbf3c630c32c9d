"""Acceptance: register a patient, open a consult, fill vitals, attach a generated image,
give consent and mark it ready -- all with the keyboard: focus moves only by Tab, Shift+Tab
and shortcuts (never ``setFocus``); ``activateWindow`` stands in for the window manager."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from sqlalchemy import select

from desktop.core.consult import Status
from desktop.storage import consult_repo
from desktop.storage.models.outbox import OutboxEntry
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import ctx
from tests.desktop.ui.patients.test_patients_ui import fill_by_keyboard

_ = ctx


def focused():  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), k, mod)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def tab(times: int = 1) -> None:
    for _ in range(times):
        key(Qt.Key.Key_Tab)


def generated_image(path: Path) -> Path:
    image = np.full((480, 640, 3), 235, dtype=np.uint8)
    cv2.ellipse(image, (320, 240), (180, 110), 15, 0, 360, (60, 60, 200), -1)
    cv2.imwrite(str(path), image)
    return path


def test_whole_intake_with_the_keyboard(ctx: ClinicContext, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    picture = generated_image(tmp_path / "rash.png")
    ws = SpokeWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 860)
    ws.show()
    qtbot.waitExposed(ws)
    ws.activateWindow()  # the offscreen platform has no window manager to do it
    ws.start()
    qtbot.waitUntil(lambda: focused() is ws.search.search)

    key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new patient
    qtbot.waitUntil(lambda: ws.currentWidget() is ws.registration)
    qtbot.waitUntil(lambda: focused() is ws.registration.given_name)
    fill_by_keyboard(ws.registration, qtbot, "Sunita", "Devi")
    assert focused() is ws.registration.pin
    for _ in range(20):  # back up the tab order (pin, ..., birth date) to sex
        if focused() is ws.registration.sex:
            break
        key(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is ws.registration.sex
    QTest.qWait(QApplication.keyboardInputInterval() + 50)  # a fresh type-ahead search
    type_text("Female")
    assert ws.registration.sex.currentData() == "female"
    key(Qt.Key.Key_Return)  # Enter saves -> the consult intake opens
    intake = ws.intake
    qtbot.waitUntil(
        lambda: ws.currentWidget() is intake and intake.consult is not None, timeout=10_000
    )
    qtbot.waitUntil(lambda: focused() is intake.complaints)

    key(Qt.Key.Key_Space)  # tick "Fever" in the picker
    tab()
    type_text("Fever and cough for three days")
    tab()
    type_text("3")
    tab(5)  # unit (days), conditions, allergies, medicines -> systolic
    assert focused() is intake.vitals.edits["systolic"]
    for value in ("150", "92", "104", "38.6", "93", "22", "54", "158", "132"):
        type_text(value)
        tab()
    assert intake.vitals.boxes["systolic"].message.text().startswith("High")
    assert intake.vitals.boxes["spo2"].message.text().startswith("Low")
    assert focused() is intake.specialty
    type_text("General")
    tab(2)  # priority -> the consult's mode (video call by default)
    assert focused() is intake.mode and intake.mode.currentData() == "mode.video"
    key(Qt.Key.Key_Down)  # audio call
    key(Qt.Key.Key_Down)  # without a call (text / store-and-forward)
    tab()
    assert focused() is intake.consent.teleconsultation
    key(Qt.Key.Key_Space)
    tab()
    key(Qt.Key.Key_Space)  # recording too
    key(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # record consent
    qtbot.waitUntil(lambda: "cho.meena" in intake.consent.summary.text(), timeout=10_000)

    key(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # attach a file
    qtbot.waitUntil(
        lambda: (
            isinstance(intake.attachments.dialog, QFileDialog)
            and intake.attachments.dialog.isVisible()
        )
    )
    dialog = intake.attachments.dialog
    assert dialog is not None
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_box is not None
    dialog.activateWindow()  # the window manager's job for a new dialog
    qtbot.waitUntil(lambda: focused() is name_box)  # the dialog starts in its file name
    type_text(str(picture))
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: intake.attachments.model.rowCount() == 1, timeout=15_000)
    icon = intake.attachments.model.data(
        intake.attachments.model.index(0, 0), Qt.ItemDataRole.DecorationRole
    )
    assert not icon.isNull()

    ws.activateWindow()  # the window manager's job once the file dialog has closed
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ws)
    assert intake.isAncestorOf(focused())  # focus came back to the intake
    with qtbot.waitSignal(intake.ready, timeout=15_000, raising=False) as ready:
        key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ready.signal_triggered, intake.status.text()
    consult = ready.args[0]
    assert consult.status is Status.READY
    with ctx.services.clinic.db.read_session() as s:
        stored = consult_repo.load(s, consult.id)
        kinds = [
            (o.entity_type, o.operation)
            for o in s.scalars(select(OutboxEntry).order_by(OutboxEntry.id))
        ]
    assert stored.status is Status.READY and stored.complaints == ["fever"]
    assert stored.complaint_text == "Fever and cough for three days" and stored.duration_value == 3
    assert stored.vitals.systolic == 150 and stored.vitals.temperature_c == 38.6
    assert stored.specialty == "general_medicine" and stored.mode.value == "text"
    assert [c.granted for c in stored.consents] == [True, True]
    assert len(stored.attachments) == 1 and stored.attachments[0].media_type == "image/png"
    assert kinds == [("patient", "create"), ("consult", "create"), ("blob", "upload")]
    with ctx.services.clinic.db.read_session() as s:
        sent = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "consult")).one()
    assert sent.payload["mode"] == "text"  # ConsultIn.mode: the hub's drug rules read it
    assert not intake.ready_button.isEnabled()  # locked once sent
