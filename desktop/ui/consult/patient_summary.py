"""A one-line summary of the patient a screen is about (name, age, sex, patient id, ABHA,
allergies), kept visible above the consult and on the patient's page. ``show_patient``
resets it from one patient at once, so nothing of the previous patient can stay; above
the consult it is a panel of the consult binding (``bind``/``clear``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.core import abha
from desktop.core.patient import Patient
from desktop.ui import messages
from desktop.ui.consult.binding import ConsultView


class PatientSummary(QFrame):
    """Name, age (``~`` when estimated), sex, id, ABHA number and allergies of one patient."""

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientSummary")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._today = today
        self._patient: Patient | None = None
        self._allergies = ""
        self.name = QLabel()
        self.name.setObjectName("summaryName")
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.details = QLabel()
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.allergies = QLabel()
        self.allergies.setObjectName("summaryAllergies")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(16)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addWidget(self.allergies, 1)
        self.hide()

    def bind(self, view: ConsultView) -> None:
        """Above the consult: its patient, and the allergies the consult records."""
        self.show_patient(view.patient, view.consult.allergies)

    def clear(self) -> None:
        self.show_patient(None)

    def show_patient(self, patient: Patient | None, allergies: str = "") -> None:
        """Show ``patient`` (None hides the summary); ``allergies`` as recorded in the consult."""
        self._patient = patient
        self._allergies = allergies
        self.setVisible(patient is not None)
        self.retranslate()

    def follow_allergies(self, edit: QLineEdit) -> None:
        """Keep the allergies in step with the consult's Allergies field as it is typed."""
        edit.textChanged.connect(self.on_allergies_changed)

    @Slot(str)
    def on_allergies_changed(self, text: str) -> None:
        self._allergies = text
        self.retranslate()

    def retranslate(self) -> None:
        p = self._patient
        if p is None:
            for label in (self.name, self.details, self.allergies):
                label.clear()
            return
        self.name.setText(p.full_name)
        parts = []
        age = p.age(self._today())
        if age is not None:
            years, months = age
            if years:
                text = self.tr("1 year") if years == 1 else self.tr("%1 years")
            else:
                text = self.tr("1 month") if months == 1 else self.tr("%1 months")
            text = text.replace("%1", str(years or months))
            parts.append(("~" if p.birth_estimated else "") + text)
        if p.sex:
            parts.append(messages.label(p.sex))
        parts.append(self.tr("Id %1").replace("%1", p.code))
        if p.abha_number:
            parts.append(self.tr("ABHA %1").replace("%1", abha.format_number(p.abha_number)))
        self.details.setText("  ·  ".join(parts))
        allergies = self._allergies.strip()
        self.allergies.setText(
            self.tr("Allergies: %1").replace("%1", allergies)
            if allergies
            else self.tr("Allergies: none recorded")
        )
        self.allergies.setStyleSheet("color: #b03a2e; font-weight: bold;" if allergies else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
