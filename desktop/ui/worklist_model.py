"""The operator's worklist as a ``QAbstractTableModel`` over ``desktop.storage.daybook``
work items: one row per open consult, with what it waits for in the clinic's words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.ui import i18n, messages

if TYPE_CHECKING:  # storage (SQLAlchemy) is not imported to show the shell
    from desktop.services.consults import WorkItem

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("state", "patient", "complaints", "updated_at")
ConsultIdRole = Qt.ItemDataRole.UserRole + 1


def state_text(status: str) -> str:
    """What the consult waits for, as the worklist says it (``status``: a ``Status`` value;
    compared as text so showing the shell does not import the core's name rules)."""
    texts = {
        "draft": QCoreApplication.translate("WorklistModel", "Draft: finish and send"),
        "ready": QCoreApplication.translate("WorklistModel", "Waiting for the hub"),
        "with_hub": QCoreApplication.translate("WorklistModel", "Waiting for a hub doctor"),
        "assigned": QCoreApplication.translate("WorklistModel", "A doctor has taken it"),
        "in_progress": QCoreApplication.translate("WorklistModel", "With a doctor"),
        "prescribed": QCoreApplication.translate(
            "WorklistModel", "Prescription received: print it"
        ),
    }
    return texts.get(str(status), messages.label(str(status)))


def _title(column: str) -> str:
    titles = {
        "state": QCoreApplication.translate("WorklistModel", "To do"),
        "patient": QCoreApplication.translate("WorklistModel", "Patient"),
        "complaints": QCoreApplication.translate("WorklistModel", "Complaints"),
        "updated_at": QCoreApplication.translate("WorklistModel", "Last change"),
    }
    return titles[column]


class WorklistModel(QAbstractTableModel):
    """Rows of ``WorkItem``; ``set_items`` replaces them all (a fresh storage read)."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[WorkItem] = []

    def set_items(self, items: list[WorkItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> WorkItem:
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
        if column == "state":
            if item.printable is False:  # arrived, but its signature did not verify
                return QCoreApplication.translate(
                    "WorklistModel", "Prescription received: cannot be printed (open it to see why)"
                )
            return state_text(item.status)
        if column == "patient":
            return f"{item.patient_name} ({item.patient_code})"
        if column == "complaints":
            return ", ".join(messages.label(c) for c in item.complaints)
        return i18n.format_datetime(item.updated_at)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return _title(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None

    def retranslate(self) -> None:
        """Texts come from the current language; tell views to fetch them again."""
        if self._items:
            last = self.index(len(self._items) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
