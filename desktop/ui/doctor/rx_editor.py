"""The doctor's prescription editor: diagnosis, medicines (type-ahead from the formulary, free
text marked, Indian notation with words, timing, duration, route), investigations, advice,
follow-up date and referral. The Telemedicine Practice Guidelines' rules (protocol.formulary,
the same the hub applies) are checked as the doctor types; a violation is named in the
doctor's language and blocks "Sign". With a stock list, medicines not in stock are flagged
with in-stock alternatives. Keyboard only: Tab between fields, Enter adds a medicine, Delete
removes the selected one, Ctrl+Enter signs. Self-contained: the shell places it."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import i18n
from desktop.ui.doctor.rx_editor_medicine import (
    BLOCKED,
    MedicineForm,
    list_name,
    named,
    stock_text,
)
from desktop.ui.doctor.rx_editor_rows import MedicineRow, MedicineRowsModel
from protocol.formulary import DrugClass, Formulary, Rule, Violation, allowed_lists
from protocol.schemas import Medication, Prescriber, PrescriptionContent
from protocol.stock import StockItem, alternatives, in_stock
from protocol.vocab import ConsultMode

URGENCIES = ("routine", "urgent", "emergency")


def rule_text(v: Violation) -> str:
    """The finding as a sentence in the current language, naming the drug and its list."""
    listed = list_name(v.drug_list.value) if v.drug_list else ""
    if v.rule is Rule.PROHIBITED:
        text = QCoreApplication.translate(
            "RxEditor", "%1 is on the %2: it may never be prescribed by teleconsultation."
        )
    elif v.rule is Rule.LIST_A_NEEDS_VIDEO:
        text = QCoreApplication.translate(
            "RxEditor", "%1 is on %2: at a first consultation it needs a video consultation."
        )
    elif v.rule is Rule.LIST_B_NEEDS_FOLLOW_UP:
        text = QCoreApplication.translate(
            "RxEditor", "%1 is on %2: it may be prescribed only at a follow-up consultation."
        )
    else:
        text = QCoreApplication.translate(
            "RxEditor", "%1 is not in the formulary: it is written as free text."
        )
    return text.replace("%1", v.drug).replace("%2", listed)


class RxEditor(QWidget):
    """Signals:
    sign_requested(object): the doctor asked to sign this ``PrescriptionContent`` (only
        emitted when no rule is broken).
    changed(): anything was edited.
    """

    sign_requested = Signal(object)
    changed = Signal()

    def __init__(
        self, formulary: Formulary, prescriber: Prescriber, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rxEditor")
        self.formulary = formulary
        self.prescriber = prescriber
        self.mode = ConsultMode.VIDEO
        self.is_follow_up = False
        self.stock: list[StockItem] | None = None
        self.replaces = ""
        self._findings: list[Violation] = []
        self.context_line = named(QLabel(), "rxContext")
        self.context_line.setWordWrap(True)
        self.diagnosis = named(QLineEdit(), "rxDiagnosis")
        self.diagnosis.setMaxLength(300)
        self.diagnosis_code = named(QLineEdit(), "rxDiagnosisCode")
        self.diagnosis_code.setMaxLength(40)
        self.medicine = MedicineForm(formulary)
        self.rows = MedicineRowsModel(self)
        self.rows.flag_text = self._flag_text
        self.table = named(QTableView(), "rxMedicines")
        self.table.setModel(self.rows)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        # Two lines a row: a stock flag with its alternatives fits; the tooltip has it all.
        # (Devanagari falls back to a font with taller lines than the UI font's.)
        two_lines = int(self.table.fontMetrics().lineSpacing() * 2.8) + 8
        self.table.verticalHeader().setDefaultSectionSize(two_lines)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.remove_button = named(QPushButton(), "rxRemove")
        self.edit_button = named(QPushButton(), "rxEditRow")
        self.investigations = named(QPlainTextEdit(), "rxInvestigations")
        self.investigations.setTabChangesFocus(True)
        self.advice = named(QPlainTextEdit(), "rxAdvice")
        self.advice.setTabChangesFocus(True)
        self.follow_up_on = named(QCheckBox(), "rxFollowUpOn")
        self.follow_up = named(QDateEdit(), "rxFollowUpDate")
        self.follow_up.setDisplayFormat(i18n.DATE_FORMAT)
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDate(QDate.currentDate().addDays(7))
        self.follow_up.setEnabled(False)
        self.referral_on = named(QCheckBox(), "rxReferralOn")
        self.referral_facility = named(QLineEdit(), "rxReferralFacility")
        self.referral_reason = named(QLineEdit(), "rxReferralReason")
        self.referral_urgency = named(QComboBox(), "rxReferralUrgency")
        self.findings_label = named(QLabel(), "rxFindings")
        self.findings_label.setWordWrap(True)
        self.findings_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sign_button = named(QPushButton(), "rxSign")
        self.labels = {
            k: QLabel()
            for k in (
                "diagnosis",
                "code",
                "investigations",
                "advice",
                "facility",
                "reason",
                "urgency",
            )
        }
        self.medicines_box = named(QGroupBox(), "rxMedicinesBox")
        self.more_box = named(QGroupBox(), "rxMoreBox")
        self.referral_box = named(QGroupBox(), "rxReferralBox")
        self._layout()
        self._connect()
        self.retranslate()
        self._recheck()

    # -- building ------------------------------------------------------------------------
    def _layout(self) -> None:
        top = QGridLayout()
        top.addWidget(self.labels["diagnosis"], 0, 0)
        top.addWidget(self.labels["code"], 0, 1)
        top.addWidget(self.diagnosis, 1, 0)
        top.addWidget(self.diagnosis_code, 1, 1)
        top.setColumnStretch(0, 4)
        top.setColumnStretch(1, 1)
        for key, widget in (("diagnosis", self.diagnosis), ("code", self.diagnosis_code)):
            self.labels[key].setBuddy(widget)
        meds = QVBoxLayout(self.medicines_box)
        meds.addWidget(self.medicine)
        meds.addWidget(self.table, 1)
        self.medicine.grid.addWidget(self.edit_button, 5, 3)
        self.medicine.grid.addWidget(self.remove_button, 5, 4)
        more = QGridLayout(self.more_box)
        more.addWidget(self.labels["investigations"], 0, 0)
        more.addWidget(self.labels["advice"], 0, 1)
        more.addWidget(self.investigations, 1, 0)
        more.addWidget(self.advice, 1, 1)
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_on)
        follow.addWidget(self.follow_up)
        follow.addStretch(1)
        more.addLayout(follow, 2, 0, 1, 2)
        self.labels["investigations"].setBuddy(self.investigations)
        self.labels["advice"].setBuddy(self.advice)
        self.investigations.setMaximumHeight(64)
        self.advice.setMaximumHeight(64)
        self.table.setMinimumHeight(120)
        referral = QFormLayout(self.referral_box)
        referral.addRow(self.referral_on)
        referral.addRow(self.labels["facility"], self.referral_facility)
        referral.addRow(self.labels["reason"], self.referral_reason)
        referral.addRow(self.labels["urgency"], self.referral_urgency)
        lower = QHBoxLayout()
        lower.addWidget(self.more_box, 3)
        lower.addWidget(self.referral_box, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.findings_label, 1)
        bottom.addWidget(self.sign_button, 0, Qt.AlignmentFlag.AlignTop)
        outer = QVBoxLayout(self)
        outer.addWidget(self.context_line)
        outer.addLayout(top)
        outer.addWidget(self.medicines_box, 1)
        outer.addLayout(lower)
        outer.addLayout(bottom)
        self._set_referral_enabled(False)

    def _connect(self) -> None:
        self.medicine.added.connect(self.on_medicine_added)
        self.remove_button.clicked.connect(self.on_remove)
        self.edit_button.clicked.connect(self.on_edit_row)
        self.table.doubleClicked.connect(self.on_edit_row)
        self.sign_button.clicked.connect(self.on_sign)
        self.follow_up_on.toggled.connect(self.follow_up.setEnabled)
        self.referral_on.toggled.connect(self._set_referral_enabled)
        for edit in (
            self.diagnosis,
            self.diagnosis_code,
            self.referral_facility,
            self.referral_reason,
        ):
            edit.textChanged.connect(self.on_edited)
        for text in (self.investigations, self.advice):
            text.textChanged.connect(self.on_edited)
        for box in (self.follow_up_on, self.referral_on):
            box.toggled.connect(self.on_edited)
        self.follow_up.dateChanged.connect(self.on_edited)
        self.referral_urgency.currentIndexChanged.connect(self.on_edited)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.on_remove)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            sign = QShortcut(QKeySequence(keys), self)
            sign.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sign.activated.connect(self.on_sign)

    @Slot(bool)
    def _set_referral_enabled(self, on: bool) -> None:
        for widget in (self.referral_facility, self.referral_reason, self.referral_urgency):
            widget.setEnabled(on)

    # -- texts ---------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.labels["diagnosis"].setText(self.tr("Provisional diagnosis (required)"))
        self.labels["code"].setText(self.tr("Code (optional)"))
        self.diagnosis_code.setPlaceholderText(self.tr("ICD-10, e.g. I10"))
        self.medicines_box.setTitle(self.tr("Medicines"))
        self.edit_button.setText(self.tr("Change selected"))
        self.remove_button.setText(self.tr("Remove selected"))
        self.more_box.setTitle(self.tr("Investigations, advice, follow-up"))
        self.labels["investigations"].setText(self.tr("Investigations (one per line)"))
        self.labels["advice"].setText(self.tr("Advice"))
        self.follow_up_on.setText(self.tr("Follow-up on"))
        self.referral_box.setTitle(self.tr("Referral"))
        self.referral_on.setText(self.tr("Refer to a higher facility"))
        self.labels["facility"].setText(self.tr("Facility"))
        self.labels["reason"].setText(self.tr("Reason"))
        self.labels["urgency"].setText(self.tr("Urgency"))
        current = max(self.referral_urgency.currentIndex(), 0)
        self.referral_urgency.blockSignals(True)
        self.referral_urgency.clear()
        names = (self.tr("Routine"), self.tr("Urgent"), self.tr("Emergency"))
        for code, name in zip(URGENCIES, names, strict=True):
            self.referral_urgency.addItem(name, code)
        self.referral_urgency.setCurrentIndex(current)
        self.referral_urgency.blockSignals(False)
        self.sign_button.setText(self.tr("Sign (Ctrl+Enter)"))
        self._show_context()
        self._show_findings()
        self.rows.refresh()

    def _show_context(self) -> None:
        modes = {
            ConsultMode.VIDEO: self.tr("Video consultation"),
            ConsultMode.AUDIO: self.tr("Audio consultation"),
            ConsultMode.TEXT: self.tr("Text or store-and-forward consultation"),
        }
        kind = self.tr("follow-up") if self.is_follow_up else self.tr("first consultation")
        allowed = allowed_lists(self.mode, self.is_follow_up)
        lists = ", ".join(list_name(c.value) for c in DrugClass if c in allowed)
        self.context_line.setText(
            self.tr("%1, %2. Allowed: %3.")
            .replace("%1", modes[self.mode])
            .replace("%2", kind)
            .replace("%3", lists)
        )

    def _flag_text(self, row: MedicineRow) -> str:
        parts = [rule_text(v) for v in row.findings if v.blocking]
        if row.free_text:
            parts.append(self.tr("Free text (not in the formulary)"))
        if row.in_stock is False:
            parts.append(stock_text(row.alternatives))
        return " ".join(parts)

    def _show_findings(self) -> None:
        blocking = [v for v in self._findings if v.blocking]
        lines = [rule_text(v) for v in blocking]
        if len(self.diagnosis.text().strip()) < 2:
            lines.append(self.tr("Write the provisional diagnosis."))
        if self.referral_on.isChecked() and (
            len(self.referral_facility.text().strip()) < 2
            or len(self.referral_reason.text().strip()) < 2
        ):
            lines.append(self.tr("The referral needs a facility and a reason."))
        if lines:
            lines.insert(0, self.tr("Cannot sign yet:"))
        self.findings_label.setText("\n".join(lines))
        self.findings_label.setStyleSheet(f"color: {BLOCKED};" if lines else "")

    # -- the consult and the stock -------------------------------------------------------
    def set_consult(self, mode: ConsultMode | str, is_follow_up: bool) -> None:
        """The consult's recorded mode and whether it is a follow-up (linked, in window)."""
        self.mode = ConsultMode(mode)
        self.is_follow_up = is_follow_up
        self.medicine.set_allowed(allowed_lists(self.mode, is_follow_up))
        self._show_context()
        self._recheck()

    def set_stock(self, stock: list[StockItem] | None) -> None:
        """The spoke's stock (None: unknown, nothing flagged)."""
        self.stock = stock
        self.medicine.set_stock(stock)
        self._recheck()

    # -- editing -------------------------------------------------------------------------
    @Slot(object)
    def on_medicine_added(self, med: Medication) -> None:
        rows = [*self.rows.rows, MedicineRow(med)]
        self.rows.set_rows(rows)
        self.on_edited()

    @Slot()
    def on_remove(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        rows = list(self.rows.rows)
        del rows[index.row()]
        self.rows.set_rows(rows)
        if rows:
            self.table.selectRow(min(index.row(), len(rows) - 1))
        self.on_edited()

    @Slot()
    def on_edit_row(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        med = self.rows.rows[index.row()].medication
        self.on_remove()
        self.medicine.load(med)
        self.medicine.name.setFocus()

    @Slot()
    def on_edited(self) -> None:
        self._recheck()
        self.changed.emit()

    def _recheck(self) -> None:
        content = self.content(check=False)
        meds = [r.medication for r in self.rows.rows]
        probe = content or PrescriptionContent(
            diagnosis={"text": "--"},  # type: ignore[arg-type]
            medications=meds,
            prescriber=self.prescriber,
        )
        self._findings = self.formulary.check(probe, self.mode, self.is_follow_up)
        for i, row in enumerate(self.rows.rows):
            row.findings = [v for v in self._findings if v.index == i]
            if self.stock is None:
                row.in_stock, row.alternatives = None, []
            else:
                row.in_stock = in_stock(row.medication, self.stock, self.formulary)
                row.alternatives = (
                    []
                    if row.in_stock
                    else alternatives(row.medication.name, self.stock, self.formulary)
                )
        self.rows.refresh()
        self._show_findings()
        self.sign_button.setEnabled(self.can_sign())

    # -- the result ----------------------------------------------------------------------
    def findings(self) -> list[Violation]:
        return list(self._findings)

    def content(self, check: bool = True) -> PrescriptionContent | None:
        """What the doctor wrote, as the protocol's content; None while it is not valid."""
        investigations = [
            line.strip()[:200]
            for line in self.investigations.toPlainText().splitlines()
            if len(line.strip()) >= 2
        ]
        data: dict[str, object] = {
            "diagnosis": {"text": self.diagnosis.text().strip()},
            "medications": [r.medication.model_dump() for r in self.rows.rows],
            "prescriber": self.prescriber.model_dump(),
        }
        if self.diagnosis_code.text().strip():
            data["diagnosis"] = {
                "text": self.diagnosis.text().strip(),
                "code": self.diagnosis_code.text().strip(),
                "system": "http://hl7.org/fhir/sid/icd-10",
            }
        if investigations:
            data["investigations"] = investigations
        if self.advice.toPlainText().strip():
            data["advice"] = self.advice.toPlainText().strip()
        if self.follow_up_on.isChecked():
            data["follow_up_date"] = self.follow_up.date().toString("yyyy-MM-dd")
        if self.referral_on.isChecked():
            data["referral"] = {
                "facility": self.referral_facility.text().strip(),
                "reason": self.referral_reason.text().strip(),
                "urgency": self.referral_urgency.currentData() or "routine",
            }
        if self.replaces:
            data["replaces"] = self.replaces
        try:
            return PrescriptionContent.model_validate(data)
        except ValidationError:
            return None

    def can_sign(self) -> bool:
        content = self.content()
        return content is not None and not any(v.blocking for v in self._findings)

    @Slot()
    def on_sign(self) -> None:
        self._recheck()
        content = self.content()
        if content is None or not self.can_sign():
            self.findings_label.setFocus()
            return
        self.sign_requested.emit(content)

    def load(self, content: PrescriptionContent, replaces: str = "") -> None:
        """Fill the editor from a prescription (a correction: ``replaces`` is the id of the
        signed one it corrects, carried in the new content)."""
        self.replaces = replaces
        self.diagnosis.setText(content.diagnosis.text)
        self.diagnosis_code.setText(content.diagnosis.code)
        self.rows.set_rows([MedicineRow(m) for m in content.medications])
        self.investigations.setPlainText("\n".join(content.investigations))
        self.advice.setPlainText(content.advice)
        self.follow_up_on.setChecked(bool(content.follow_up_date))
        if content.follow_up_date:
            self.set_follow_up_date(date.fromisoformat(content.follow_up_date))
        referral = content.referral
        self.referral_on.setChecked(referral is not None)
        self.referral_facility.setText(referral.facility if referral else "")
        self.referral_reason.setText(referral.reason if referral else "")
        urgency = referral.urgency if referral else "routine"
        self.referral_urgency.setCurrentIndex(max(self.referral_urgency.findData(urgency), 0))
        self.on_edited()

    def set_follow_up_date(self, when: date) -> None:
        self.follow_up_on.setChecked(True)
        self.follow_up.setDate(QDate(when.year, when.month, when.day))
