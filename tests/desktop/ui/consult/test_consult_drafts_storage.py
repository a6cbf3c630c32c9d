"""Drafts are resumed, never duplicated (reopening a patient, "same person" on
registration); storage errors on the intake (autosave, a camera snapshot) reach the operator
in English and Hindi with the typing kept."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import date
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, errors, patient_repo
from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.desktop.ui.patients.test_patients_ui import fill_by_keyboard

_ = ctx


def _ramesh(ctx: ClinicContext) -> Patient:
    p = Patient(
        "Ramesh",
        "Kumar",
        "male",
        date(1981, 8, 5),
        mobile="9876543210",
        abha_number="91504661372897",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
    )
    return p


def _drafts(ctx: ClinicContext, patient_id: str) -> list[str]:
    with ctx.services.clinic.db.read_session() as s:
        return consult_repo.drafts_for(s, patient_id)


def _workspace(ctx: ClinicContext, qtbot) -> SpokeWorkspace:  # type: ignore[no-untyped-def]
    ws = SpokeWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1100, 700)
    ws.show()
    qtbot.waitExposed(ws)
    ws.activateWindow()  # the offscreen platform gives keyboard focus to the active window
    ws.start()
    return ws


def test_reopening_a_patient_resumes_the_draft(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _ramesh(ctx)
    ws = _workspace(ctx, qtbot)
    ws.on_open_patient(p.id)
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    first = ws.intake.consult
    assert first is not None
    with qtbot.waitSignal(ws.intake.autosaved, timeout=10_000):
        QTest.keyClicks(ws.intake.complaint_text, "Cough for a week")
    qtbot.waitUntil(lambda: not ws.intake._timer.isActive() and not ws.intake._saving)
    ws.on_back_to_search()
    ws.intake.consult = None
    ws.intake.complaint_text.clear()
    ws.on_open_patient(p.id)
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    assert ws.intake.consult.id == first.id
    assert ws.intake.complaint_text.toPlainText() == "Cough for a week"
    assert _drafts(ctx, p.id) == [first.id]


def test_same_person_on_registration_reuses_the_open_draft(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _ramesh(ctx)
    draft = ctx.services.clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, ctx.actor))
    ws = _workspace(ctx, qtbot)
    ws.on_new_patient()
    form = ws.registration
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.given_name)
    fill_by_keyboard(form, qtbot, "Ramesh", "Kumar")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.dialog is not None and form.dialog.isVisible(), timeout=10_000)
    assert form.dialog is not None
    form.dialog.same_button.click()
    qtbot.waitUntil(lambda: ws.currentWidget() is ws.patient_page, timeout=10_000)
    ws.patient_page.start_button.click()  # the patient's page first, then their consult
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    assert ws.currentWidget() is ws.intake
    assert ws.intake.consult.id == draft.id  # the open draft, not a second one
    assert _drafts(ctx, p.id) == [draft.id]
    ws.intake.consult = None
    ws.on_patient_saved(p)  # once more: still that one draft
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    assert ws.intake.consult.id == draft.id and _drafts(ctx, p.id) == [draft.id]


class _FullWriter:
    """A database writer on a full disk: every write fails with ``StorageFullError``."""

    def submit(self, fn: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(errors.StorageFullError("disk full"))
        return future


def test_intake_shows_storage_full_and_keeps_the_typing(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _ramesh(ctx)
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.open_for(p)
    qtbot.waitUntil(lambda: page.consult is not None, timeout=10_000)
    real = ctx.services.clinic.writer
    ctx.services.clinic.writer = _FullWriter()  # type: ignore[assignment]
    try:
        QTest.keyClicks(page.complaint_text, "Fever and chills")
        qtbot.waitUntil(lambda: "disk is full" in page.status.text(), timeout=10_000)
        assert page.complaint_text.toPlainText() == "Fever and chills"
        # A camera snapshot (already encrypted) cannot be linked to the consult either.
        page.status.clear()
        ok, jpeg = cv2.imencode(".jpg", np.full((120, 160, 3), 90, np.uint8))
        assert ok
        ref, thumb = consult_repo.store_attachment_blobs(ctx.blobs, jpeg.tobytes(), "image/jpeg")
        page.attach_stored(ref, thumb, "image/jpeg", "Camera snapshot")
        qtbot.waitUntil(lambda: "disk is full" in page.status.text(), timeout=10_000)
        assert page.attachments.model.rowCount() == 0
        i18n.install("hi")
        page.status.clear()
        QTest.keyClicks(page.complaint_text, " at night")  # QTest types ASCII only
        qtbot.waitUntil(lambda: "डिस्क भर गई" in page.status.text(), timeout=10_000)
        assert page.complaint_text.toPlainText() == "Fever and chills at night"
    finally:
        ctx.services.clinic.writer = real
