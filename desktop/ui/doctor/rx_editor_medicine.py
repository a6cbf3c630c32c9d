"""One medicine being written: name with type-ahead from the formulary (free text allowed and
said so), strength and form from the formulary row, dose, frequency in the Indian notation
with its words, timing relative to food, duration, route and instructions. Enter adds it."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.ui import i18n
from desktop.ui.doctor.rx_editor_rows import FormularyNames
from protocol.dosage import TIMINGS, frequency_words, is_frequency, timing_words
from protocol.formulary import Drug, DrugClass, Formulary
from protocol.schemas import Medication
from protocol.stock import StockItem, alternatives, in_stock

BLOCKED = "#b3261e"
W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, editable: bool = False) -> W:
    """``widget`` with its object name (tests and style sheets find it by name)."""
    widget.setObjectName(name)
    if editable and isinstance(widget, QComboBox):
        widget.setEditable(True)
    return widget


ROUTES = ("oral", "topical", "eye", "ear", "nasal", "inhaled", "sublingual", "IM", "IV")


class MedicineForm(QWidget):
    """Signals:
    added(object): a ``Medication`` was completed (Enter or the Add button).
    """

    added = Signal(object)

    def __init__(self, formulary: Formulary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rxMedicineForm")
        self.formulary = formulary
        self.stock: list[StockItem] | None = None
        self.allowed: frozenset[DrugClass] = frozenset(DrugClass)
        self.drug: Drug | None = None
        self.name = named(QLineEdit(), "rxName")
        self.completer = QCompleter(FormularyNames(formulary, self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.name.setCompleter(self.completer)
        self.strength = named(QComboBox(), "rxStrength", editable=True)
        self.form = named(QComboBox(), "rxForm", editable=True)
        self.dose = named(QLineEdit(), "rxDose")
        self.frequency = named(QLineEdit(), "rxFrequency")
        self.frequency.setMaxLength(20)
        self.timing = named(QComboBox(), "rxTiming")
        self.duration = named(QSpinBox(), "rxDuration")
        self.duration.setRange(0, 365)
        self.route = named(QComboBox(), "rxRoute", editable=True)
        self.route.addItems(ROUTES)
        self.instructions = named(QLineEdit(), "rxInstructions")
        self.add_button = named(QPushButton(), "rxAdd")
        self.hint = named(QLabel(), "rxNameHint")
        self.hint.setWordWrap(True)
        self.words = named(QLabel(), "rxFrequencyWords")
        self.labels = {
            k: QLabel()
            for k in (
                "name",
                "strength",
                "form",
                "dose",
                "frequency",
                "timing",
                "duration",
                "route",
                "instructions",
            )
        }
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        cells = [
            ("name", self.name, 0, 0, 4),
            ("strength", self.strength, 0, 4, 1),
            ("form", self.form, 0, 5, 1),
            ("dose", self.dose, 3, 0, 1),
            ("frequency", self.frequency, 3, 1, 1),
            ("timing", self.timing, 3, 2, 1),
            ("duration", self.duration, 3, 3, 1),
            ("route", self.route, 3, 4, 1),
            ("instructions", self.instructions, 3, 5, 1),
        ]
        for key, widget, row, col, span in cells:
            self.labels[key].setBuddy(widget)
            grid.addWidget(self.labels[key], row, col, 1, span)
            grid.addWidget(widget, row + 1, col, 1, span)
        grid.addWidget(self.hint, 2, 0, 1, 6)
        grid.addWidget(self.words, 5, 1, 1, 2)
        self.grid = grid  # the editor puts its row buttons at (5, 3) and (5, 4)
        grid.addWidget(self.add_button, 5, 5)
        for col in range(6):
            grid.setColumnStretch(col, 1)
        self.name.textChanged.connect(self.on_name_changed)
        self.frequency.textChanged.connect(self.on_frequency_changed)
        self.strength.currentTextChanged.connect(self.on_strength_changed)
        self.add_button.clicked.connect(self.on_add)
        for edit in (self.name, self.dose, self.frequency, self.instructions):
            edit.returnPressed.connect(self.on_add)
        self.retranslate()

    # -- texts ---------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        texts = {
            "name": self.tr("Medicine (generic or brand)"),
            "strength": self.tr("Strength"),
            "form": self.tr("Form"),
            "dose": self.tr("Dose"),
            "frequency": self.tr("Frequency (1-0-1, SOS)"),
            "timing": self.tr("Timing"),
            "duration": self.tr("Duration"),
            "route": self.tr("Route"),
            "instructions": self.tr("Instructions"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.add_button.setText(self.tr("Add medicine"))
        self.dose.setPlaceholderText(self.tr("1 tablet"))
        self.duration.setSuffix(self.tr(" days"))
        current = self.timing.currentIndex()
        self.timing.clear()
        # The words of each timing are the protocol's (the printed paper uses the same, in
        # both languages); only "no timing" is the editor's own.
        language = i18n.current()
        for code in TIMINGS:
            name = timing_words(code, language) if code else self.tr("(no timing)")
            self.timing.addItem(name, code)
        self.timing.setCurrentIndex(max(current, 0))
        self.on_name_changed(self.name.text())
        self.on_frequency_changed(self.frequency.text())

    # -- reacting to typing --------------------------------------------------------------
    def set_stock(self, stock: list[StockItem] | None) -> None:
        self.stock = stock
        self.on_name_changed(self.name.text())

    def set_allowed(self, allowed: frozenset[DrugClass]) -> None:
        """The lists this consultation allows (the hint says when a drug is outside them)."""
        self.allowed = allowed
        self.on_name_changed(self.name.text())

    @Slot(str)
    def on_name_changed(self, text: str) -> None:
        match = self.formulary.lookup(text) if text.strip() else None
        drug = match.drug if match is not None and match.exact else None
        if drug is not self.drug:
            self.drug = drug
            self._offer(self.strength, drug.strengths if drug else ())
            self._offer(self.form, drug.forms if drug else ())
        self.hint.setText(self._hint(text, match.drug if match else None, drug))

    @Slot(str)
    def on_strength_changed(self, _text: str) -> None:
        """The stock flag depends on the strength."""
        text = self.name.text()
        match = self.formulary.lookup(text) if text.strip() else None
        self.hint.setText(self._hint(text, match.drug if match else None, self.drug))

    def _hint(self, text: str, near: Drug | None, drug: Drug | None) -> str:
        self.hint.setStyleSheet("")
        if not text.strip():
            return ""
        if drug is None:
            said = self.tr("Free text: not in the formulary.")
            if near is not None:
                said += " " + self.tr("Did you mean %1?").replace("%1", near.generic)
            return said
        said = (
            self.tr("%1, %2")
            .replace("%1", drug.generic)
            .replace("%2", list_name(drug.drug_class.value))
        )
        if drug.drug_class not in self.allowed:
            self.hint.setStyleSheet(f"color: {BLOCKED};")
            return said + ": " + self.tr("not allowed in this consultation.")
        if self.stock is not None:
            probe = Medication(
                name=drug.generic,
                formulary_id=drug.id,
                frequency="SOS",
                strength=self.strength.currentText(),
            )
            if not in_stock(probe, self.stock, self.formulary):
                said += ". " + stock_text(alternatives(drug.generic, self.stock, self.formulary))
        return said

    @staticmethod
    def _offer(box: QComboBox, items: tuple[str, ...]) -> None:
        box.clear()
        box.addItems(list(items))
        box.setCurrentIndex(0 if items else -1)

    @Slot(str)
    def on_frequency_changed(self, text: str) -> None:
        notation = text.strip().upper() if text.strip().upper() in ("SOS", "STAT") else text.strip()
        if not notation:
            self.words.setText("")
        elif is_frequency(notation):
            self.words.setText(frequency_words(notation, i18n.current()))
        else:
            self.words.setText(self.tr("Use 1-0-1 (morning-afternoon-night), SOS or STAT"))

    # -- the medicine --------------------------------------------------------------------
    def medication(self) -> Medication | None:
        """The medicine as written, or None (with the reason shown) if it is not complete."""
        name = self.name.text().strip()
        notation = self.frequency.text().strip()
        if notation.upper() in ("SOS", "STAT"):
            notation = notation.upper()
        if len(name) < 2:
            self.name.setFocus()
            return None
        if not is_frequency(notation):
            self.frequency.setFocus()
            self.on_frequency_changed(notation or "?")
            return None
        drug = self.drug
        return Medication(
            name=drug.generic if drug else name,
            formulary_id=drug.id if drug else "",
            strength=self.strength.currentText().strip()[:40],
            form=self.form.currentText().strip()[:40],
            dose=self.dose.text().strip()[:60],
            frequency=notation,
            timing=self.timing.currentData() or "",
            duration_days=self.duration.value(),
            route=self.route.currentText().strip()[:40],
            instructions=self.instructions.text().strip()[:300],
        )

    @Slot()
    def on_add(self) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            return  # Enter picked a completion; the next Enter adds
        med = self.medication()
        if med is None:
            return
        self.added.emit(med)
        self.clear()
        self.name.setFocus()

    def clear(self) -> None:
        for edit in (self.name, self.dose, self.frequency, self.instructions):
            edit.clear()
        self.timing.setCurrentIndex(0)
        self.duration.setValue(0)
        self.route.setCurrentIndex(0)

    def load(self, med: Medication) -> None:
        """Put a medicine back in the form to be changed."""
        self.name.setText(med.name)
        self.strength.setEditText(med.strength)
        self.form.setEditText(med.form)
        self.dose.setText(med.dose)
        self.frequency.setText(med.frequency)
        self.timing.setCurrentIndex(max(self.timing.findData(med.timing), 0))
        self.duration.setValue(med.duration_days)
        self.route.setEditText(med.route)
        self.instructions.setText(med.instructions)


def list_name(drug_list: str) -> str:
    """ "List O" ... "prohibited list", translated."""
    names = {
        "O": QCoreApplication.translate("RxEditor", "List O"),
        "A": QCoreApplication.translate("RxEditor", "List A"),
        "B": QCoreApplication.translate("RxEditor", "List B"),
        "prohibited": QCoreApplication.translate("RxEditor", "prohibited list"),
    }
    return names.get(drug_list, drug_list)


def stock_text(alts: list[StockItem]) -> str:
    if not alts:
        return QCoreApplication.translate(
            "RxEditor", "Not in stock at the spoke; no alternative in stock."
        )
    names = "; ".join(" ".join(p for p in (a.generic, a.strength, a.form) if p) for a in alts)
    return QCoreApplication.translate(
        "RxEditor", "Not in stock at the spoke. In stock: %1"
    ).replace("%1", names)
