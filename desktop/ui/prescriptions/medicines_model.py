"""The medicines of one prescription as a table model: name with strength and form, dose,
directions in the operator's language (notation and words), duration, instructions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from protocol import dosage

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("medicine", "dose", "directions", "duration", "instructions")


def _title(column: str) -> str:
    titles = {
        "medicine": QCoreApplication.translate("MedicinesModel", "Medicine"),
        "dose": QCoreApplication.translate("MedicinesModel", "Dose"),
        "directions": QCoreApplication.translate("MedicinesModel", "How to take"),
        "duration": QCoreApplication.translate("MedicinesModel", "For"),
        "instructions": QCoreApplication.translate("MedicinesModel", "Instructions"),
    }
    return titles[column]


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return value.strip() if isinstance(value, str) else ""


class MedicinesModel(QAbstractTableModel):
    """Rows are the content's medication dicts; ``language`` picks the words of directions."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[dict[str, Any]] = []
        self.language = "en"

    def set_rows(self, rows: list[dict[str, Any]], language: str) -> None:
        self.beginResetModel()
        self._rows = [r for r in rows if isinstance(r, dict)]
        self.language = language
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if column == "medicine":
            name = " ".join(p for p in (_text(row, k) for k in ("name", "strength", "form")) if p)
            if not _text(row, "formulary_id"):
                name += " " + QCoreApplication.translate("MedicinesModel", "(not in formulary)")
            return name
        if column == "dose":
            return " · ".join(p for p in (_text(row, "dose"), _text(row, "route")) if p)
        if column == "directions":
            return dosage.directions(_text(row, "frequency"), _text(row, "timing"), self.language)
        if column == "duration":
            days = row.get("duration_days")
            if not isinstance(days, int) or days <= 0:
                return ""
            # "%1", not "%n": lupdate sees no plural in QCoreApplication.translate().
            text = QCoreApplication.translate("MedicinesModel", "%1 days")
            return text.replace("%1", str(days))
        return _text(row, "instructions")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return _title(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None

    def retranslate(self, language: str) -> None:
        self.language = language
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
