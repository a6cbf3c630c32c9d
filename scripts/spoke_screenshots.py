"""Screenshots of the spoke workflow (registration, duplicate warning, storage full, search,
consult intake) in English and Hindi, offscreen, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/spoke_screenshots.py [duplicate]

``duplicate`` renders only the duplicate warning (the dialog, and the dialog over the
registration form on a 1366x768 screen).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from pyrage import x25519  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.core.duplicates import Decision  # noqa: E402
from desktop.core.patient import Patient  # noqa: E402
from desktop.services.bundle import Services  # noqa: E402
from desktop.storage import errors, migrate, patient_repo  # noqa: E402
from desktop.storage.audit import Actor  # noqa: E402
from desktop.storage.blobs import BlobStore  # noqa: E402
from desktop.storage.db import Database  # noqa: E402
from desktop.storage.session import UserSession  # noqa: E402
from desktop.storage.writer import DbWriter  # noqa: E402
from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.clinic_context import ClinicContext  # noqa: E402
from desktop.ui.consult.intake_page import ConsultIntakePage  # noqa: E402
from desktop.ui.login_dialog import LoginDialog  # noqa: E402
from desktop.ui.patients.camera_frames import CameraFrames  # noqa: E402
from desktop.ui.patients.registration_form import PatientRegistrationForm  # noqa: E402
from desktop.ui.patients.search_page import PatientSearchPage  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TODAY = date(2026, 11, 25)


def settle(cond: Callable[[], bool] = lambda: True, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        if cond():
            break
        time.sleep(0.02)
    for _ in range(5):
        QCoreApplication.processEvents()
        time.sleep(0.02)


def shot(widget: QWidget, name: str, lang: str) -> None:
    settle()
    path = OUT / f"{name}-{lang}.png"
    widget.grab().save(str(path))
    print("wrote", path.relative_to(ROOT))


def person(given: str, family: str, **kw: object) -> Patient:
    base: dict[str, object] = {
        "sex": "female",
        "birth_date": date(1986, 4, 12),
        "mobile": "9812345670",
        "state_lgd": 23,
        "district": "Sehore",
        "locality": "Pipariya",
        "pin": "466001",
    }
    base.update(kw)
    return Patient(given, family, **base)  # type: ignore[arg-type]


def seed(ctx: ClinicContext) -> Patient:
    people = [
        person("रमेश", "कुमार", sex="male", birth_date=date(1979, 8, 5), mobile="9876543210"),
        person("Ramesh", "Yadav", sex="male", birth_date=date(1990, 1, 2), mobile="9123456780"),
        person("Rama", "Devi", birth_date=date(1961, 3, 3), mobile=""),
        person("रामप्यारी", "बाई", birth_date=date(1955, 6, 1), mobile="9988776655"),
        person("Sunita", "Devi", abha_number="91504661372897", abha_address="sunita.devi@abdm"),
        person(
            "Priya",
            "Sharma",
            birth_date=date(2012, 2, 2),
            guardian_name="Kavita Sharma",
            guardian_relation="mother",
            mobile="9090909090",
        ),
    ]
    for p in people:
        if not p.mobile:
            p.no_mobile_reason = "none_owned"
        ctx.services.clinic.writer.run(
            lambda s, p=p: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
        )
    return people[4]


def fill_registration(form: PatientRegistrationForm, lang: str) -> None:
    hindi = lang == "hi"
    form.given_name.setText("रमेश" if hindi else "Ramesh")
    form.family_name.setText("कुमार" if hindi else "Kumar")
    form.sex.setCurrentIndex(form.sex.findData("male"))
    form.birth_date.setText("05-08-1979")
    form.mobile.setText("98765 43210")
    form.abha_number.setText("91-5046-6137-2897")
    form.abha_address.setText("ramesh.k@abdm")
    form.state.setCurrentIndex(form.state.findData(23))
    form.district.setText("Sehore")
    form.locality.setText("Pipariya")
    form.address_line.setText("Ward 4, near the school")
    form.pin.setText("466001")


def camera_frame() -> np.ndarray:
    """A synthetic camera picture standing in for the patient's face."""
    image = np.full((480, 640, 3), (205, 215, 222), dtype=np.uint8)
    cv2.ellipse(image, (320, 230), (110, 140), 0, 0, 360, (120, 160, 200), -1)
    cv2.ellipse(image, (320, 470), (210, 120), 0, 180, 360, (90, 90, 160), -1)
    return image


