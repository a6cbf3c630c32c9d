"""A read-only table model over a tuple of rows, replaced whole: the base of the review's,
the history's and the call chat's tables (their columns and cells are their own)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """A read-only table over a tuple of rows, replaced whole (``set_rows``); a subclass
    names its columns (``headers``, translated) and says what a cell shows (``data``)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[RowT, ...] = ()

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        heads = self.headers()
        return heads[section] if 0 <= section < len(heads) else None

    def retranslate(self) -> None:
        """The language changed: views re-read the column titles (and size them anew)."""
        if self.headers():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers()) - 1)
