"""Vitals entry with units: impossible values are refused with the reason, letters get
"numbers only", abnormal values are highlighted; BMI is computed; temperature in °C or °F
(stored in °C), with a one-click switch when a value looks typed in the other unit.
Message lines have reserved space, so a message never moves the fields below it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from desktop.core import vitals
from desktop.core.issues import Issue, error
from desktop.core.vitals import Vitals
from desktop.ui import messages
from desktop.ui.consult.binding import ConsultView
from desktop.ui.form_support import FieldBox

FIELDS = (
    "systolic",
    "diastolic",
    "pulse",
    "temperature",
    "spo2",
    "respiratory_rate",
    "weight_kg",
    "height_cm",
    "glucose_random",
)


class VitalsEditor(QWidget):
    """A grid of vitals; ``vitals()`` returns what is typed, ``issues()`` what is wrong.

    Signals:
        edited(): any value changed.
        unit_changed(str): the temperature unit ("C" or "F") was switched here.
    """

    edited = Signal()
    unit_changed = Signal(str)

    def __init__(self, temperature_unit: str = "C", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vitalsEditor")
        self.unit = temperature_unit if temperature_unit in ("C", "F") else "C"
        self.age_years: int | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.boxes: dict[str, FieldBox] = {}
        self.labels: dict[str, QLabel] = {}
        self.units: dict[str, QLabel] = {}
        self._suggested_unit: str | None = None
        self.unit_switch = QPushButton()
        self.unit_switch.setObjectName("temperatureUnitSwitch")
        keep = self.unit_switch.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.unit_switch.setSizePolicy(keep)
        self.unit_switch.hide()
        self.unit_switch.clicked.connect(self.on_switch_unit)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        for i, name in enumerate(FIELDS):
            edit = QLineEdit()
            edit.setObjectName(f"vital_{name}")
            edit.setFixedWidth(80)
            edit.textChanged.connect(self.on_changed)
            self.edits[name] = edit
            self.units[name] = QLabel()
            row_widget = QWidget()
            row_layout = QHBoxLayout(row_widget)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(edit)
            row_layout.addWidget(self.units[name])
            if name == "temperature":
                row_layout.addWidget(self.unit_switch)
            row_layout.addStretch(1)
            self.boxes[name] = FieldBox(row_widget, target=edit)
            self._reserve_message_space(self.boxes[name].message)
            self.labels[name] = QLabel()
            self.labels[name].setWordWrap(True)  # "Blood glucose (random)" on two lines at 1366
            row, col = divmod(i, 2)
            grid.addWidget(self.labels[name], row, col * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.boxes[name], row, col * 2 + 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.bmi = QLabel()
        self.bmi.setObjectName("bmiLabel")
        grid.addWidget(self.bmi, 5, 0, 1, 4)
        for a, b in zip(FIELDS, FIELDS[1:], strict=False):
            QWidget.setTabOrder(self.edits[a], self.edits[b])
        self.retranslate()

    def _reserve_message_space(self, message: QLabel) -> None:
        """Two lines are always kept for the message, shown or not: a message appearing
        must not push the next row's box away from under the pointer."""
        message.setMinimumWidth(200)
        message.setFixedHeight(2 * message.fontMetrics().lineSpacing() + 2)
        message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        policy = message.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        message.setSizePolicy(policy)

    def retranslate(self) -> None:
        titles = {
            "systolic": self.tr("BP systolic"),
            "diastolic": self.tr("BP diastolic"),
            "pulse": self.tr("Pulse"),
            "temperature": self.tr("Temperature"),
            "spo2": self.tr("SpO₂"),
            "respiratory_rate": self.tr("Respiratory rate"),
            "weight_kg": self.tr("Weight"),
            "height_cm": self.tr("Height"),
            "glucose_random": self.tr("Blood glucose (random)"),
        }
        units = {
            "systolic": "mmHg",
            "diastolic": "mmHg",
            "pulse": self.tr("/min"),
            "temperature": "°F" if self.unit == "F" else "°C",
            "spo2": "%",
            "respiratory_rate": self.tr("/min"),
            "weight_kg": self.tr("kg"),
            "height_cm": self.tr("cm"),
            "glucose_random": "mg/dL",
        }
        for name in FIELDS:
            self.labels[name].setText(titles[name])
            self.units[name].setText(units[name])
        self.unit_switch.setText(
            self.tr("Switch to °F") if self._suggested_unit == "F" else self.tr("Switch to °C")
        )
        self._show_bmi()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- values -----------------------------------------------------------------------
    def _number(self, name: str) -> float | None:
        value, issue = vitals.parse_number(name, self.edits[name].text())
        # Not a number: NaN, so the core rules (and marking ready) refuse it as well.
        return float("nan") if issue is not None else value

    def set_unit(self, unit: str) -> None:
        """Show and read the temperature in ``unit`` ("C" or "F"); what is typed stays."""
        if unit not in ("C", "F") or unit == self.unit:
            return
        self.unit = unit
        self.retranslate()
        self.on_changed()

    def vitals(self) -> Vitals:
        temp = self._number("temperature")
        if temp is not None and self.unit == "F":
            temp = round(vitals.f_to_c(temp), 1)
        return Vitals(
            systolic=self._number("systolic"),
            diastolic=self._number("diastolic"),
            pulse=self._number("pulse"),
            temperature_c=temp,
            spo2=self._number("spo2"),
            respiratory_rate=self._number("respiratory_rate"),
            weight_kg=self._number("weight_kg"),
            height_cm=self._number("height_cm"),
            glucose_random=self._number("glucose_random"),
        )

    def set_vitals(self, v: Vitals) -> None:
        temp = v.temperature_c
        if temp is not None and self.unit == "F":
            temp = round(vitals.c_to_f(temp), 1)
        values = v.measured() | ({"temperature": temp} if temp is not None else {})
        for name, edit in self.edits.items():
            value = values.get(name)
            # NaN: text that was not a number when the draft was saved; shown empty, not "nan".
            edit.setText("" if value is None or value != value else f"{value:g}")

    def issues(self) -> list[Issue]:
        not_numbers = {}
        for name, edit in self.edits.items():
            issue = vitals.parse_number(name, edit.text())[1]
            if issue is not None:
                not_numbers[name] = issue
        found: list[Issue] = list(not_numbers.values())
        self._suggested_unit = None
        for issue in vitals.check(self.vitals(), self.age_years):
            name = "temperature" if issue.field == "temperature_c" else issue.field
            if name in not_numbers:
                continue
            if name == "temperature" and issue.code == "vitals.impossible":
                found.append(self._unit_hint(issue))
                continue
            params = dict(issue.params)
            if name == "temperature" and self.unit == "F":
                params = {
                    k: round(vitals.c_to_f(float(v)), 1) if k in ("low", "high") else v
                    for k, v in params.items()
                }
                if "unit" in params:
                    params["unit"] = "°F"
            found.append(Issue(name, issue.code, issue.severity, params))
        return found

    def _unit_hint(self, issue: Issue) -> Issue:
        """An impossible temperature that is a body temperature in the other unit: say so
        (and offer the switch) instead of only giving the limits."""
        typed = self._number("temperature")
        other = vitals.other_temperature_unit(typed, self.unit) if typed is not None else None
        lim = vitals.LIMITS["temperature_c"]
        low, high = lim.lo, lim.hi
        if self.unit == "F":
            low, high = round(vitals.c_to_f(low), 1), round(vitals.c_to_f(high), 1)
        if other is None:
            unit = "°F" if self.unit == "F" else "°C"
            return Issue(
                "temperature", issue.code, issue.severity, {"low": low, "high": high, "unit": unit}
            )
        self._suggested_unit = other
        code = "vitals.looks_fahrenheit" if other == "F" else "vitals.looks_celsius"
        return error("temperature", code, low=low, high=high)

    def set_enabled(self, enabled: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(not enabled)

    # -- the bound consult --------------------------------------------------------------
    def bind(self, view: ConsultView) -> None:
        """The consult's vitals, judged for its patient's age; read-only once sent."""
        self._show(view.consult.vitals, view.age_years, view.editable)

    def clear(self) -> None:
        self._show(Vitals(), None, editable=False)

    def _show(self, v: Vitals, age_years: int | None, editable: bool) -> None:
        self.age_years = age_years
        self.blockSignals(True)  # loaded values are not an edit
        self.set_vitals(v)
        self.on_changed()  # their messages, for this patient's age
        self.blockSignals(False)
        self.set_enabled(editable)

    # -- display ----------------------------------------------------------------------
    @Slot()
    def on_changed(self) -> None:
        found: dict[str, Issue] = {}
        for issue in self.issues():  # an error wins over a flag on the same field
            held = found.get(issue.field)
            if held is None or (issue.is_error and not held.is_error):
                found[issue.field] = issue
        for name, box in self.boxes.items():
            box.show_issue(found.get(name))
        self.unit_switch.setVisible(self._suggested_unit is not None)
        self.retranslate()
        self._show_bmi(found.get("bmi"))
        self.edited.emit()

    @Slot()
    def on_switch_unit(self) -> None:
        unit = self._suggested_unit
        if unit is not None:
            self.set_unit(unit)
            self.unit_changed.emit(unit)

    def _show_bmi(self, issue: Issue | None = None) -> None:
        bmi = self.vitals().bmi
        if bmi is None or bmi != bmi:
            self.bmi.setText(self.tr("BMI: enter weight and height"))
            self.bmi.setStyleSheet("")
            return
        text = self.tr("BMI: {bmi} kg/m²").format(bmi=QLocale().toString(bmi, "f", 1))
        if issue is not None:
            text += " — " + messages.issue_text(issue)
        self.bmi.setText(text)
        self.bmi.setStyleSheet("color: #8a5a00;" if issue is not None else "")
