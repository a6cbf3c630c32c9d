"""The vitals editor: Fahrenheit entry stored as Celsius, ranges shown in the unit typed,
impossible values rejected with a message, abnormal ones framed amber, BMI."""

from __future__ import annotations

from PySide6.QtTest import QTest

from desktop.core.issues import Severity
from desktop.ui.consult.vitals_editor import VitalsEditor


def test_fahrenheit_is_stored_in_celsius_and_flagged_in_fahrenheit(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = VitalsEditor("F")
    qtbot.addWidget(editor)
    assert editor.units["temperature"].text() == "°F"
    QTest.keyClicks(editor.edits["temperature"], "101.3")
    assert editor.vitals().temperature_c == 38.5
    issue = {i.field: i for i in editor.issues()}["temperature"]
    assert issue.severity is Severity.ABNORMAL and issue.params["high"] == 99.5
    assert editor.boxes["temperature"].message.text() == "High (normal 97–99.5)"
    assert "d39e00" in editor.edits["temperature"].styleSheet()  # amber frame


def test_impossible_values_are_rejected_with_a_message(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = VitalsEditor("C")
    qtbot.addWidget(editor)
    QTest.keyClicks(editor.edits["spo2"], "140")
    QTest.keyClicks(editor.edits["pulse"], "abc")
    assert editor.boxes["spo2"].message.text() == "Not possible: enter a value from 50 to 100."
    assert editor.boxes["pulse"].message.text() == "Numbers only (for example 98 or 36.5)."
    assert editor.edits["spo2"].property("invalid") is True
    QTest.keyClicks(editor.edits["weight_kg"], "70")
    QTest.keyClicks(editor.edits["height_cm"], "170")
    assert editor.bmi.text() == "BMI: 24.2 kg/m²"
    editor.edits["spo2"].clear()
    assert editor.boxes["spo2"].message.isHidden()


def _editor(qtbot, unit: str = "C") -> VitalsEditor:  # type: ignore[no-untyped-def]
    editor = VitalsEditor(unit)
    qtbot.addWidget(editor)
    editor.resize(1000, 500)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_impossible_blood_pressure_and_letters_are_refused_with_a_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot)
    QTest.keyClicks(editor.edits["systolic"], "300")
    QTest.keyClicks(editor.edits["diastolic"], "20")
    assert editor.boxes["diastolic"].message.text() == (
        "Not possible: 280 mmHg between the two (at most 200). Check both."
    )
    editor.edits["systolic"].setText("120")
    editor.edits["diastolic"].setText("130")
    assert editor.boxes["diastolic"].message.text() == (
        "Not possible: diastolic (130) must be below systolic (120)."
    )
    editor.edits["diastolic"].setText("9O")  # a letter O for a zero
    assert editor.boxes["diastolic"].message.text() == "Numbers only (for example 98 or 36.5)."
    assert editor.vitals().diastolic != editor.vitals().diastolic  # NaN: refused on ready


def test_a_fahrenheit_looking_temperature_offers_the_unit_switch(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, "C")
    assert editor.unit_switch.isHidden()
    QTest.keyClicks(editor.edits["temperature"], "98.6")
    assert editor.boxes["temperature"].message.text() == (
        "This looks like °F. Switch the unit to °F, or enter °C (30–45)."
    )
    assert editor.unit_switch.isVisible() and editor.unit_switch.text() == "Switch to °F"
    with qtbot.waitSignal(editor.unit_changed) as switched:
        editor.unit_switch.click()
    assert switched.args == ["F"] and editor.units["temperature"].text() == "°F"
    assert editor.vitals().temperature_c == 37.0
    assert editor.boxes["temperature"].message.isHidden() and editor.unit_switch.isHidden()
    editor.edits["temperature"].setText("37")  # now °C typed in the °F box
    assert editor.unit_switch.text() == "Switch to °C"
    assert "looks like °C" in editor.boxes["temperature"].message.text()


def test_fixed_values_clear_their_message_and_messages_do_not_move_fields(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot)
    before = {n: e.mapTo(editor, e.rect().topLeft()) for n, e in editor.edits.items()}
    bmi_before = editor.bmi.geometry().top()
    for edit in editor.edits.values():
        edit.setText("x")  # a message under every field at once
    editor.layout().activate()
    assert all(box.message.isVisible() for box in editor.boxes.values())
    after = {n: e.mapTo(editor, e.rect().topLeft()) for n, e in editor.edits.items()}
    assert after == before and editor.bmi.geometry().top() == bmi_before
    editor.edits["spo2"].setText("98")
    assert editor.boxes["spo2"].message.isHidden()
    assert editor.edits["spo2"].property("invalid") is False
    assert editor.boxes["spo2"].message.text() == ""


def test_a_draft_saved_with_text_that_was_no_number_shows_it_empty(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A draft autosaved while the pulse read "7O" holds NaN there (so marking ready refuses
    it); opened again, the box is empty, never "nan"."""
    editor = VitalsEditor("C")
    qtbot.addWidget(editor)
    QTest.keyClicks(editor.edits["pulse"], "7O")
    QTest.keyClicks(editor.edits["spo2"], "97")
    saved = editor.vitals()
    assert saved.pulse != saved.pulse  # NaN
    again = VitalsEditor("C")
    qtbot.addWidget(again)
    again.set_vitals(saved)
    assert again.edits["pulse"].text() == ""
    assert again.edits["spo2"].text() == "97"
