"""The patient list as a lazy ``QAbstractTableModel``: browsing pages in from the database
as the view scrolls (canFetchMore/fetchMore), or holding the ranked results of a search.
All reads run off the main thread through an audited finder (one audit entry per page or
search, never the query text); late answers to an old query are dropped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.core import abha, validators
from desktop.services.patients import PatientSummary
from desktop.ui import messages
from desktop.ui.form_support import format_dmy
from desktop.ui.tasks import Operation

Index = QModelIndex | QPersistentModelIndex
PAGE = 100
SEARCH_LIMIT = 200
COLUMNS = ("code", "name", "sex", "age", "mobile", "abha_number", "locality", "updated_at")
_SORT_KEYS = {
    "code": "code",
    "name": "name",
    "age": "birth_date",
    "mobile": "mobile",
    "updated_at": "updated_at",
}


def _title(column: str) -> str:
    titles = {
        "code": QCoreApplication.translate("PatientTableModel", "Patient id"),
        "name": QCoreApplication.translate("PatientTableModel", "Name"),
        "sex": QCoreApplication.translate("PatientTableModel", "Sex"),
        "age": QCoreApplication.translate("PatientTableModel", "Age"),
        "mobile": QCoreApplication.translate("PatientTableModel", "Mobile"),
        "abha_number": QCoreApplication.translate("PatientTableModel", "ABHA number"),
        "locality": QCoreApplication.translate("PatientTableModel", "Village or town"),
        "updated_at": QCoreApplication.translate("PatientTableModel", "Last change"),
    }
    return titles[column]


class PatientSource(Protocol):
    """Where rows come from: ``PatientService.finder`` in the app."""

    def search(self, query: str, limit: int = ...) -> list[PatientSummary]: ...

    def browse(
        self,
        sort: str = ...,
        descending: bool = ...,
        offset: int = ...,
        limit: int = ...,
        after: PatientSummary | None = ...,
    ) -> list[PatientSummary]: ...


class PatientTableModel(QAbstractTableModel):
    """Rows of ``PatientSummary``.

    Signals:
        loaded(): a page or a search answer arrived (tests and the busy indicator).
    """

    loaded = Signal()

    def __init__(self, source: PatientSource, today: Callable[[], date]) -> None:
        super().__init__()
        self._source = source
        self._today = today
        self._rows: list[PatientSummary] = []
        self._query = ""
        self._sort = "updated_at"
        self._descending = True
        self._more = True
        self._loading = False
        self._generation = 0

    # -- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, COLUMNS[index.column()])
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _display(self, row: PatientSummary, column: str) -> str:
        if column == "name":
            return row.full_name
        if column == "sex":
            return messages.label(row.sex)
        if column == "age":
            if row.birth_date is None:
                return ""
            years, _ = validators.age_on(row.birth_date, self._today())
            return f"{years}" + (" ~" if row.birth_estimated else "")
        if column == "abha_number":
            return abha.format_number(row.abha_number)
        if column == "updated_at":
            return format_dmy(row.updated_at.date())
        return str(getattr(row, column))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _title(COLUMNS[section])
        return None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._query and self._more and not self._loading

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading = True
        gen, offset = self._generation, len(self._rows)
        sort, desc = self._sort, self._descending
        last = self._rows[-1] if self._rows else None  # keyset paging from the last row
        Operation(lambda: self._source.browse(sort, desc, offset, PAGE, after=last)).success(
            lambda rows: self._append(gen, rows)
        ).failure(lambda _exc: self._failed(gen)).run()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = COLUMNS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if self._query:
            self.layoutAboutToBeChanged.emit()
            self._rows.sort(key=lambda r: self._sort_value(r, name), reverse=descending)
            self.layoutChanged.emit()
            return
        key = _SORT_KEYS.get(name)
        if key is None:  # no index behind it: only search results sort by this column
            return
        self._sort, self._descending = key, descending
        self.reload()

    def _sort_value(self, row: PatientSummary, column: str) -> Any:
        if column == "age":
            return row.birth_date or date.min
        if column == "updated_at":
            return row.updated_at
        return self._display(row, column).casefold()

    # -- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        """Start again from the first page (or re-run the current search)."""
        self.set_query(self._query, force=True)

    def set_query(self, text: str, force: bool = False) -> None:
        text = text.strip()
        if text == self._query and not force:
            return
        self._query = text
        self._generation += 1
        gen = self._generation
        self.beginResetModel()
        self._rows = []
        self._more = not text
        self._loading = False
        self.endResetModel()
        if not text:
            self.fetchMore(QModelIndex())
            return
        self._loading = True
        Operation(lambda: self._source.search(text, SEARCH_LIMIT)).success(
            lambda rows: self._replace(gen, rows)
        ).failure(lambda _exc: self._failed(gen)).run()

    def _append(self, gen: int, rows: list[PatientSummary]) -> None:
        if gen != self._generation:
            return
        self._loading = False
        self._more = len(rows) == PAGE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def _replace(self, gen: int, rows: list[PatientSummary]) -> None:
        if gen != self._generation:
            return
        self._loading = False
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.loaded.emit()

    def _failed(self, gen: int) -> None:
        if gen == self._generation:
            self._loading = False
            self._more = False
            self.loaded.emit()

    def is_loading(self) -> bool:
        return self._loading

    def patient_id(self, row: int) -> str:
        return self._rows[row].id
