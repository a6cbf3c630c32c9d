"""The stock list as a table (generic, strength, form, quantity, unit) with the quantity
editable: a typed value is checked by ``desktop.core.stock`` and kept as a pending change
until saved; a bad value is refused with its message. No storage here."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.stock import quantity_issue
from desktop.ui import i18n, messages

if TYPE_CHECKING:
    from desktop.services.stock import StockLine

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("generic", "strength", "form", "quantity", "unit")
QUANTITY = COLUMNS.index("quantity")
ItemIdRole = Qt.ItemDataRole.UserRole + 1
OUT = QColor("#b3261e")
NOT_COUNTED = QColor("#6b6b6b")


CONTEXT = "StockModel"
UNITS: dict[str, object] = {
    "tablets": QT_TRANSLATE_NOOP("StockModel", "tablets"),
    "capsules": QT_TRANSLATE_NOOP("StockModel", "capsules"),
    "sachets": QT_TRANSLATE_NOOP("StockModel", "sachets"),
    "inhalers": QT_TRANSLATE_NOOP("StockModel", "inhalers"),
    "tubes": QT_TRANSLATE_NOOP("StockModel", "tubes"),
    "bottles": QT_TRANSLATE_NOOP("StockModel", "bottles"),
    "vials": QT_TRANSLATE_NOOP("StockModel", "vials"),
    "units": QT_TRANSLATE_NOOP("StockModel", "units"),
}
FORMS: dict[str, object] = {
    "tablet": QT_TRANSLATE_NOOP("StockModel", "tablet"),
    "dispersible tablet": QT_TRANSLATE_NOOP("StockModel", "dispersible tablet"),
    "capsule": QT_TRANSLATE_NOOP("StockModel", "capsule"),
    "syrup": QT_TRANSLATE_NOOP("StockModel", "syrup"),
    "oral suspension": QT_TRANSLATE_NOOP("StockModel", "oral suspension"),
    "sachet": QT_TRANSLATE_NOOP("StockModel", "sachet"),
    "cream": QT_TRANSLATE_NOOP("StockModel", "cream"),
    "ointment": QT_TRANSLATE_NOOP("StockModel", "ointment"),
    "lotion": QT_TRANSLATE_NOOP("StockModel", "lotion"),
    "eye drops": QT_TRANSLATE_NOOP("StockModel", "eye drops"),
    "inhaler": QT_TRANSLATE_NOOP("StockModel", "inhaler"),
}
TITLES: dict[str, object] = {
    "generic": QT_TRANSLATE_NOOP("StockModel", "Medicine (generic)"),
    "strength": QT_TRANSLATE_NOOP("StockModel", "Strength"),
    "form": QT_TRANSLATE_NOOP("StockModel", "Form"),
    "quantity": QT_TRANSLATE_NOOP("StockModel", "Quantity"),
    "unit": QT_TRANSLATE_NOOP("StockModel", "Unit"),
}


def _tr(text: object) -> str:
    return QCoreApplication.translate(CONTEXT, str(text))


def unit_text(unit: str) -> str:
    """The counting unit in the current language."""
    return _tr(UNITS.get(unit, UNITS["units"]))


def quantity_text(quantity: int | None) -> str:
    if quantity is None:
        return QCoreApplication.translate("StockModel", "not counted")
    return i18n.format_number(quantity)


def form_text(form: str) -> str:
    """A medicine's form in the current language (as listed when not known)."""
    source = FORMS.get(form.casefold())
    return _tr(source) if source else form


class StockModel(QAbstractTableModel):
    """Rows of ``StockLine``; ``set_lines`` replaces them (a fresh read) and drops pending
    edits only of rows that no longer differ.

    Signals:
        refused(str, str): item id and the message of a typed quantity that was refused.
        pending_changed(int): how many quantities wait to be saved.
    """

    refused = Signal(str, str)
    pending_changed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[StockLine] = []
        self.pending: dict[str, int] = {}

    def set_lines(self, lines: list[StockLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        stored = {line.id: line.quantity for line in lines}
        self.pending = {k: v for k, v in self.pending.items() if k in stored and stored[k] != v}
        self.endResetModel()
        self.pending_changed.emit(len(self.pending))

    def discard(self) -> None:
        self.beginResetModel()
        self.pending.clear()
        self.endResetModel()
        self.pending_changed.emit(0)

    def line(self, row: int) -> StockLine:
        line = self._lines[row]
        if line.id in self.pending:
            return replace(line, quantity=self.pending[line.id])
        return line

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == QUANTITY:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self.line(index.row())
        column = COLUMNS[index.column()]
        if role == ItemIdRole:
            return line.id
        if role == Qt.ItemDataRole.EditRole and column == "quantity":
            return "" if line.quantity is None else str(line.quantity)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "quantity":
                return quantity_text(line.quantity)
            if column == "unit":
                return unit_text(line.unit)
            if column == "form":
                return form_text(line.form)
            return str(getattr(line, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "quantity":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and line.id in self.pending:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == "quantity":
            if line.quantity == 0:
                return QBrush(OUT)
            if line.quantity is None:
                return QBrush(NOT_COUNTED)
        if role == Qt.ItemDataRole.ToolTipRole and column == "quantity":
            if line.quantity == 0:
                return QCoreApplication.translate("StockModel", "Out of stock")
            return QCoreApplication.translate(
                "StockModel", "Type the quantity counted (a whole number, 0 or more), then Enter."
            )
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.column() != QUANTITY:
            return False
        line = self._lines[index.row()]
        text = str(value)
        issue = quantity_issue(text, line.id)
        if issue is not None:
            self.refused.emit(line.id, messages.issue_text(issue))
            return False
        quantity = int(text.strip())
        if quantity == line.quantity:
            self.pending.pop(line.id, None)
        else:
            self.pending[line.id] = quantity
        left, right = self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1)
        self.dataChanged.emit(left, right)
        self.pending_changed.emit(len(self.pending))
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return _tr(TITLES[COLUMNS[section]]) if 0 <= section < len(COLUMNS) else None
