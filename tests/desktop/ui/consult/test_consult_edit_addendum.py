"""Editing a patient from the consult keeps a history; addenda after sending; a patient
photo goes into the encrypted blob store with its database row."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, patient_repo
from desktop.storage.models.blobs import BlobRecord
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.patients.registration_form import PatientRegistrationForm
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

_ = ctx


def _patient(ctx: ClinicContext) -> Patient:
    p = Patient(
        "Kamla",
        "Devi",
        "female",
        date(1970, 1, 1),
        mobile="9876501234",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
    )
    return p


def test_edit_patient_from_the_consult_keeps_history(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _patient(ctx)
    ws = SpokeWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1200, 800)
    ws.show()
    qtbot.waitExposed(ws)
    ws.activateWindow()
    ws.on_open_patient(p.id)
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    QTest.keyClick(
        QApplication.focusWidget() or ws.intake, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: ws.currentWidget() is ws.registration)
    form = ws.registration
    assert form.given_name.text() == "Kamla" and form.heading.text() == "Edit patient"
    form.locality.setFocus()
    form.locality.selectAll()
    QTest.keyClicks(form.locality, "Pipariya")
    QTest.keyClick(form.locality, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.currentWidget() is ws.intake, timeout=10_000)
    with ctx.services.clinic.db.read_session() as s:
        changes = patient_repo.history(s, p.id)
    assert [c.changes for c in changes] == [{"locality": ["Rampur", "Pipariya"]}]
    assert changes[0].changed_by == "cho.meena"
    assert ws.intake.patient is not None and ws.intake.patient.locality == "Pipariya"


def test_addendum_after_the_consult_was_sent(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _patient(ctx)
    c = ctx.services.clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, ctx.actor))
    c.complaints, c.specialty = ["cough"], "general_medicine"
    ctx.services.clinic.writer.run(lambda s: consult_repo.autosave(s, c, ctx.actor))
    yes = Consent(
        ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", datetime.now(UTC)
    )
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.record_consent(s, c.id, yes, p, TODAY, ctx.actor)
    )
    ctx.services.clinic.writer.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, ctx.actor))
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.open_for(p, c.id)
    qtbot.waitUntil(lambda: page.consult is not None, timeout=10_000)
    assert page.addendum_group.isVisible() and not page.ready_button.isEnabled()
    assert page.conditions.isReadOnly()
    QTest.keyClicks(page.addendum_group.text, "Fever came back at night")
    page.addendum_group.button.click()
    qtbot.waitUntil(lambda: "Fever came back" in page.addendum_group.addenda.text(), timeout=10_000)
    with ctx.services.clinic.db.read_session() as s:
        assert [a.text for a in consult_repo.load(s, c.id).addenda] == ["Fever came back at night"]


def test_photo_from_a_file_is_stored_encrypted(ctx: ClinicContext, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    image = np.full((200, 160, 3), 200, dtype=np.uint8)
    cv2.circle(image, (80, 90), 50, (90, 120, 180), -1)
    path = tmp_path / "face.jpg"
    cv2.imwrite(str(path), image)
    form = PatientRegistrationForm(ctx)
    qtbot.addWidget(form)
    form.show()
    form.photo.use_file(str(path))
    qtbot.waitUntil(lambda: form.photo.ref is not None, timeout=10_000)
    assert not form.photo.preview.pixmap().isNull()
    for edit, text in (
        (form.given_name, "Meera"),
        (form.birth_date, "01-01-1990"),
        (form.mobile, "9812312312"),
        (form.district, "Sitapur"),
        (form.locality, "Rampur"),
    ):
        edit.setText(text)
    form.sex.setCurrentIndex(form.sex.findData("female"))
    form.state.setCurrentIndex(form.state.findData(9))
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.on_save()
    ref = form.photo.ref
    assert ref is not None and saved.args[0].photo_blob_id == ref.blob_id
    with ctx.services.clinic.db.read_session() as s:
        row = s.get(BlobRecord, ref.blob_id)
        assert row is not None and row.owner_id == saved.args[0].id and row.kind == "photo"
    assert ctx.blobs.read_all(ref.blob_id) == path.read_bytes()
    assert path.read_bytes() not in ctx.blobs.path_of(ref.blob_id).read_bytes()


def test_camera_snapshot_blobs_are_linked_to_the_consult(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _patient(ctx)
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.open_for(p)
    qtbot.waitUntil(lambda: page.consult is not None, timeout=10_000)
    frame = np.zeros((240, 320, 3), dtype=np.uint8)
    ok, jpeg = cv2.imencode(".jpg", frame)
    assert ok
    ref, thumb = consult_repo.store_attachment_blobs(ctx.blobs, jpeg.tobytes(), "image/jpeg")
    page.attach_stored(ref, thumb, "image/jpeg", "Camera snapshot")
    qtbot.waitUntil(lambda: page.attachments.model.rowCount() == 1, timeout=10_000)
    assert page.consult is not None
    with ctx.services.clinic.db.read_session() as s:
        stored = consult_repo.load(s, page.consult.id)
    assert [(a.title, a.blob_id) for a in stored.attachments] == [("Camera snapshot", ref.blob_id)]


def test_abha_qr_from_camera_frames(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    import json

    payload = {
        "hidn": "91-5046-6137-2897",
        "hid": "meera.b@abdm",
        "name": "Meera Bai",
        "gender": "F",
        "dob": "1-1-1985",
        "statelgd": "8",
    }
    code = cv2.QRCodeEncoder.create().encode(json.dumps(payload))
    card = cv2.copyMakeBorder(
        cv2.resize(code, None, fx=5, fy=5, interpolation=cv2.INTER_NEAREST),
        40,
        40,
        40,
        40,
        cv2.BORDER_CONSTANT,
        value=255,
    )
    frames = [np.zeros((240, 320, 3), np.uint8)] * 3 + [cv2.cvtColor(card, cv2.COLOR_GRAY2BGR)]
    served = iter(frames)
    last = {"f": None}

    def latest():  # type: ignore[no-untyped-def]
        last["f"] = next(served, last["f"])
        return last["f"]

    form = PatientRegistrationForm(ctx)
    qtbot.addWidget(form)
    form.scan_camera(latest)
    qtbot.waitUntil(lambda: form.given_name.text() == "Meera", timeout=15_000)
    assert not form.qr_reader.timer.isActive() and form.state.currentData() == 8
    form.scan_camera(lambda: None, timeout_s=0.3)  # no camera frames at all
    qtbot.waitUntil(lambda: "No QR code found" in form.status.text(), timeout=5_000)


def test_typing_is_autosaved_as_a_draft(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _patient(ctx)
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.open_for(p)
    qtbot.waitUntil(lambda: page.consult is not None, timeout=10_000)
    with qtbot.waitSignal(page.autosaved, timeout=10_000):
        QTest.keyClicks(page.complaint_text, "Headache since morning")
        QTest.keyClicks(page.vitals.edits["pulse"], "88")
    qtbot.waitUntil(lambda: not page._timer.isActive() and not page._saving, timeout=10_000)
    assert page.consult is not None
    with ctx.services.clinic.db.read_session() as s:
        stored = consult_repo.load(s, page.consult.id)
        assert consult_repo.drafts_for(s, p.id) == [page.consult.id]
    assert stored.complaint_text.startswith("Headache")
