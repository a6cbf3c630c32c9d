"""Screenshots of the spoke operator's screens (issue 18's list: registration, duplicate
warning, estimated age, search, consult intake with complaints and vitals errors at 1366x768,
storage full, sign-in, start window, lock and sign-out, recording timer, Qt's own dialogs, and
through scripts/operator_screenshots.py the home worklist, settings, patient page with history,
read-only consult, the Hindi shell and the sync page) in English and Hindi, offscreen, into
docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/spoke_screenshots.py [--out DIR] [--lang en|hi]
                                                                   [SCENARIO ...]

Without SCENARIO every one runs (see ``SCENARIOS``); ``duplicate`` renders only the duplicate
warning. tests/test_spoke_screenshots.py runs a subset, so the script cannot break silently.
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
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from pyrage import x25519  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QTreeView, QWidget  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.core.duplicates import Decision  # noqa: E402
from desktop.core.patient import Patient  # noqa: E402
from desktop.services.bundle import Services  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.storage import errors, migrate, patient_repo  # noqa: E402
from desktop.storage.audit import Actor  # noqa: E402
from desktop.storage.blobs import BlobStore  # noqa: E402
from desktop.storage.db import Database  # noqa: E402
from desktop.storage.people import LoginResult  # noqa: E402
from desktop.storage.writer import DbWriter  # noqa: E402
from desktop.ui import failure_report, i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.clinic_context import ClinicContext  # noqa: E402
from desktop.ui.consult.intake_page import ConsultIntakePage  # noqa: E402
from desktop.ui.lock_screen import LockScreen  # noqa: E402
from desktop.ui.login_dialog import LoginDialog  # noqa: E402
from desktop.ui.media.indicator import RecordingIndicator  # noqa: E402
from desktop.ui.patients.camera_frames import CameraFrames  # noqa: E402
from desktop.ui.patients.registration_form import PatientRegistrationForm  # noqa: E402
from desktop.ui.patients.search_page import PatientSearchPage  # noqa: E402
from desktop.ui.shell import build_shell  # noqa: E402
from desktop.ui.start_window import StartWindow  # noqa: E402

# --out DIR sets it (through the environment, so scripts/operator_screenshots.py, which
# imports this module under its package name, writes there too).
OUT_ENV = "SPOKE_SCREENSHOTS_OUT"
OUT = Path(os.environ.get(OUT_ENV) or ROOT / "docs" / "screenshots")
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
    print("wrote", path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


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


def on_full_disk(ctx: ClinicContext) -> ClinicContext:
    """The same clinic, but every write fails as on a full disk."""
    clinic = ctx.services.clinic
    services = Services.open(clinic.db, FullWriter(), clinic.blobs, ctx.actor)  # type: ignore[arg-type]
    return dataclasses.replace(ctx, services=services)


class FullDiskAccounts:
    """The sign-in's account service when the disk is too full to record a sign-in."""

    def sign_in(self, username: str, password: str) -> Future[LoginResult]:
        return FullWriter().submit(None)

    def sign_out(self) -> None:
        return None


def login_disk_full(lang: str, env: Env) -> None:
    """The sign-in screen when the disk is too full to record the sign-in."""
    i18n.install(lang)
    dialog = LoginDialog(FullDiskAccounts())
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


@dataclasses.dataclass
class Env:
    """What the scenarios share: the clinic, its seeded patient, a scratch folder."""

    ctx: ClinicContext
    sunita: Patient
    tmp: Path
    # The operator scenario's own clinic (its worklist shows only its seeded consults),
    # its seeded patient and read-only consult; made when it first runs.
    operator: tuple[ClinicContext, Patient, str] | None = None
    closing: list[Callable[[], None]] = dataclasses.field(default_factory=list)


