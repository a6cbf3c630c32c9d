"""The fields of the consult intake, laid out in two columns (history and vitals; referral,
consent, attachments, addenda): values in and out, locking, texts. No storage here."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import lifecycle
from desktop.core.consult import DURATION_UNITS, SPECIALTIES, Consult, Priority
from desktop.ui import messages
from desktop.ui.consult.attachments_panel import AttachmentsPanel
from desktop.ui.consult.consent_panel import ConsentPanel
from desktop.ui.consult.intake_widgets import AddendumBox, ComplaintPicker
from desktop.ui.consult.vitals_editor import VitalsEditor
from desktop.ui.form_support import FieldBox

HISTORY = ("complaints", "complaint_text", "duration", "conditions", "allergies", "medicines")


class IntakeFields(QWidget):
    """Every input of the intake.

    Signals:
        edited(): any value the operator can change has changed.
    """

    edited = Signal()

    def __init__(self, operator: str, temperature_unit: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.complaints = ComplaintPicker()
        self.complaint_text = QPlainTextEdit()
        self.complaint_text.setTabChangesFocus(True)
        self.complaint_text.setMaximumHeight(70)
        self.duration = QSpinBox()
        self.duration.setRange(0, 999)
        self.duration_unit = QComboBox()
        self.conditions = QLineEdit()
        self.allergies = QLineEdit()
        self.medicines = QLineEdit()
        self.vitals = VitalsEditor(temperature_unit)
        self.specialty = QComboBox()
        self.priority = QComboBox()
        self.attachments = AttachmentsPanel()
        self.consent = ConsentPanel(operator)
        self.addendum_group = AddendumBox()
        self.addendum_group.hide()  # only once the consult has left the draft state

        duration_row = QWidget()
        d = QHBoxLayout(duration_row)
        d.setContentsMargins(0, 0, 0, 0)
        d.addWidget(self.duration)
        d.addWidget(self.duration_unit)
        d.addStretch(1)
        self.boxes: dict[str, FieldBox] = {
            "complaints": FieldBox(self.complaints),
            "complaint_text": FieldBox(self.complaint_text),
            "duration": FieldBox(duration_row, target=self.duration),
            "conditions": FieldBox(self.conditions),
            "allergies": FieldBox(self.allergies),
            "medicines": FieldBox(self.medicines),
            "specialty": FieldBox(self.specialty),
            "priority": FieldBox(self.priority),
            "consent_teleconsultation": FieldBox(self.consent),
        }
        self.boxes["consent_teleconsultation"].setFocusProxy(self.consent.teleconsultation)
        self.labels = {name: QLabel() for name in self.boxes}

        self.history_group = QGroupBox()
        history = QFormLayout(self.history_group)
        for name in HISTORY:
            history.addRow(self.labels[name], self.boxes[name])
        self.vitals_group = QGroupBox()
        QVBoxLayout(self.vitals_group).addWidget(self.vitals)
        self.referral_group = QGroupBox()
        referral = QFormLayout(self.referral_group)
        referral.addRow(self.labels["specialty"], self.boxes["specialty"])
        referral.addRow(self.labels["priority"], self.boxes["priority"])
        self.attachments_group = QGroupBox()
        QVBoxLayout(self.attachments_group).addWidget(self.attachments)
        self.consent_group = QGroupBox()
        QVBoxLayout(self.consent_group).addWidget(self.boxes["consent_teleconsultation"])

        columns = QHBoxLayout(self)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.history_group)
        left.addWidget(self.vitals_group)
        left.addStretch(1)
        for group in (
            self.referral_group,
            self.consent_group,
            self.attachments_group,
            self.addendum_group,
        ):
            right.addWidget(group)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        for signal in (
            self.complaints.itemChanged,
            self.complaint_text.textChanged,
            self.duration.valueChanged,
            self.duration_unit.currentIndexChanged,
            self.conditions.textChanged,
            self.allergies.textChanged,
            self.medicines.textChanged,
            self.vitals.edited,
            self.specialty.currentIndexChanged,
            self.priority.currentIndexChanged,
        ):
            signal.connect(self.edited)
        self.retranslate()

    def tab_chain(self) -> list[QWidget]:
        """The fields in the order Tab visits them."""
        return [
            self.complaints,
            self.complaint_text,
            self.duration,
            self.duration_unit,
            self.conditions,
            self.allergies,
            self.medicines,
            *self.vitals.edits.values(),
            self.specialty,
            self.priority,
            self.consent.teleconsultation,
            self.consent.recording,
            self.consent.given_by,
            self.consent.guardian_name,
            self.consent.record_button,
            self.attachments.add_button,
        ]

    def retranslate(self) -> None:
        texts = {
            "complaints": self.tr("Common complaints"),
            "complaint_text": self.tr("Complaints in words"),
            "duration": self.tr("For how long"),
            "conditions": self.tr("Known conditions"),
            "allergies": self.tr("Allergies"),
            "medicines": self.tr("Current medicines"),
            "specialty": self.tr("Specialty"),
            "priority": self.tr("Priority"),
            "consent_teleconsultation": "",
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.history_group.setTitle(self.tr("Complaints and history"))
        self.vitals_group.setTitle(self.tr("Vitals"))
        self.referral_group.setTitle(self.tr("Referral"))
        self.attachments_group.setTitle(self.tr("Attachments"))
        self.consent_group.setTitle(self.tr("Consent"))
        self.complaint_text.setPlaceholderText(self.tr("In the patient's words"))
        self.medicines.setPlaceholderText(self.tr("name, dose, how often"))
        for combo, codes, blank, default in (
            (self.duration_unit, DURATION_UNITS, False, 1),
            (self.specialty, SPECIALTIES, True, 0),
            (self.priority, tuple(p.value for p in Priority), False, 0),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if blank:
                combo.addItem("", "")
            for code in codes:
                combo.addItem(messages.label(code), code)
            index = combo.findData(keep)
            combo.setCurrentIndex(index if index >= 0 else default)
            combo.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def load(self, c: Consult) -> None:
        """Show ``c`` without emitting ``edited``."""
        self.blockSignals(True)
        widgets: list[QWidget] = [self.complaints, self.complaint_text, self.duration]
        widgets += [self.duration_unit, self.conditions, self.allergies, self.medicines]
        widgets += [self.specialty, self.priority, self.vitals]
        for w in widgets:
            w.blockSignals(True)
        self.complaints.set_checked(c.complaints)
        self.complaint_text.setPlainText(c.complaint_text)
        self.duration.setValue(c.duration_value or 0)
        self.duration_unit.setCurrentIndex(max(0, self.duration_unit.findData(c.duration_unit)))
        self.conditions.setText(c.conditions)
        self.allergies.setText(c.allergies)
        self.medicines.setText(c.medicines)
        self.specialty.setCurrentIndex(max(0, self.specialty.findData(c.specialty)))
        self.priority.setCurrentIndex(max(0, self.priority.findData(c.priority.value)))
        self.vitals.set_vitals(c.vitals)
        for w in widgets:
            w.blockSignals(False)
        self.blockSignals(False)
        if c.consents:
            self.consent.show_recorded(c.consents)
        self.set_locked(c)

    def values(self, base: Consult) -> Consult:
        """``base`` with what is on screen."""
        return dataclasses.replace(
            base,
            complaints=self.complaints.checked(),
            complaint_text=self.complaint_text.toPlainText(),
            duration_value=self.duration.value() or None,
            duration_unit=str(self.duration_unit.currentData()),
            conditions=self.conditions.text(),
            allergies=self.allergies.text(),
            medicines=self.medicines.text(),
            vitals=self.vitals.vitals(),
            specialty=str(self.specialty.currentData() or ""),
            priority=Priority(self.priority.currentData() or Priority.ROUTINE.value),
        )

    def set_locked(self, c: Consult) -> None:
        """Only a draft is editable; addenda appear once it has been sent."""
        locked = not lifecycle.is_editable(c)
        for w in (self.complaints, self.duration, self.duration_unit, self.specialty):
            w.setEnabled(not locked)
        self.priority.setEnabled(not locked)
        for edit in (self.conditions, self.allergies, self.medicines):
            edit.setReadOnly(locked)
        self.complaint_text.setReadOnly(locked)
        self.vitals.set_enabled(not locked)
        self.consent.setEnabled(not locked)
        self.attachments.add_button.setEnabled(not locked)
        self.addendum_group.setVisible(c.status in lifecycle.ADDENDUM_STATES)
        self.addendum_group.show_addenda(c.addenda)
