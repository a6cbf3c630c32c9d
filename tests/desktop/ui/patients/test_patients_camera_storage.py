"""Registration with the camera (patient photo, ABHA QR by shortcut), the LGD district code
from a card QR, and storage errors (disk full) shown in English and Hindi with nothing typed
lost."""

from __future__ import annotations

import dataclasses
import json
from concurrent.futures import Future
from typing import Any

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from desktop.settings import Settings
from desktop.storage import errors
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.clinical import PatientRecord
from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.patients import camera_frames
from desktop.ui.patients.camera_frames import CameraFrames
from desktop.ui.patients.registration_form import PatientRegistrationForm
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import ctx
from tests.desktop.ui.patients.test_patients_ui import _form, fill_by_keyboard

_ = ctx


def _count(c: ClinicContext) -> int:
    with c.services.clinic.db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(PatientRecord)) or 0)


def _typed(form: PatientRegistrationForm) -> dict[str, Any]:
    """What the fields hold (a new patient gets a fresh id per read, so leave ids out)."""
    values = dataclasses.asdict(form.patient())
    return {k: v for k, v in values.items() if k not in ("id", "code")}


def _fill_minimum(form: PatientRegistrationForm) -> None:
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


def qr_frame(payload: dict[str, str]) -> np.ndarray:
    """A camera-sized BGR frame with an ABHA card QR in it."""
    code = cv2.QRCodeEncoder.create().encode(json.dumps(payload, ensure_ascii=False))
    big = cv2.resize(code, None, fx=5, fy=5, interpolation=cv2.INTER_NEAREST)
    frame = np.full((480, 640, 3), 235, np.uint8)
    h, w = big.shape
    frame[40 : 40 + h, 60 : 60 + w] = cv2.cvtColor(big, cv2.COLOR_GRAY2BGR)
    return frame


@pytest.fixture
def camera(ctx: ClinicContext, qtbot):  # type: ignore[no-untyped-def]
    """The app's capture panel on its default source choice (the demo test pattern here)."""
    panel = CapturePanel(ctx.blobs, Settings(), cameras=[], microphones=[])
    qtbot.addWidget(panel)
    yield panel
    panel.stop_capture()


def test_photo_from_the_camera_is_stored_encrypted(ctx: ClinicContext, camera, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = SpokeWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.set_camera(camera_frames.frames_of(camera.camera))
    ws.on_new_patient()
    form = ws.registration
    assert not form.photo.camera_button.isHidden() and not camera.capturing
    form.photo.camera_button.click()  # the camera starts, its newest frame is the photo
    qtbot.waitUntil(lambda: form.photo.ref is not None, timeout=15_000)
    assert not form.photo.preview.pixmap().isNull()
    assert not camera.capturing  # let go once the picture was taken
    _fill_minimum(form)
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.on_save()
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)  # on to intake
    ref = form.photo.ref
    assert ref is not None and saved.args[0].photo_blob_id == ref.blob_id
    with ctx.services.clinic.db.read_session() as s:
        row = s.get(BlobRecord, ref.blob_id)
        assert row is not None and row.kind == "photo" and row.owner_id == saved.args[0].id
    jpeg = ctx.blobs.read_all(ref.blob_id)
    picture = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert picture is not None and picture.shape[:2] == (480, 640)  # the chosen frame size
    assert jpeg[:64] not in ctx.blobs.path_of(ref.blob_id).read_bytes()  # encrypted at rest


def test_abha_qr_by_camera_shortcut_keeps_the_district_code(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = {
        "hidn": "91-5046-6137-2897",
        "hid": "meera.b@abdm",
        "name": "Meera Bai",
        "gender": "F",
        "dob": "1-1-1985",
        "statelgd": "9",
        "distlgd": "162",
    }
    frames: list[Any] = [None, np.zeros((480, 640, 3), np.uint8), qr_frame(card)]
    holds: list[str] = []

    def latest() -> Any:
        return frames.pop(0) if len(frames) > 1 else frames[0]

    form = _form(ctx, qtbot)
    form.set_camera(CameraFrames(latest, lambda: holds.append("hold"), lambda: holds.append("off")))
    assert not form.camera_scan_button.isHidden()
    QTest.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_Q,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: form.given_name.text() == "Meera", timeout=15_000)
    assert form.abha_number.text() == "91-5046-6137-2897" and form.state.currentData() == 9
    assert form.district.text() == "" and form.district_lgd == 162
    assert "162" in form.district.placeholderText()
    assert holds == ["hold", "off"]  # the camera was held only while scanning


def test_registration_shows_storage_full_and_keeps_the_typing(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    class FullWriter:
        def submit(self, fn: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_exception(errors.StorageFullError("disk full"))
            return future

    real = ctx.services.clinic.writer
    ctx.services.clinic.writer = FullWriter()  # type: ignore[assignment]
    try:
        form = _form(ctx, qtbot)
        fill_by_keyboard(form, qtbot, "Ramesh", "Kumar")
        typed = _typed(form)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "disk is full" in form.status.text(), timeout=10_000)
        assert "Free some space" in form.status.text()
        assert _typed(form) == typed  # every field keeps what was typed
        i18n.install("hi")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "डिस्क" in form.status.text(), timeout=10_000)
        assert _typed(form) == typed
    finally:
        ctx.services.clinic.writer = real
    assert _count(ctx) == 0


def test_photo_picker_shows_storage_full(ctx: ClinicContext, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def full(*_args: Any, **_kw: Any) -> Any:
        raise errors.StorageFullError("disk full")

    monkeypatch.setattr(ctx.blobs, "put", full)
    form = _form(ctx, qtbot)
    form.set_camera(CameraFrames(lambda: np.full((240, 320, 3), 128, np.uint8)))
    form.photo.camera_button.click()
    qtbot.waitUntil(lambda: "disk is full" in form.status.text(), timeout=10_000)
    assert form.photo.ref is None
