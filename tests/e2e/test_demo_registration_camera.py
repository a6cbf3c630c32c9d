"""The registration form of the running app (demo mode, in process) takes the patient's
photo from the app's camera (the test pattern here) and reads an ABHA QR with it by
Ctrl+Shift+Q; the camera runs only while the form needs it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop import paths
from desktop.settings import Settings
from desktop.storage.models.blobs import BlobRecord
from desktop.ui.clinic_app import ClinicApp

pytestmark = pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")


@pytest.fixture
def clinic(profile: paths.Locations, qtbot) -> Iterator[ClinicApp]:  # type: ignore[no-untyped-def]
    app = ClinicApp(Settings(), demo_mode=True)
    try:
        assert app.open_storage()
        assert app.sign_in(unattended=True)
        shell = app.build_window()
        qtbot.addWidget(shell.window)
        shell.window.show()
        yield app
    finally:
        app.shutdown()


def test_registration_photo_and_qr_scan_use_the_app_camera(clinic: ClinicApp, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws, capture, shell = clinic.workspace, clinic.capture, clinic.shell
    assert ws is not None and capture is not None and shell is not None
    shell.window.show_page("patients")
    ws.on_new_patient()
    form = ws.registration
    assert not capture.capturing
    form.photo.camera_button.click()
    qtbot.waitUntil(lambda: form.photo.ref is not None, timeout=20_000)
    assert not capture.capturing  # released once the photo was taken

    QTest.keyClick(
        form.given_name,
        Qt.Key.Key_Q,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert form.qr_reader.timer.isActive() and "ABHA card" in form.status.text()
    qtbot.waitUntil(lambda: capture.capturing, timeout=5_000)  # held while scanning
    form.on_cancel()  # back to the search: the scan stops and the camera is let go
    qtbot.waitUntil(lambda: not capture.capturing, timeout=5_000)
    assert not form.qr_reader.timer.isActive()

    ws.on_new_patient()
    form = ws.registration
    form.photo.camera_button.click()
    qtbot.waitUntil(lambda: form.photo.ref is not None, timeout=20_000)
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
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    with ws.intake._ctx.services.clinic.db.read_session() as s:
        row = s.get(BlobRecord, ref.blob_id)
        assert row is not None and row.kind == "photo"