def open_clinic(folder: Path) -> tuple[ClinicContext, Callable[[], None]]:
    """A new encrypted clinic database (random key, no keyring) with the screenshots'
    operator signed in; returns it and how to close it."""
    folder.mkdir(parents=True, exist_ok=True)
    db = Database(folder / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    writer = DbWriter(db)
    ctx = ClinicContext(
        Services.open(
            db,
            writer,
            BlobStore(folder / "blobs", x25519.Identity.generate()),
            Actor("cho.meena", "operator", "screenshots"),
        ),
        today=lambda: TODAY,
    )

    def close() -> None:
        writer.close()
        db.dispose()

    return ctx, close


def duplicate_warning(lang: str, env: Env) -> None:
    """Registering a patient like one already there: the warning at its own size, and over
    the registration form as a 1366x768 screen shows it (the safe choice is the default)."""
    ctx = env.ctx
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
    print("wrote", path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    dialog.reject()
    dup.close()


def registration(lang: str, env: Env) -> None:
    """The registration form: empty, filled (photo from the camera), its errors, an
    estimated age, and a save on a full disk."""
    ctx = env.ctx
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

    aged = PatientRegistrationForm(ctx)
    aged.resize(*SCREEN)
    aged.show()
    fill_registration(aged, lang)
    aged.birth_date.clear()
    aged.age_years.setValue(62)
    settle()
    shot(aged, "patient-registration-estimated-age", lang)
    aged.close()

    full = PatientRegistrationForm(on_full_disk(ctx))
    full.set_camera(CameraFrames(camera_frame))
    full.resize(1120, 720)
    full.show()
    fill_registration(full, lang)
    full.on_save()
    settle(lambda: full.status.text() != full.tr("Saving…"))
    shot(full, "patient-registration-storage-full", lang)
    full.close()


def search(lang: str, env: Env) -> None:
    i18n.install(lang)
    page = PatientSearchPage(env.ctx)
    page.resize(1120, 520)
    page.show()
    page.start()
    page.search.setText("ram")
    page.on_typing_paused()
    settle(lambda: page.model.rowCount() > 0)
    shot(page, "patient-search", lang)
    page.close()


def intake(lang: str, env: Env) -> None:
    """The consult intake at 1366x768: empty, complaints and vitals filled, vitals errors."""
    ctx, sunita = env.ctx, env.sunita
    i18n.install(lang)
    page = ConsultIntakePage(ctx)
    page.resize(*SCREEN)
    page.show()
    page.open_for(sunita)
    settle(lambda: page.consult is not None)
    shot(page, "consult-intake-empty", lang)
    for row in (0, 1):
        page.complaints.item(row).setCheckState(Qt.CheckState.Checked)
    page.complaint_text.setPlainText(
        "तीन दिन से बुखार और खाँसी" if lang == "hi" else "Fever and cough for three days"
    )
    page.duration.setValue(3)
    page.fields.allergies.setText("Penicillin")
    values = ("150", "94", "104", "38.6", "93", "22", "54", "158", "132")
    for edit, value in zip(page.vitals.edits.values(), values, strict=True):
        edit.setText(value)
    page.specialty.setCurrentIndex(page.specialty.findData("general_medicine"))
    page.fields.priority.setCurrentIndex(page.fields.priority.findData("urgent"))
    page.consent.teleconsultation.setChecked(True)
    page.consent.on_record()
    settle(lambda: bool(page.consent.summary.text()))
    page.on_attach_file(str(picture(env.tmp / f"rash-{lang}.png")), "image/png")
    settle(lambda: page.attachments.model.rowCount() == 1)
    shot(page, "consult-intake-filled", lang)
    page.close()

    bad = ConsultIntakePage(ctx)
    bad.resize(*SCREEN)
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


def start_window(lang: str, env: Env) -> None:
    """The window shown at once while the clinic loads and its records open (busy bar)."""
    i18n.install(lang)
    window = StartWindow()
    for step in ("loading", "opening"):
        window.show_step(step)
        shot(window, "start-window" if step == "opening" else f"start-window-{step}", lang)
    window.close()


class LockedAccounts:
    """The lock screen's account service: signed in, locked, a wrong password refused."""

    current = LoginResult(True, display_name="Meena Kumari", username="cho.meena")
    locked = False

    def lock(self) -> None:
        self.locked = True

    def unlock(self, password: str) -> Future[LoginResult]:
        future: Future[LoginResult] = Future()
        future.set_result(LoginResult(False, reason="invalid"))
        return future


def lock_screen(lang: str, env: Env) -> None:
    """The idle lock over the main window (Unlock, Sign out), then a wrong password."""
    shell = build_shell(Settings(language=lang), facility="HWC Pipariya")
    shell.window.resize(*SCREEN)
    shell.window.show()
    lock = LockScreen(LockedAccounts(), shell.window)  # type: ignore[arg-type]
    lock.lock()
    shot(shell.window, "lock-screen", lang)
    lock.password.setText("wrong")
    lock.on_unlock_clicked()
    settle(lambda: bool(lock.message.text()))
    shot(shell.window, "lock-screen-wrong-password", lang)
    shell.window.removeEventFilter(lock)  # the script drops the screen before the window
    shell.window.close()


def recording(lang: str, env: Env) -> None:
    """The recording timer in the main window's status bar, seen from every page."""
    shell = build_shell(Settings(language=lang), facility="HWC Pipariya")
    indicator = RecordingIndicator()
    shell.window.statusBar().addPermanentWidget(indicator)
    shell.window.resize(*SCREEN)
    shell.window.show()
    indicator.set_recording(True)
    indicator.set_elapsed(754.0)
    settle()
    shot(shell.window, "recording-timer", lang)
    indicator.set_recording(False)
    shell.window.close()


def qt_dialogs(lang: str, env: Env) -> None:
    """Qt's own dialogs as the app opens them (a question with standard buttons, Qt's file
    dialog): in Hindi their buttons and labels come from our translation file."""
    i18n.install(lang)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("FailureReport", "Spoke Clinic"),
        failure_report.failure_text(RuntimeError()),
        QMessageBox.StandardButton.Retry
        | QMessageBox.StandardButton.Ignore
        | QMessageBox.StandardButton.Cancel,
    )
    box.show()
    shot(box, "qt-message-box", lang)
    box.close()
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Close
        | QDialogButtonBox.StandardButton.Discard
    )
    buttons.show()
    shot(buttons, "qt-standard-buttons", lang)
    buttons.close()
    folder = env.tmp / "attachments"
    folder.mkdir(exist_ok=True)
    picture(folder / "rash.png")
    (folder / "referral-letter.pdf").write_bytes(b"%PDF-1.4\n" + bytes(40_000))
    page = ConsultIntakePage(env.ctx)  # the file dialog as "Add picture or PDF" opens it
    page.open_for(env.sunita)
    settle(lambda: page.consult is not None)
    page.attachments.on_add()
    dialog = page.attachments.dialog
    assert dialog is not None
    dialog.setDirectory(str(folder))
    dialog.resize(900, 560)
    settle(
        lambda: (
            dialog.findChild(QTreeView, "treeView")
            .model()
            .rowCount(  # type: ignore[union-attr]
                dialog.findChild(QTreeView, "treeView").rootIndex()  # type: ignore[union-attr]
            )
            == 2
        )
    )
    shot(dialog, "qt-file-dialog", lang)
    dialog.reject()
    page.close()


