"""Consent capture: teleconsultation and, separately, recording; given by the patient or,
for a minor, by the guardian named at registration. Each answer is stored with who
recorded it and when. Everything shown comes from the bound consult and its patient."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import consent as consent_rules
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.patient import Patient
from desktop.ui import i18n
from desktop.ui.consult.binding import ConsultView
from desktop.ui.form_support import FieldBox


class ConsentPanel(QWidget):
    """Two explicit questions and a "Record consent" button.

    Signals:
        recorded(list): the ``Consent`` objects to store (one per kind).
    """

    recorded = Signal(list)

    def __init__(self, operator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentPanel")
        self._operator = operator
        self._patient: Patient | None = None
        self._minor = False
        self.teleconsultation = QCheckBox()
        self.teleconsultation_box = FieldBox(self.teleconsultation)  # "No consent, no consult"
        self.recording = QCheckBox()
        self.given_by = QComboBox()
        self.guardian_name = QLineEdit()
        self.guardian_box = FieldBox(self.guardian_name)
        self.record_button = QPushButton()
        self.summary = QLabel()
        self.summary.setObjectName("consentSummary")
        self.summary.setWordWrap(True)
        self.form = QFormLayout()
        self.given_by_label = QLabel()
        self.guardian_label = QLabel()
        self.form.addRow(self.given_by_label, self.given_by)
        self.form.addRow(self.guardian_label, self.guardian_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.teleconsultation_box)
        layout.addWidget(self.recording)
        layout.addLayout(self.form)
        layout.addWidget(self.record_button)
        layout.addWidget(self.summary)
        self.record_button.clicked.connect(self.on_record)
        self.given_by.currentIndexChanged.connect(self.on_given_by)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.teleconsultation.setText(self.tr("Agrees to a teleconsultation with the hub doctor"))
        self.recording.setText(self.tr("Agrees to the video being recorded"))
        self.given_by_label.setText(self.tr("Consent given by"))
        self.guardian_label.setText(self.tr("Guardian's name"))
        self.record_button.setText(self.tr("Record consent (Ctrl+K)"))
        keep = self.given_by.currentData()
        self.given_by.clear()
        self.given_by.addItem(self.tr("The patient"), GivenBy.PATIENT.value)
        self.given_by.addItem(self.tr("The guardian"), GivenBy.GUARDIAN.value)
        self.given_by.setCurrentIndex(max(0, self.given_by.findData(keep)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the bound consult --------------------------------------------------------------
    def bind(self, view: ConsultView) -> None:
        """The consult's latest answers (unticked if never asked), who gave them, and the
        record of every answer; a minor's consent comes from the guardian named at
        registration."""
        consents = view.consult.consents
        tele = consent_rules.current(consents, ConsentKind.TELECONSULTATION)
        rec = consent_rules.current(consents, ConsentKind.RECORDING)
        self.teleconsultation.setChecked(tele is not None and tele.granted)
        self.recording.setChecked(rec is not None and rec.granted)
        self.set_patient(view.patient, view.minor, latest_answer(consents))
        self.show_recorded(consents)
        self.teleconsultation_box.show_issue(None)
        self.setEnabled(view.editable)

    def clear(self) -> None:
        self._patient, self._minor = None, False
        self.teleconsultation.setChecked(False)
        self.recording.setChecked(False)
        self.given_by.setCurrentIndex(self.given_by.findData(GivenBy.PATIENT.value))
        self.guardian_name.clear()
        self.summary.clear()
        self.teleconsultation_box.show_issue(None)
        self.on_given_by()
        self.setEnabled(False)

    def set_patient(self, patient: Patient, minor: bool, latest: Consent | None = None) -> None:
        """Who answers for ``patient``: as last recorded, else the patient (an adult) or the
        guardian named at registration (a minor)."""
        self._patient = patient
        self._minor = minor
        if latest is not None:
            by, name = latest.given_by, latest.guardian_name
        elif minor:
            by, name = GivenBy.GUARDIAN, patient.guardian_name
        else:
            by, name = GivenBy.PATIENT, ""
        self.given_by.setCurrentIndex(self.given_by.findData(by.value))
        self.guardian_name.setText(name if by is GivenBy.GUARDIAN else "")
        self.on_given_by()

    @Slot()
    def on_given_by(self) -> None:
        guardian = self.given_by.currentData() == GivenBy.GUARDIAN.value
        self.guardian_box.setEnabled(guardian)

    def consents(self, at: datetime | None = None) -> list[Consent]:
        when = at or datetime.now(UTC)
        by = GivenBy(self.given_by.currentData())
        name = self.guardian_name.text().strip() if by is GivenBy.GUARDIAN else ""
        relation = self._patient.guardian_relation if self._patient and name else ""
        return [
            Consent(kind, box.isChecked(), by, self._operator, when, name, relation)
            for kind, box in (
                (ConsentKind.TELECONSULTATION, self.teleconsultation),
                (ConsentKind.RECORDING, self.recording),
            )
        ]

    @Slot()
    def on_record(self) -> None:
        self.recorded.emit(self.consents())

    def show_recorded(self, consents: list[Consent]) -> None:
        """Who consented to what, and when, as stored."""
        lines = []
        for c in consents:
            what = (
                self.tr("Teleconsultation")
                if c.kind is ConsentKind.TELECONSULTATION
                else self.tr("Recording")
            )
            answer = self.tr("yes") if c.granted else self.tr("no")
            who = c.guardian_name if c.given_by is GivenBy.GUARDIAN else self.tr("patient")
            lines.append(
                self.tr("{what}: {answer} — by {who}, recorded by {operator} at {time}").format(
                    what=what,
                    answer=answer,
                    who=who,
                    operator=c.recorded_by,
                    time=i18n.format_datetime(c.recorded_at),
                )
            )
        self.summary.setText("\n".join(lines))


def latest_answer(consents: list[Consent]) -> Consent | None:
    """The newest answer of either kind: who answered last answers by default."""
    found = [consent_rules.current(consents, kind) for kind in ConsentKind]
    return max((c for c in found if c is not None), key=_when, default=None)


def _when(c: Consent) -> datetime:
    return c.recorded_at if c.recorded_at.tzinfo else c.recorded_at.replace(tzinfo=UTC)
