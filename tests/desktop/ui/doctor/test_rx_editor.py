"""The doctor's prescription editor: every cell of mode x first/follow-up x list blocks or
allows "Sign" as the guidelines say, naming drug and list in the doctor's language; used with
the keyboard only; free text marked; notation in words; stock flags with alternatives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui import i18n
from desktop.ui.doctor.rx_editor import RxEditor
from protocol import formulary, stock
from protocol.formulary import DrugClass
from protocol.schemas import Prescriber, PrescriptionContent
from protocol.vocab import ConsultMode

PRESCRIBER = Prescriber(
    name="Dr. Asha Verma",
    qualification="MBBS",
    registration_number="MP-12345",
    council="Madhya Pradesh Medical Council",
)
BY_LIST = {
    DrugClass.O: "Paracetamol",
    DrugClass.A: "Amoxicillin",
    DrugClass.B: "Sitagliptin",
    DrugClass.PROHIBITED: "Phenobarbitone",
}
ALLOWED = {
    ("video", False): {DrugClass.O, DrugClass.A},
    ("audio", False): {DrugClass.O},
    ("text", False): {DrugClass.O},
    ("video", True): {DrugClass.O, DrugClass.A, DrugClass.B},
    ("audio", True): {DrugClass.O, DrugClass.A, DrugClass.B},
    ("text", True): {DrugClass.O, DrugClass.A, DrugClass.B},
}
LIST_WORDS = {
    DrugClass.A: "List A",
    DrugClass.B: "List B",
    DrugClass.PROHIBITED: "prohibited list",
}


@pytest.fixture
def editor(qtbot: QtBot) -> Iterator[RxEditor]:
    widget = RxEditor(formulary.default(), PRESCRIBER)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    yield widget
    i18n.install("en")


def type_medicine(qtbot: QtBot, editor: RxEditor, name: str, frequency: str = "1-0-1") -> None:
    form = editor.medicine
    form.name.setFocus()
    qtbot.keyClicks(form.name, name)
    form.completer.popup().hide()
    form.frequency.setFocus()
    qtbot.keyClicks(form.frequency, frequency)
    QTest.keyClick(form.frequency, Qt.Key.Key_Return)


@pytest.mark.parametrize(("mode", "follow_up"), list(ALLOWED))
@pytest.mark.parametrize("drug_list", list(DrugClass))
def test_every_cell_blocks_or_allows_signing(
    editor: RxEditor, qtbot: QtBot, mode: str, follow_up: bool, drug_list: DrugClass
) -> None:
    editor.set_consult(mode, follow_up)
    qtbot.keyClicks(editor.diagnosis, "Acute upper respiratory infection")
    type_medicine(qtbot, editor, BY_LIST[drug_list])
    assert len(editor.rows.rows) == 1
    allowed = drug_list in ALLOWED[(mode, follow_up)]
    assert editor.sign_button.isEnabled() is allowed
    if allowed:
        with qtbot.waitSignal(editor.sign_requested) as signed:
            QTest.keyClick(editor.diagnosis, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        content: PrescriptionContent = signed.args[0]
        assert (
            content.medications[0].formulary_id
            == formulary.default().lookup(BY_LIST[drug_list]).drug.id
        )  # type: ignore[union-attr]
    else:
        [v] = [f for f in editor.findings() if f.blocking]
        assert v.drug_list is drug_list
        text = editor.findings_label.text()
        generic = formulary.default().lookup(BY_LIST[drug_list]).drug.generic  # type: ignore[union-attr]
        assert generic in text and LIST_WORDS[drug_list] in text
        with qtbot.assertNotEmitted(editor.sign_requested, wait=0):
            editor.on_sign()


def test_keyboard_only_prescription(editor: RxEditor, qtbot: QtBot) -> None:
    """Diagnosis, a medicine picked by type-ahead, timing, duration, investigations,
    follow-up, all with keys; Ctrl+Enter signs."""
    editor.set_consult(ConsultMode.VIDEO, False)
    editor.diagnosis.setFocus()
    qtbot.keyClicks(editor.diagnosis, "Essential hypertension")
    QTest.keyClick(editor.diagnosis, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "I10")
    form = editor.medicine
    form.name.setFocus()
    qtbot.keyClicks(form.name, "amlodip")
    popup = form.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert form.name.text() == "Amlodipine"
    assert form.strength.currentText() == "2.5 mg"  # strengths offered from the formulary
    for _ in range(3):  # strength, form, dose
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.dose
    qtbot.keyClicks(form.dose, "1 tablet")
    QTest.keyClick(form.dose, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.frequency, "1-0-0")
    assert form.words.text() == "once a day (morning)"
    QTest.keyClick(form.frequency, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.timing
    QTest.keyClick(form.timing, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    QTest.keyClick(form.timing, Qt.Key.Key_Down)
    QTest.keyClick(form.timing, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "30")
    QTest.keyClick(form.frequency, Qt.Key.Key_Return)
    [row] = editor.rows.rows
    med = row.medication
    assert (med.name, med.formulary_id, med.frequency, med.timing, med.duration_days) == (
        "Amlodipine",
        "amlodipine",
        "1-0-0",
        "after_food",
        30,
    )
    assert QApplication.focusWidget() is form.name  # ready for the next medicine
    editor.investigations.setFocus()
    qtbot.keyClicks(editor.investigations, "Lipid profile")
    QTest.keyClick(editor.follow_up_on, Qt.Key.Key_Space)
    with qtbot.waitSignal(editor.sign_requested) as signed:
        QTest.keyClick(editor.advice, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    content: PrescriptionContent = signed.args[0]
    assert content.diagnosis.code == "I10" and content.investigations == ["Lipid profile"]
    assert content.follow_up_date and content.prescriber.registration_number == "MP-12345"
    # Delete removes the selected medicine.
    editor.table.setFocus()
    editor.table.selectRow(0)
    QTest.keyClick(editor.table, Qt.Key.Key_Delete)
    assert editor.rows.rows == []


def test_brand_and_spelling_resolve_and_free_text_is_marked(editor: RxEditor, qtbot: QtBot) -> None:
    editor.set_consult("video", True)
    qtbot.keyClicks(editor.diagnosis, "Type 2 diabetes")
    type_medicine(qtbot, editor, "Januvia")
    type_medicine(qtbot, editor, "Kadha herbal decoction", "0-0-1")
    brand, free = editor.rows.rows
    assert (brand.medication.name, brand.medication.formulary_id) == ("Sitagliptin", "sitagliptin")
    assert free.free_text and not free.blocked
    cell = editor.rows.data(editor.rows.index(1, 0))
    assert cell == "Kadha herbal decoction [free text]"
    assert "not in the formulary" in editor.rows.data(editor.rows.index(1, 3))
    assert editor.sign_button.isEnabled()  # free text is flagged, not blocking
    editor.medicine.name.setText("Prednisone")
    assert "Did you mean Prednisolone?" in editor.medicine.hint.text()


def test_hindi_messages_and_words(editor: RxEditor, qtbot: QtBot) -> None:
    assert i18n.install("hi")
    editor.set_consult("audio", False)
    editor.diagnosis.setText("बुखार")  # QTest cannot type Devanagari
    type_medicine(qtbot, editor, "Alprax", "0-0-1")
    text = editor.findings_label.text()
    assert "Alprazolam" in text and "प्रतिबंधित सूची" in text
    assert "दिन में एक बार (रात)" in editor.rows.data(editor.rows.index(0, 1))
    qtbot.waitUntil(lambda: editor.sign_button.text().startswith("हस्ताक्षर"))


def test_stock_flag_with_alternatives(editor: RxEditor, qtbot: QtBot) -> None:
    editor.set_stock(stock.essential_medicines())
    editor.set_consult("video", False)
    qtbot.keyClicks(editor.diagnosis, "Essential hypertension")
    form = editor.medicine
    qtbot.keyClicks(form.name, "Amlodipine")
    form.completer.popup().hide()
    form.strength.setEditText("10 mg")
    assert "In stock: Amlodipine 2.5 mg tablet; Amlodipine 5 mg tablet" in form.hint.text()
    qtbot.keyClicks(form.frequency, "1-0-0")
    QTest.keyClick(form.frequency, Qt.Key.Key_Return)
    [row] = editor.rows.rows
    assert row.in_stock is False
    assert "Amlodipine 5 mg tablet" in editor.rows.data(editor.rows.index(0, 3))
    assert editor.sign_button.isEnabled()  # a stock flag informs, it does not block


def test_rows_model_passes_the_model_tester(
    editor: RxEditor, qtbot: QtBot, qtmodeltester: Any
) -> None:
    type_medicine(qtbot, editor, "Paracetamol", "SOS")
    type_medicine(qtbot, editor, "Codeine syrup", "1-1-1")
    qtmodeltester.check(editor.rows)
    qtmodeltester.check(editor.medicine.completer.model())


def test_a_correction_loads_the_signed_prescription_and_names_it(editor: RxEditor) -> None:
    signed = PrescriptionContent.model_validate(
        {
            "diagnosis": {
                "text": "Essential hypertension",
                "code": "I10",
                "system": "http://hl7.org/fhir/sid/icd-10",
            },
            "medications": [
                {
                    "name": "Amlodipine",
                    "formulary_id": "amlodipine",
                    "strength": "5 mg",
                    "frequency": "1-0-0",
                    "timing": "after_food",
                    "duration_days": 30,
                }
            ],
            "investigations": ["Lipid profile"],
            "advice": "Low salt diet.",
            "follow_up_date": "2026-12-24",
            "referral": {"facility": "District Hospital", "reason": "Review", "urgency": "urgent"},
            "prescriber": PRESCRIBER.model_dump(),
        }
    )
    rid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    editor.load(signed, replaces=rid)
    again = editor.content()
    assert again is not None and again.replaces == rid
    assert again.model_copy(update={"replaces": ""}) == signed