def operator(lang: str, env: Env) -> None:
    """scripts/operator_screenshots.py's screens: home worklist, settings, patient page with
    its history, vitals messages, the read-only consult, the consult in the Hindi shell, the
    sync page with its items' labels."""
    from scripts import operator_screenshots

    if env.operator is None:
        ctx, close = open_clinic(env.tmp / "operator")
        env.closing.append(close)
        env.operator = ctx, seed(ctx), operator_screenshots.prepare(ctx)
    ctx, sunita, locked_id = env.operator
    operator_screenshots.run(lang, ctx, sunita.id, locked_id)


SCENARIOS: dict[str, Callable[[str, Env], None]] = {
    "registration": registration,
    "duplicate": duplicate_warning,
    "search": search,
    "intake": intake,
    "login-disk-full": login_disk_full,
    "start": start_window,
    "lock": lock_screen,
    "recording": recording,
    "qt-dialogs": qt_dialogs,
    "operator": operator,  # last: it seeds consults the others do not expect
}


def parse(argv: list[str]) -> tuple[list[str], list[str]]:
    """(scenarios, languages) from the command line; ``--out DIR`` sets ``OUT``."""
    global OUT
    args = list(argv)
    langs = ["en", "hi"]
    if "--out" in args:
        at = args.index("--out")
        OUT = Path(args[at + 1]).resolve()
        os.environ[OUT_ENV] = str(OUT)
        del args[at : at + 2]
    if "--lang" in args:
        at = args.index("--lang")
        langs = [args[at + 1]]
        del args[at : at + 2]
    unknown = [a for a in args if a not in SCENARIOS]
    if unknown:
        raise SystemExit(f"unknown scenario(s) {unknown}; known: {', '.join(SCENARIOS)}")
    return args or list(SCENARIOS), langs


def main(argv: list[str] | None = None) -> None:
    scenarios, langs = parse(sys.argv[1:] if argv is None else argv)
    OUT.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        paths.init(Path(tmp) / "profile")
        ctx, close = open_clinic(Path(tmp) / "clinic")
        env = Env(ctx, seed(ctx), Path(tmp), closing=[close])
        for name in scenarios:
            for lang in langs:
                SCENARIOS[name](lang, env)
        for close in env.closing:
            close()
    app.quit()


if __name__ == "__main__":
    main()
