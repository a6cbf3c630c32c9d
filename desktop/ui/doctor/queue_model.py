"""The hub doctor's queue as a ``QAbstractTableModel`` over ``QueueItem``s: priority, waiting
time, specialty, spoke with district and state, patient age/sex, consult mode, and whether
the consult is offered to this doctor. A field the hub did not send shows as "—"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from desktop.services.doctor import QueueItem
from desktop.ui import messages

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("priority", "waiting", "specialty", "spoke", "patient", "mode", "offered")
ConsultIdRole = Qt.ItemDataRole.UserRole + 1
ItemRole = Qt.ItemDataRole.UserRole + 2
MISSING = "—"


def waiting_text(seconds: int | None) -> str:
    if seconds is None:
        return MISSING
    minutes = seconds // 60
    if minutes < 60:
        return QCoreApplication.translate("QueueModel", "%1 min").replace("%1", str(minutes))
    return (
        QCoreApplication.translate("QueueModel", "%1 h %2 min")
        .replace("%1", str(minutes // 60))
        .replace("%2", str(minutes % 60))
    )


def mode_text(mode: str | None) -> str:
    texts = {
        "live": QCoreApplication.translate("QueueModel", "Video"),
        "video": QCoreApplication.translate("QueueModel", "Video"),
        "audio": QCoreApplication.translate("QueueModel", "Audio"),
        "text": QCoreApplication.translate("QueueModel", "Text"),
        "store_and_forward": QCoreApplication.translate("QueueModel", "Store and forward"),
    }
    return MISSING if mode is None else texts.get(mode, mode)


def sex_text(sex: str | None) -> str:
    texts = {
        "female": QCoreApplication.translate("QueueModel", "F"),
        "male": QCoreApplication.translate("QueueModel", "M"),
        "other": QCoreApplication.translate("QueueModel", "O"),
        "unknown": MISSING,
    }
    return MISSING if sex is None else texts.get(sex, sex)


def patient_text(item: QueueItem) -> str:
    if item.patient_age_years is None and item.patient_sex is None:
        return MISSING
    age = (
        MISSING
        if item.patient_age_years is None
        else QCoreApplication.translate("QueueModel", "%1 y").replace(
            "%1", str(item.patient_age_years)
        )
    )
    return f"{age} / {sex_text(item.patient_sex)}"


def spoke_text(item: QueueItem) -> str:
    if item.facility_name is None:
        return MISSING
    place = ", ".join(p for p in (item.district, item.state) if p)
    return f"{item.facility_name} ({place})" if place else item.facility_name


def offered_text(item: QueueItem) -> str:
    if item.offered:
        return QCoreApplication.translate("QueueModel", "Offered to you")
    if item.status == "in_progress":
        return QCoreApplication.translate("QueueModel", "Yours, in progress")
    return QCoreApplication.translate("QueueModel", "Open to claim")


def _title(column: str) -> str:
    titles = {
        "priority": QCoreApplication.translate("QueueModel", "Priority"),
        "waiting": QCoreApplication.translate("QueueModel", "Waiting"),
        "specialty": QCoreApplication.translate("QueueModel", "Specialty"),
        "spoke": QCoreApplication.translate("QueueModel", "Spoke"),
        "patient": QCoreApplication.translate("QueueModel", "Age / sex"),
        "mode": QCoreApplication.translate("QueueModel", "Mode"),
        "offered": QCoreApplication.translate("QueueModel", "For you"),
    }
    return titles[column]


class QueueModel(QAbstractTableModel):
    """Rows of ``QueueItem``; ``set_items`` replaces them (a fresh read from the hub).
    ``now`` is the clock the waiting times are counted against (tests inject one)."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._items: list[QueueItem] = []
        self._now = now or (lambda: datetime.now(UTC))

    def set_items(self, items: list[QueueItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[QueueItem]:
        return list(self._items)

    def item(self, row: int) -> QueueItem:
        return self._items[row]

    def row_of(self, consult_id: str) -> int:
        return next((r for r, i in enumerate(self._items) if i.id == consult_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def text(self, item: QueueItem, column: str) -> str:
        if column == "priority":
            return MISSING if item.priority is None else messages.label(item.priority)
        if column == "waiting":
            return waiting_text(item.waiting(self._now()))
        if column == "specialty":
            return MISSING if item.specialty is None else messages.label(item.specialty)
        if column == "spoke":
            return spoke_text(item)
        if column == "patient":
            return patient_text(item)
        if column == "mode":
            return mode_text(item.mode)
        return offered_text(item)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == ConsultIdRole:
            return item.id
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, COLUMNS[index.column()])
        if role == Qt.ItemDataRole.FontRole and (item.offered or item.priority == "urgent"):
            font = QFont()
            font.setBold(True)
            return font
        return None

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
