"""Item models of the review screen: the consult's vitals (flagged values marked) and its
attachments or recordings. Tables are ``desktop.ui.rows_model.RowsModel``s (as the
history's); the chat of the consult's calls is ``desktop.ui.call.chat_record``'s."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.review import MediaKind, MediaRef, Recording, VitalReading
from desktop.ui.doctor import review_texts as texts
from desktop.ui.rows_model import Index, RowsModel

FLAG_COLOUR = QColor("#b3261e")
FLAG_ROLE = Qt.ItemDataRole.UserRole + 1


class VitalsModel(RowsModel[VitalReading]):
    """One row per measurement: name, value with unit, normal range, flag."""

    def set_vitals(self, rows: tuple[VitalReading, ...]) -> None:
        self.set_rows(rows)

    def headers(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("VitalsModel", "Measurement"),
            QCoreApplication.translate("VitalsModel", "Value"),
            QCoreApplication.translate("VitalsModel", "Normal"),
            QCoreApplication.translate("VitalsModel", "Flag"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        v = self.row(index.row()) if index.isValid() else None
        if v is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return texts.vital_label(v.name)
            if col == 1:
                return texts.value_text(v)
            if col == 2:
                return texts.range_text(v)
            return texts.flag_text(v.flag) if v.flagged else ""
        if role == FLAG_ROLE:
            return v.flag.value
        if v.flagged and col in (1, 3):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(FLAG_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 3:
            return texts.flag_text(v.flag)
        return None


def _kind_text(kind: MediaKind) -> str:
    words = {
        MediaKind.IMAGE: QCoreApplication.translate("MediaListModel", "Picture"),
        MediaKind.PDF: QCoreApplication.translate("MediaListModel", "PDF"),
        MediaKind.VIDEO: QCoreApplication.translate("MediaListModel", "Video"),
        MediaKind.AUDIO: QCoreApplication.translate("MediaListModel", "Sound"),
    }
    return words.get(kind, QCoreApplication.translate("MediaListModel", "File"))


class MediaListModel(QAbstractListModel):
    """Attachments (``MediaRef``) or recordings (``Recording``), one line each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: tuple[MediaRef | Recording, ...] = ()

    def set_items(self, items: tuple[MediaRef, ...] | tuple[Recording, ...]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def item(self, row: int) -> MediaRef | Recording | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if isinstance(item, Recording):
                title = item.title or QCoreApplication.translate("MediaListModel", "Recording")
                parts = QCoreApplication.translate("MediaListModel", "%1 parts").replace(
                    "%1", str(len(item.segments))
                )
                length = texts.seconds_text(item.duration)
                return " · ".join(p for p in (title, parts, length) if p)
            title = item.title or QCoreApplication.translate("MediaListModel", "Untitled")
            return f"{title} ({_kind_text(item.kind)})"
        return None
