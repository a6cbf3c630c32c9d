"""The fields of the consult intake, laid out in two columns (history and vitals; referral,
consent, attachments, addenda). Each group is a panel built from the bound consult
(``binding.ConsultPanel``); this widget lays them out and reads the values back. No storage."""

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

from desktop.core.consult import DURATION_UNITS, SPECIALTIES, Consult, Mode, Priority
from desktop.services.media import BlobStore
from desktop.ui import messages
from desktop.ui.consult.attachments_panel import AttachmentsPanel
from desktop.ui.consult.binding import ConsultView
from desktop.ui.consult.consent_panel import ConsentPanel
from desktop.ui.consult.intake_widgets import AddendumBox, ComplaintPicker
from desktop.ui.consult.vitals_editor import VitalsEditor
from desktop.ui.form_support import FieldBox

HISTORY = ("complaints", "complaint_text", "duration", "conditions", "allergies", "medicines")


def _fill_codes(combo: QComboBox, codes: tuple[str, ...], blank: bool, default: int) -> None:
    """(Re)fill a combo with translated labels, keeping the chosen code, without signals."""
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


class HistoryPanel(QGroupBox):
    """Complaints and history of the bound consult.

    Signals:
        edited(): the operator changed a value.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
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
        }
        self.labels = {name: QLabel() for name in HISTORY}
        form = QFormLayout(self)
        for name in HISTORY:
            form.addRow(self.labels[name], self.boxes[name])
        self._inputs: list[QWidget] = [
            self.complaints,
            self.complaint_text,
            self.duration,
            self.duration_unit,
            self.conditions,
            self.allergies,
            self.medicines,
        ]
        for signal in (
            self.complaints.itemChanged,
            self.complaint_text.textChanged,
            self.duration.valueChanged,
            self.duration_unit.currentIndexChanged,
            self.conditions.textChanged,
            self.allergies.textChanged,
            self.medicines.textChanged,
        ):
            signal.connect(self.edited)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Complaints and history"))
        texts = {
            "complaints": self.tr("Common complaints"),
            "complaint_text": self.tr("Complaints in words"),
            "duration": self.tr("For how long"),
            "conditions": self.tr("Known conditions"),
            "allergies": self.tr("Allergies"),
            "medicines": self.tr("Current medicines"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.complaint_text.setPlaceholderText(self.tr("In the patient's words"))
        self.medicines.setPlaceholderText(self.tr("name, dose, how often"))
        _fill_codes(self.duration_unit, DURATION_UNITS, False, 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def bind(self, view: ConsultView) -> None:
        self._show(view.consult, locked=not view.editable)

    def clear(self) -> None:
        self._show(None, locked=True)

    def _show(self, c: Consult | None, locked: bool) -> None:
        """Every value from ``c`` (empty without one), without emitting ``edited``."""
        for w in (self, *self._inputs):
            w.blockSignals(True)
        self.complaints.set_checked(c.complaints if c else [])
        self.complaint_text.setPlainText(c.complaint_text if c else "")
        self.duration.setValue((c.duration_value or 0) if c else 0)
        unit = c.duration_unit if c else "days"
        self.duration_unit.setCurrentIndex(max(0, self.duration_unit.findData(unit)))
        self.conditions.setText(c.conditions if c else "")
        self.allergies.setText(c.allergies if c else "")
        self.medicines.setText(c.medicines if c else "")
        for w in (self, *self._inputs):
            w.blockSignals(False)
        for box in self.boxes.values():
            box.show_issue(None)
        for w in (self.complaints, self.duration, self.duration_unit):
            w.setEnabled(not locked)
        for edit in (self.conditions, self.allergies, self.medicines):
            edit.setReadOnly(locked)
        self.complaint_text.setReadOnly(locked)

    def values(self, base: Consult) -> Consult:
        """``base`` with the history on screen."""
        return dataclasses.replace(
            base,
            complaints=self.complaints.checked(),
            complaint_text=self.complaint_text.toPlainText(),
            duration_value=self.duration.value() or None,
            duration_unit=str(self.duration_unit.currentData()),
            conditions=self.conditions.text(),
            allergies=self.allergies.text(),
            medicines=self.medicines.text(),
        )


class ReferralPanel(QGroupBox):
    """Specialty, priority and mode (video call, audio call, or without a call) of the bound
    consult; the mode decides which drug lists the doctor may prescribe from.

    Signals:
        edited(): the operator changed a value.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralPanel")
        self.specialty = QComboBox()
        self.priority = QComboBox()
        self.mode = QComboBox()
        self.mode.setObjectName("consultMode")
        self.boxes = {
            "specialty": FieldBox(self.specialty),
            "priority": FieldBox(self.priority),
            "mode": FieldBox(self.mode),
        }
        self.labels = {name: QLabel() for name in self.boxes}
        form = QFormLayout(self)
        for name, box in self.boxes.items():
            form.addRow(self.labels[name], box)
        self.specialty.currentIndexChanged.connect(self.edited)
        self.priority.currentIndexChanged.connect(self.edited)
        self.mode.currentIndexChanged.connect(self.edited)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Referral"))
        self.labels["specialty"].setText(self.tr("Specialty"))
        self.labels["priority"].setText(self.tr("Priority"))
        self.labels["mode"].setText(self.tr("Consult by"))
        self.mode.setToolTip(
            self.tr("Without a video call the doctor may prescribe fewer medicines (List O only).")
        )
        _fill_codes(self.specialty, SPECIALTIES, True, 0)
        _fill_codes(self.priority, tuple(p.value for p in Priority), False, 0)
        _fill_codes(self.mode, tuple(f"mode.{m.value}" for m in Mode), False, 0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def bind(self, view: ConsultView) -> None:
        c = view.consult
        self._show(c.specialty, c.priority.value, c.mode.value, not view.editable)

    def clear(self) -> None:
        self._show("", Priority.ROUTINE.value, Mode.VIDEO.value, locked=True)

    def _show(self, specialty: str, priority: str, mode: str, locked: bool) -> None:
        combos = (self.specialty, self.priority, self.mode)
        for w in (self, *combos):
            w.blockSignals(True)
        self.specialty.setCurrentIndex(max(0, self.specialty.findData(specialty)))
        self.priority.setCurrentIndex(max(0, self.priority.findData(priority)))
        self.mode.setCurrentIndex(max(0, self.mode.findData(f"mode.{mode}")))
        for w in (self, *combos):
            w.blockSignals(False)
        for box in self.boxes.values():
            box.show_issue(None)
        for combo in combos:
            combo.setEnabled(not locked)

    def values(self, base: Consult) -> Consult:
        return dataclasses.replace(
            base,
            specialty=str(self.specialty.currentData() or ""),
            priority=Priority(self.priority.currentData() or Priority.ROUTINE.value),
            mode=Mode(str(self.mode.currentData() or "mode.video").removeprefix("mode.")),
        )


class IntakeFields(QWidget):
    """Every input of the intake, in its panels.

    Signals:
        edited(): any value the operator can change has changed.
    """

    edited = Signal()

    def __init__(
        self,
        operator: str,
        temperature_unit: str,
        blobs: BlobStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = HistoryPanel()
        self.referral = ReferralPanel()
        self.vitals = VitalsEditor(temperature_unit)
        self.attachments = AttachmentsPanel(blobs)
        self.consent = ConsentPanel(operator)
        self.addendum_group = AddendumBox()
        h, r = self.history, self.referral
        self.complaints, self.complaint_text = h.complaints, h.complaint_text
        self.duration, self.duration_unit = h.duration, h.duration_unit
        self.conditions, self.allergies, self.medicines = h.conditions, h.allergies, h.medicines
        self.specialty, self.priority, self.mode = r.specialty, r.priority, r.mode
        self.boxes: dict[str, FieldBox] = {
            **h.boxes,
            **r.boxes,
            "consent_teleconsultation": self.consent.teleconsultation_box,
        }

        self.vitals_group = QGroupBox()
        QVBoxLayout(self.vitals_group).addWidget(self.vitals)
        self.attachments_group = QGroupBox()
        QVBoxLayout(self.attachments_group).addWidget(self.attachments)
        self.consent_group = QGroupBox()
        QVBoxLayout(self.consent_group).addWidget(self.consent)

        columns = QHBoxLayout(self)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.history)
        left.addWidget(self.vitals_group)
        left.addStretch(1)
        for group in (self.referral, self.consent_group, self.attachments_group):
            right.addWidget(group)
        right.addWidget(self.addendum_group)
        right.addStretch(1)
        self._right = right
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        for signal in (self.history.edited, self.referral.edited, self.vitals.edited):
            signal.connect(self.edited)
        self.retranslate()

    def add_side_panel(self, panel: QWidget) -> None:
        """A panel in the right-hand column, under the others (the calls' chat)."""
        self._right.insertWidget(self._right.count() - 1, panel)

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
            self.mode,
            self.consent.teleconsultation,
            self.consent.recording,
            self.consent.given_by,
            self.consent.guardian_name,
            self.consent.record_button,
            self.attachments.add_button,
        ]

    def retranslate(self) -> None:
        self.vitals_group.setTitle(self.tr("Vitals"))
        self.attachments_group.setTitle(self.tr("Attachments"))
        self.consent_group.setTitle(self.tr("Consent"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def values(self, base: Consult) -> Consult:
        """``base`` with what is on screen."""
        c = self.referral.values(self.history.values(base))
        return dataclasses.replace(c, vitals=self.vitals.vitals())