class FullWriter:
    """A database writer on a full disk, for the storage-full screenshot."""

    def submit(self, fn: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(errors.StorageFullError("disk full"))
        return future


def login_disk_full(lang: str) -> None:
    """The sign-in screen when the disk is too full to record the sign-in."""
    i18n.install(lang)
    storage: Any = SimpleNamespace(writer=FullWriter(), device="screenshots")
    dialog = LoginDialog(UserSession(storage))
    dialog.username.setText("cho.meena")
    dialog.password.setText("not shown")
    dialog.show()
    dialog.on_sign_in_clicked()
    settle(dialog.sign_in.isEnabled)
    shot(dialog, "login-disk-full", lang)
    dialog.close()


def picture(path: Path) -> Path:
    image = np.full((480, 640, 3), 228, dtype=np.uint8)
    cv2.ellipse(image, (330, 250), (190, 120), 20, 0, 360, (70, 80, 200), -1)
    cv2.putText(image, "synthetic", (40, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (40, 40, 40), 3)
    cv2.imwrite(str(path), image)
    return path


SCREEN = (1366, 768)  # most clinic PCs


def duplicate_warning(lang: str, ctx: ClinicContext) -> None:
    """Registering a patient like one already there: the warning at its own size, and over
    the registration form as a 1366x768 screen shows it (the safe choice is the default)."""
    i18n.install(lang)
    settle()
    dup = PatientRegistrationForm(ctx)
    dup.resize(*SCREEN)
    dup.show()
    fill_registration(dup, "en" if lang == "hi" else "hi")  # the other script than stored
    dup.given_name.setText("Ramesh")
    dup.family_name.setText("Kumar")
    dup.on_save()
    settle(lambda: dup.dialog is not None and dup.dialog.isVisible())
    dialog = dup.dialog
    assert dialog is not None and dialog.same_button.isDefault()
    shot(dialog, "patient-duplicate-warning", lang)
    screen = dup.grab()
    picture = dialog.grab()
    painter = QPainter(screen)
    painter.fillRect(screen.rect(), QColor(0, 0, 0, 70))  # the form behind the modal box
    left = (screen.width() - picture.width()) // 2
    top = (screen.height() - picture.height()) // 2
    painter.drawPixmap(left, top, picture)
    painter.end()
    path = OUT / f"patient-duplicate-warning-screen-{lang}.png"
    screen.save(str(path))
    print("wrote", path.relative_to(ROOT))
    dialog.reject()
    dup.close()


def run(lang: str, ctx: ClinicContext, sunita: Patient, tmp: Path) -> None:
    i18n.install(lang)
    settle()
    form = PatientRegistrationForm(ctx)
    form.set_camera(CameraFrames(camera_frame))
    form.resize(1120, 720)
    form.show()
    shot(form, "patient-registration-empty", lang)
    fill_registration(form, lang)
    form.photo.on_camera()
    settle(lambda: form.photo.ref is not None)
    shot(form, "patient-registration-filled", lang)
    form.given_name.setText("R2D2")
    form.mobile.setText("12345")
    form.abha_number.setText("91-5046-6137-2893")
    form.pin.setText("999999")
    form.district.clear()
    form.on_save()
    shot(form, "patient-registration-error", lang)
    form.close()

    duplicate_warning(lang, ctx)

    full = PatientRegistrationForm(dataclasses.replace(ctx, writer=FullWriter()))  # type: ignore[arg-type]
    full.set_camera(CameraFrames(camera_frame))
    full.resize(1120, 720)
    full.show()
    fill_registration(full, lang)
    full.on_save()
    settle(lambda: full.status.text() != full.tr("Saving…"))
    shot(full, "patient-registration-storage-full", lang)
    full.close()

    page = PatientSearchPage(ctx)
    page.resize(1120, 520)
    page.show()
    page.start()
    page.search.setText("ram")
    page.on_typing_paused()
    settle(lambda: page.model.rowCount() > 0)
    shot(page, "patient-search", lang)
    page.close()

    intake = ConsultIntakePage(ctx)
    intake.resize(1280, 940)
    intake.show()
    intake.open_for(sunita)
    settle(lambda: intake.consult is not None)
    shot(intake, "consult-intake-empty", lang)
    for row in (0, 1):
        intake.complaints.item(row).setCheckState(Qt.CheckState.Checked)
    intake.complaint_text.setPlainText(
        "तीन दिन से बुखार और खाँसी" if lang == "hi" else "Fever and cough for three days"
    )
    intake.duration.setValue(3)
    intake.fields.allergies.setText("Penicillin")
    values = ("150", "94", "104", "38.6", "93", "22", "54", "158", "132")
    for edit, value in zip(intake.vitals.edits.values(), values, strict=True):
        edit.setText(value)
    intake.specialty.setCurrentIndex(intake.specialty.findData("general_medicine"))
    intake.fields.priority.setCurrentIndex(intake.fields.priority.findData("urgent"))
    intake.consent.teleconsultation.setChecked(True)
    intake.consent.on_record()
    settle(lambda: bool(intake.consent.summary.text()))
    intake.on_attach_file(str(picture(tmp / f"rash-{lang}.png")), "image/png")
    settle(lambda: intake.attachments.model.rowCount() == 1)
    shot(intake, "consult-intake-filled", lang)
    intake.close()

    bad = ConsultIntakePage(ctx)
    bad.resize(1280, 940)
    bad.show()
    bad.open_for(sunita)
    settle(lambda: bad.consult is not None)
    bad.vitals.edits["temperature"].setText("98.6")
    bad.vitals.edits["spo2"].setText("140")
    bad.vitals.edits["systolic"].setText("80")
    bad.vitals.edits["diastolic"].setText("95")
    bad.on_mark_ready()
    shot(bad, "consult-intake-error", lang)
    bad.close()


def main() -> None:
    app = create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        locs = paths.init(Path(tmp) / "profile")
        db = Database(locs.database, os.urandom(32))
        migrate.upgrade(db)
        writer = DbWriter(db)
        ctx = ClinicContext(
            Services.open(
                db,
                writer,
                BlobStore(locs.blobs, x25519.Identity.generate()),
                Actor("cho.meena", "operator", "screenshots"),
            ),
            today=lambda: TODAY,
        )
        sunita = seed(ctx)
        for lang in ("en", "hi"):
            if sys.argv[1:] == ["duplicate"]:
                duplicate_warning(lang, ctx)
                continue
            run(lang, ctx, sunita, Path(tmp))
            login_disk_full(lang)
        writer.close()
        db.dispose()
    app.quit()


if __name__ == "__main__":
    main()
