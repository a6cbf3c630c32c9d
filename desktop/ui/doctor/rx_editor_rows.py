"""Item models of the prescription editor: the medicine rows (with their rule findings and
stock flags) and the formulary names offered by type-ahead."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.ui import i18n
from protocol.dosage import directions
from protocol.formulary import Formulary, Violation
from protocol.schemas import Medication
from protocol.stock import StockItem

Index = QModelIndex | QPersistentModelIndex
_BLOCKED = QColor("#b3261e")
_FLAGGED = QColor("#8a5a00")


@dataclass
class MedicineRow:
    """One medicine as written, with what the rules and the stock say about it."""

    medication: Medication
    findings: list[Violation] = field(default_factory=list)
    in_stock: bool | None = None  # None: no stock list given
    alternatives: list[StockItem] = field(default_factory=list)

    @property
    def free_text(self) -> bool:
        return not self.medication.formulary_id

    @property
    def blocked(self) -> bool:
        return any(v.blocking for v in self.findings)


class MedicineRowsModel(QAbstractTableModel):
    """The medicines of the prescription being written (columns: medicine, directions,
    duration, flags). Flag texts come from ``flag_text``, set by the editor (translated)."""

    COLUMNS = ("medicine", "directions", "duration", "flags")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MedicineRow] = []
        self.flag_text: Any = lambda row: ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return (self.tr("Medicine"), self.tr("Directions"), self.tr("Duration"), self.tr("Flags"))[
            section
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in ("flags", "medicine"):
            if row.blocked:
                return QBrush(_BLOCKED)
            if row.free_text or row.in_stock is False:
                return QBrush(_FLAGGED) if column == "flags" else None
        return None

    def _text(self, row: MedicineRow, column: str) -> str:
        med = row.medication
        if column == "medicine":
            name = " ".join(p for p in (med.name, med.strength, med.form) if p)
            marked = self.tr("%1 [free text]").replace("%1", name)
            return marked if row.free_text else name
        if column == "directions":
            said = directions(med.frequency, med.timing, i18n.current())
            return ", ".join(p for p in (med.dose, said, med.route, med.instructions) if p)
        if column == "duration":
            days = self.tr("%1 days").replace("%1", str(med.duration_days))
            return days if med.duration_days else ""
        return str(self.flag_text(row))

    def set_rows(self, rows: list[MedicineRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def refresh(self) -> None:
        """Texts changed (language, findings): every cell again."""
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)


class FormularyNames(QAbstractListModel):
    """Every name the formulary knows (generics, brands, synonyms) for the type-ahead; the
    user role holds the drug's id."""

    def __init__(self, formulary: Formulary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        names: dict[str, str] = {}
        for drug in formulary.drugs:
            for text in (drug.generic, *drug.brands, *drug.synonyms):
                names.setdefault(text, drug.id)
        self.names = sorted(names.items(), key=lambda item: item[0].casefold())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.names):
            return None
        text, drug_id = self.names[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.UserRole:
            return drug_id
        return None
