"""The Dispense dialog: for each medicine of a verified prescription, what the operator gives
(from which stock item, how many), a medicine not in stock shown as such. At most what is in
stock can be given (stock never goes below zero); the view saves the choice through the stock
service in one transaction and closes the dialog only once it is stored."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.stock import MAX_QUANTITY, Given
from desktop.ui import i18n
from desktop.ui.stock.model import form_text, unit_text
from protocol import stock as protocol_stock
from protocol.schemas import Medication

if TYPE_CHECKING:
    from desktop.services.stock import StockLine

OUT_STYLE = "color: #b3261e; font-weight: 600;"
_DOSES = re.compile(r"(\d+(?:\.\d+)?|½)")


def suggested_quantity(med: dict[str, Any], unit: str) -> int:
    """Tablets or capsules for the whole course (doses a day x days) when given as tablets
    or capsules; otherwise one pack (a bottle, a tube)."""
    days = med.get("duration_days")
    if unit not in ("tablets", "capsules") or not isinstance(days, int):
        return 1
    doses = [0.5 if d == "½" else float(d) for d in _DOSES.findall(str(med.get("frequency")))]
    per_day = sum(doses)
    return max(1, math.ceil(per_day * days)) if per_day else 1


def _matches(med: dict[str, Any], lines: Sequence[StockLine]) -> tuple[list[StockLine], bool]:
    """Stock lines of the same drug (the prescribed strength first) and whether the medicine
    as prescribed is in stock."""
    items = [line.item() for line in lines]
    try:
        medication = Medication.model_validate(med)
    except ValueError:
        return [], False
    found = protocol_stock.in_stock(medication, items)
    same = {i.id for i in protocol_stock.alternatives(medication.name, items)}
    if medication.formulary_id:
        same |= {i.id for i in items if i.formulary_id == medication.formulary_id and i.available}
    wanted = "".join(medication.strength.casefold().split())
    chosen = [line for line in lines if line.id in same]
    chosen.sort(key=lambda line: "".join(line.strength.casefold().split()) != wanted)
    return chosen, found


class DispenseDialog(QDialog):
    """Signals:
    dispense_requested(list): the ``Given`` per medicine, when the operator confirms."""

    dispense_requested = Signal(list)

    def __init__(
        self,
        patient: str,
        medicines: Sequence[dict[str, Any]],
        lines: Sequence[StockLine],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dispenseDialog")
        self.setModal(True)
        self._medicines = list(medicines)
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.patient = QLabel(patient)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.grid = QGridLayout()
        self.headers = [QLabel() for _ in range(4)]
        for column, label in enumerate(self.headers):
            label.setStyleSheet("font-weight: 600;")
            self.grid.addWidget(label, 0, column)
        self.names: list[QLabel] = []
        self.sources: list[QComboBox] = []
        self.quantities: list[QSpinBox] = []
        self.states: list[QLabel] = []
        self._lines: list[list[StockLine]] = []
        self._in_stock: list[bool] = []
        self._filled: list[bool] = []
        for row, med in enumerate(self._medicines, start=1):
            matches, found = _matches(med, lines)
            self._lines.append(matches)
            self._in_stock.append(found)
            self._filled.append(False)
            strength = str(med.get("strength") or "")
            form = form_text(str(med.get("form") or ""))
            name = QLabel(" ".join(p for p in (str(med.get("name") or ""), strength, form) if p))
            name.setWordWrap(True)
            source = QComboBox()
            quantity = QSpinBox()
            quantity.setRange(0, MAX_QUANTITY)
            quantity.setAccelerated(True)
            quantity.setMinimumWidth(96)
            state = QLabel()
            state.setWordWrap(True)
            source.currentIndexChanged.connect(self.on_source_changed)
            for column, widget in enumerate((name, source, quantity, state)):
                self.grid.addWidget(widget, row, column)
            self.names.append(name)
            self.sources.append(source)
            self.quantities.append(quantity)
            self.states.append(state)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(3, 2)
        self.message = QLabel()
        self.message.setObjectName("dispenseMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(OUT_STYLE)
        self.buttons = QDialogButtonBox()
        self.dispense_button = QPushButton()
        self.dispense_button.setDefault(True)
        self.buttons.addButton(self.dispense_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_dispense)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.patient)
        layout.addLayout(self.grid)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()
        for row in range(len(self._medicines)):
            self._fill_sources(row)
        if self.sources:
            self.setTabOrder(self.sources[0], self.quantities[0])

    # -- text ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Dispense medicines"))
        self.heading.setText(self.tr("Dispense medicines"))
        for label, text in zip(
            self.headers,
            (self.tr("Prescribed"), self.tr("Give from stock"), self.tr("Quantity"), ""),
            strict=True,
        ):
            label.setText(text)
        self.note.setText(
            self.tr(
                "Choose what you give for each medicine and how many. The quantities given are "
                "taken out of stock when you press Dispense. Stock never goes below zero: "
                "you cannot give more than is in stock."
            )
        )
        self.dispense_button.setText(self.tr("Dispense"))
        for row in range(len(self._medicines)):
            self._fill_sources(row)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _line_text(self, line: StockLine) -> str:
        parts = [line.generic, line.strength, form_text(line.form)]
        label = " ".join(p for p in parts if p)
        if line.quantity is None:
            return self.tr("%1 (not counted)").replace("%1", label)
        count = f"{i18n.format_number(line.quantity)} {unit_text(line.unit)}"
        return self.tr("%1 (%2 in stock)").replace("%1", label).replace("%2", count)

    def _fill_sources(self, row: int) -> None:
        combo = self.sources[row]
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for line in self._lines[row]:
            combo.addItem(self._line_text(line), line.id)
        combo.addItem(self.tr("Not given"), "")  # "": nothing from the stock list
        if not self._filled[row]:
            # First fill: the stock item when the medicine as prescribed is in stock; an
            # alternative (another strength or form) only when the operator picks it.
            index = 0 if self._in_stock[row] else combo.count() - 1
        else:
            index = combo.findData(keep)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        self._apply_source(row, first=not self._filled[row])
        self._filled[row] = True

    def _apply_source(self, row: int, first: bool = False) -> None:
        item_id = self.sources[row].currentData()
        line = next((x for x in self._lines[row] if x.id == item_id), None)
        spin, state = self.quantities[row], self.states[row]
        if line is None:
            spin.setRange(0, 0)
            spin.setEnabled(False)
        else:
            top = MAX_QUANTITY if line.quantity is None else line.quantity
            spin.setRange(0, top)
            spin.setEnabled(True)
            if first:
                spin.setValue(min(top, suggested_quantity(self._medicines[row], line.unit)))
        if not self._in_stock[row]:
            if self._lines[row]:
                state.setText(
                    self.tr("Not in stock (another strength or form of it is, see the list)")
                )
            else:
                state.setText(self.tr("Not in stock"))
            state.setStyleSheet(OUT_STYLE)
        else:
            state.setText(self.tr("In stock"))
            state.setStyleSheet("")

    # -- events ----------------------------------------------------------------------------

    @Slot(int)
    def on_source_changed(self, _index: int) -> None:
        sender = self.sender()
        for row, combo in enumerate(self.sources):
            if combo is sender:
                self._apply_source(row, first=True)

    def given(self) -> list[Given]:
        out = []
        for row in range(len(self._medicines)):
            item_id = self.sources[row].currentData() or None
            quantity = self.quantities[row].value() if item_id is not None else 0
            out.append(Given(row, item_id, quantity))
        return out

    @Slot()
    def on_dispense(self) -> None:
        self.message.clear()
        self.dispense_button.setEnabled(False)
        self.dispense_requested.emit(self.given())

    def show_error(self, text: str) -> None:
        """The save was refused: say why and let the operator change the choice."""
        self.message.setText(text)
        self.dispense_button.setEnabled(True)
