"""The network report's table: the per-state rows (total row first) or a drill-down level
(districts of a state, facilities of a district), numbers with Indian digit grouping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.ui import i18n

Index = QModelIndex | QPersistentModelIndex
KeyRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Line:
    """One row as shown: ``sr_no`` None for the total row; ``wait`` in seconds or None."""

    sr_no: int | None
    name: str
    total: int
    ab_hwc: int
    opd: int
    wait: int | None = None
    drillable: bool = True


def wait_text(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ReportTableModel(QAbstractTableModel):
    """Columns: Sr No, name (State / District / Facility), Total, AB-HWC, OPD, median wait."""

    NUMBERS = (2, 3, 4)

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[Line] = []
        self._name_title = ""
        self._show_wait = True

    def show(self, lines: list[Line], name_title: str, show_wait: bool) -> None:
        self.beginResetModel()
        self._lines, self._name_title, self._show_wait = list(lines), name_title, show_wait
        self.endResetModel()

    def clear(self) -> None:
        self.show([], self._name_title, self._show_wait)

    def line(self, row: int) -> Line:
        return self._lines[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else (6 if self._show_wait else 5)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values: list[str] = [
                "" if line.sr_no is None else i18n.format_number(line.sr_no),
                line.name,
                i18n.format_number(line.total),
                i18n.format_number(line.ab_hwc),
                i18n.format_number(line.opd),
                wait_text(line.wait),
            ]
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and (col in self.NUMBERS or col == 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and line.sr_no is None:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == KeyRole:
            return line.name
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [
            self.tr("Sr No"),
            self._name_title,
            self.tr("Total"),
            self.tr("Hub-and-spoke (AB-HWC)"),
            self.tr("OPD"),
            self.tr("Median wait"),
        ]
        return titles[section] if section < len(titles) else None
