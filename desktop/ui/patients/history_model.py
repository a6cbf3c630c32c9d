"""One patient's history as a ``QAbstractTableModel`` over ``desktop.storage.daybook``
history items (consults, recording segments, attachments), newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.services.patients import HistoryItem
from desktop.ui import i18n, messages

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("at", "what", "status")
ConsultIdRole = Qt.ItemDataRole.UserRole + 1


def item_text(item: HistoryItem) -> str:
    """What the row is, in words."""
    if item.kind == "recording":
        return QCoreApplication.translate("PatientHistoryModel", "Recording, segment %1").replace(
            "%1", str(item.segment)
        )
    if item.kind == "attachment":
        return QCoreApplication.translate("PatientHistoryModel", "Attachment: %1").replace(
            "%1", item.title
        )
    return QCoreApplication.translate("PatientHistoryModel", "Consult")


def _title(column: str) -> str:
    titles = {
        "at": QCoreApplication.translate("PatientHistoryModel", "When"),
        "what": QCoreApplication.translate("PatientHistoryModel", "What"),
        "status": QCoreApplication.translate("PatientHistoryModel", "Consult status"),
    }
    return titles[column]


class PatientHistoryModel(QAbstractTableModel):
    """Rows of ``HistoryItem``; ``set_items`` replaces them all (a fresh storage read)."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[HistoryItem] = []

    def set_items(self, items: list[HistoryItem]) -> None:
        self.beginResetModel()
        self._items = sorted(items, key=lambda i: i.at, reverse=True)
        self.endResetModel()

    def item(self, row: int) -> HistoryItem:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == ConsultIdRole:
            return item.consult_id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = COLUMNS[index.column()]
        if column == "at":
            return i18n.format_datetime(item.at)
        if column == "what":
            return item_text(item)
        return messages.label(item.status.value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return _title(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None

    def retranslate(self) -> None:
        if self._items:
            last = self.index(len(self._items) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
