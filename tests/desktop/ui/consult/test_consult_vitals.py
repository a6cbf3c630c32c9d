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
    assert editor.boxes["pulse"].message.text().startswith("Not possible")
    assert editor.edits["spo2"].property("invalid") is True
    QTest.keyClicks(editor.edits["weight_kg"], "70")
    QTest.keyClicks(editor.edits["height_cm"], "170")
    assert editor.bmi.text() == "BMI: 24.2 kg/m²"
    editor.edits["spo2"].clear()
    assert editor.boxes["spo2"].message.isHidden()
