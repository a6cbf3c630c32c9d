"""Registration form, duplicate dialog and the lazy patient table (qtmodeltester)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import cv2
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, insert, select

from desktop.core.names import phonetic_key
from desktop.core.patient import Patient, new_code, new_id
from desktop.storage import patient_repo
from desktop.storage.audited_reads import LIST, SEARCH, PatientFinder
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.clinical import PatientRecord
from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.duplicate_dialog import DuplicateDialog
from desktop.ui.patients.patient_table_model import PAGE, PatientTableModel
from desktop.ui.patients.registration_form import PatientRegistrationForm
from desktop.ui.patients.search_page import PatientSearchPage
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

_ = ctx


def _count(c: ClinicContext) -> int:
    with c.services.clinic.db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(PatientRecord)) or 0)


def _type(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    QTest.keyClicks(widget, text)


def _tab(times: int = 1) -> None:
    for _ in range(times):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def _form(ctx: ClinicContext, qtbot) -> PatientRegistrationForm:  # type: ignore[no-untyped-def]
    form = PatientRegistrationForm(ctx)
    qtbot.addWidget(form)
    form.resize(1100, 640)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.given_name.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.given_name)
    return form


def fill_by_keyboard(form: PatientRegistrationForm, qtbot, given: str, family: str) -> None:  # type: ignore[no-untyped-def]
    """Tab through the form in its tab order, typing like an operator."""
    _type(qtbot, given)
    _tab()
    _type(qtbot, family)
    _tab()
    _type(qtbot, "Male")  # sex combo: keyboard search
    _tab()
    _type(qtbot, "05-08-1981")
    _tab(3)  # skip the age boxes
    _type(qtbot, "9876543210")
    _tab(2)
    _type(qtbot, "91-5046-6137-2897")
    _tab(2)
    _type(qtbot, "Uttar")  # state combo
    _tab()
    _type(qtbot, "Sitapur")
    _tab()
    _type(qtbot, "Rampur")
    _tab(2)
    _type(qtbot, "261001")


def test_register_with_the_keyboard_only(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = _form(ctx, qtbot)
    fill_by_keyboard(form, qtbot, "Ramesh", "Kumar")
    assert form.state.currentData() == 9 and form.sex.currentData() == "male"
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    p = saved.args[0]
    assert isinstance(p, Patient) and p.abha_number == "91504661372897"
    assert _count(ctx) == 1


def test_inline_messages_in_english_and_hindi(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = _form(ctx, qtbot)
    _type(qtbot, "R2")
    form.mobile.setText("12345")
    QTest.keyClick(form.given_name, Qt.Key.Key_Return)
    assert form.boxes["given_name"].message.text() == "A name cannot contain digits."
    assert "10 digits" in form.boxes["mobile"].message.text()
    assert QApplication.focusWidget() is form.given_name
    assert _count(ctx) == 0
    i18n.install("hi")
    QTest.keyClick(form.given_name, Qt.Key.Key_Return)
    assert form.boxes["given_name"].message.text() == "नाम में अंक नहीं हो सकते।"
    qtbot.waitUntil(lambda: form.save_button.text().startswith("सहेजें"))  # LanguageChange


def test_escape_cancels(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = _form(ctx, qtbot)
    with qtbot.waitSignal(form.cancelled, timeout=2000):
        QTest.keyClick(form.given_name, Qt.Key.Key_Escape)


def test_abha_checksum_is_a_warning_and_still_saves(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = _form(ctx, qtbot)
    fill_by_keyboard(form, qtbot, "Mohan", "Lal")
    form.abha_number.setText("91-5046-6137-2893")  # last digit off
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.on_save()
    assert "check digit" in form.boxes["abha_number"].message.text() and _count(ctx) == 1


def test_duplicate_dialog_waits_for_the_operator(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    existing = Patient(
        "रमेश",
        "कुमार",
        "male",
        date(1980, 3, 1),
        mobile="9123456789",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(lambda s: patient_repo.register(s, existing, ctx.actor, TODAY))
    form = _form(ctx, qtbot)
    fill_by_keyboard(form, qtbot, "Ramesh", "Kumar")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.dialog is not None and form.dialog.isVisible(), timeout=10_000)
    dialog = form.dialog
    assert isinstance(dialog, DuplicateDialog)
    assert dialog.model.columnCount() == 2
    assert dialog.model.data(dialog.model.index(0, 1)) == "रमेश कुमार"
    assert _count(ctx) == 1  # nothing saved while the dialog is open
    with qtbot.waitSignal(form.same_person, timeout=10_000) as saved:
        dialog.same_button.click()
    assert saved.args[0].id == existing.id and _count(ctx) == 1
    form2 = _form(ctx, qtbot)
    fill_by_keyboard(form2, qtbot, "Ramesh", "Kumar")
    form2.on_save()
    qtbot.waitUntil(lambda: form2.dialog is not None and form2.dialog.isVisible(), timeout=10_000)
    assert form2.dialog is not None
    with qtbot.waitSignal(form2.saved, timeout=10_000) as saved2:
        form2.dialog.new_button.click()
    assert saved2.args[0].id != existing.id and _count(ctx) == 2


def test_enter_in_the_duplicate_warning_does_not_save_a_second_record(
    ctx: ClinicContext, qtbot
) -> None:  # type: ignore[no-untyped-def]
    existing = Patient(
        "Sita",
        "Devi",
        "female",
        date(1990, 5, 1),
        mobile="9876543210",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(lambda s: patient_repo.register(s, existing, ctx.actor, TODAY))
    form = _form(ctx, qtbot)
    fill_by_keyboard(form, qtbot, "Seeta", "Devi")
    form.on_save()
    qtbot.waitUntil(lambda: form.dialog is not None and form.dialog.isVisible(), timeout=10_000)
    dialog = form.dialog
    assert dialog is not None
    assert dialog.same_button.isDefault() and not dialog.new_button.isDefault()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.same_button)
    with qtbot.waitSignal(form.same_person, timeout=10_000) as chosen:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert chosen.args[0].id == existing.id
    assert _count(ctx) == 1  # Enter chose the safe answer: no second record


def test_abha_qr_picture_prefills_the_form(ctx: ClinicContext, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "hidn": "91-5046-6137-2897",
        "phr": "sunita.devi@abdm",
        "name": "सुनीता देवी",
        "gender": "F",
        "dob": "12-3-1979",
        "state name": "Madhya Pradesh",
        "district_name": "Sehore",
        "mobile": "9876543210",
    }
    code = cv2.QRCodeEncoder.create().encode(json.dumps(payload, ensure_ascii=False))
    image = cv2.copyMakeBorder(
        cv2.resize(code, None, fx=6, fy=6, interpolation=cv2.INTER_NEAREST),
        30,
        30,
        30,
        30,
        cv2.BORDER_CONSTANT,
        value=255,
    )
    path = tmp_path / "abha.png"
    cv2.imwrite(str(path), image)
    form = _form(ctx, qtbot)
    form.qr_reader.read_file(str(path))
    qtbot.waitUntil(lambda: form.given_name.text() == "सुनीता", timeout=10_000)
    assert form.family_name.text() == "देवी" and form.sex.currentData() == "female"
    assert form.birth_date.text() == "12-03-1979" and form.state.currentData() == 23
    assert form.abha_address.text() == "sunita.devi@abdm"
    garbage = tmp_path / "g.png"
    cv2.imwrite(
        str(garbage),
        cv2.resize(
            cv2.QRCodeEncoder.create().encode("upi://pay"),
            None,
            fx=6,
            fy=6,
            interpolation=cv2.INTER_NEAREST,
        ),
    )
    form.qr_reader.read_file(str(garbage))
    qtbot.waitUntil(lambda: "not from an ABHA card" in form.status.text(), timeout=10_000)


def _bulk(ctx: ClinicContext, n: int) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        p = Patient(
            f"Name{chr(97 + i % 26)}",
            f"Fam{chr(97 + (i // 26) % 26)}",
            "female",
            date(1950, 1, 1) + timedelta(days=i * 30),
            id=new_id(),
            code=new_code(),
        )
        rows.append(
            {c: getattr(p, c) for c in patient_repo.FIELDS}
            | patient_repo.search_keys(p)
            | {
                "photo_blob_id": None,
                "created_at": now,
                "updated_at": now + timedelta(minutes=i),
                "created_by": "t",
                "updated_by": "t",
                "version": 1,
            }
        )
    with ctx.services.clinic.db.write_engine.begin() as conn:
        conn.execute(insert(PatientRecord.__table__), rows)


def test_table_model_passes_qtmodeltester_and_loads_lazily(
    ctx: ClinicContext, qtbot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    _bulk(ctx, 250)
    model = PatientTableModel(
        PatientFinder(ctx.services.clinic.db, ctx.services.clinic.writer, ctx.actor), ctx.today
    )
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.reload()
    assert model.rowCount() == PAGE and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.sort(1, Qt.SortOrder.AscendingOrder)  # by name, re-queried in index order
    names = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    # Name order is the phonetic key's order: Latin and Devanagari spellings sort together.
    assert names == sorted(names, key=phonetic_key)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query("Namec")
    assert model.rowCount() > 0 and not model.canFetchMore(QModelIndex())
    assert all(model.data(model.index(r, 1)).startswith("Namec") for r in range(model.rowCount()))
    qtmodeltester.check(model)
    with (
        ctx.services.clinic.db.read_session() as s
    ):  # every page and search was audited, no query text kept
        kinds = list(s.scalars(select(AuditEntry.entity_type).where(AuditEntry.action == "read")))
        stored = " ".join(str(v) for e in s.scalars(select(AuditEntry)) for v in vars(e).values())
    assert kinds.count(LIST) >= 3 and kinds.count(SEARCH) == 1
    assert "Namec" not in stored


def test_search_page_results_as_you_type_and_enter_opens(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    _bulk(ctx, 60)
    page = PatientSearchPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.start()
    page.search.setFocus()
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        QTest.keyClicks(page.search, "Nameb Fama")
    assert page.model.data(page.model.index(0, 1)) == "Nameb Fama"  # exact match first
    with qtbot.waitSignal(page.open_patient, timeout=2000) as opened:
        QTest.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args[0] == page.model.patient_id(0)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.search.setText("zzzz")
    assert page.empty.isVisible()


def test_a_child_needs_a_guardian_and_age_can_be_estimated(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = _form(ctx, qtbot)
    fill_by_keyboard(form, qtbot, "Anu", "Kumari")
    form.sex.setCurrentIndex(form.sex.findData("female"))
    form.birth_date.clear()
    form.age_years.setValue(7)  # "about seven"
    form.on_save()
    assert form.boxes["guardian_name"].message.text() == "Enter the name."
    assert form.boxes["guardian_relation"].message.text().startswith("A minor needs a guardian")
    assert _count(ctx) == 0
    form.guardian_name.setText("Sita Devi")
    form.guardian_relation.setCurrentIndex(form.guardian_relation.findData("mother"))
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.on_save()
    child = saved.args[0]
    assert child.birth_estimated and child.age(TODAY)[0] == 7
