"""PendingItemsModel: the unsent outbox rows as a table (what and whose, since when, tries,
why it waits)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.sync.outbox import Item
from desktop.sync.wire import canonical_id
from desktop.ui.sync.bridge import local_time_text
from desktop.ui.sync.messages import entity_text, error_text, size_text

Index = QModelIndex | QPersistentModelIndex


class ItemLabel(Protocol):
    """What a row is, read from storage (``desktop.services.sync.OutboxLabel``):
    ``what`` is patient, consult, picture, file or recording (segment ``segment``);
    ``waits_for`` the (entity type, id) to reach the hub first."""

    @property
    def what(self) -> str: ...

    @property
    def patient_name(self) -> str: ...

    @property
    def segment(self) -> int: ...

    @property
    def waits_for(self) -> tuple[str, str] | None: ...


class PendingItemsModel(QAbstractTableModel):
    """Columns: item, created, attempts, state. ``ItemRole`` gives the ``Item``."""

    ItemRole = Qt.ItemDataRole.UserRole + 1
    COLUMNS = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []
        self._progress: dict[int, tuple[int, int]] = {}
        self._labels: dict[int, ItemLabel] = {}
        self._waiting: set[tuple[str, str]] = set()  # (type, id) of the rows still unsent

    def set_items(self, items: list[Item], labels: Mapping[int, ItemLabel] | None = None) -> None:
        """Replace the rows with the fewest view updates: rows that left (sent) are removed,
        new ones appended, changed ones repainted; a full reset only if the order changed.
        ``labels`` (by outbox id) name what each row is and what it waits for."""
        if labels is not None:
            relabelled = {i.id for i in items if self._labels.get(i.id) != labels.get(i.id)}
            self._labels = dict(labels)
        else:
            relabelled = set()
        waiting = {(i.entity_type, canonical_id(i.entity_id)) for i in items}
        if waiting != self._waiting:
            relabelled |= {i.id for i in items}  # what a row waits for may have been sent
            self._waiting = waiting
        new_ids = [i.id for i in items]
        keep = set(new_ids)
        old_ids = [i.id for i in self._items]
        survivors = [i for i in old_ids if i in keep]
        if survivors != new_ids[: len(survivors)]:
            self.beginResetModel()
            self._items = list(items)
            self.endResetModel()
            return
        row = len(self._items) - 1
        while row >= 0:  # remove gone rows, bottom up, in contiguous runs
            if self._items[row].id in keep:
                row -= 1
                continue
            last = row
            while row >= 0 and self._items[row].id not in keep:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row + 1, last)
            del self._items[row + 1 : last + 1]
            self.endRemoveRows()
        changed = [
            r
            for r, (old, new) in enumerate(zip(self._items, items, strict=False))
            if old != new or new.id in relabelled
        ]
        self._items[: len(survivors)] = items[: len(survivors)]
        if changed:
            self.dataChanged.emit(
                self.index(min(changed), 0), self.index(max(changed), self.COLUMNS - 1)
            )
        if len(items) > len(survivors):
            self.beginInsertRows(QModelIndex(), len(survivors), len(items) - 1)
            self._items.extend(items[len(survivors) :])
            self.endInsertRows()
        self._progress = {k: v for k, v in self._progress.items() if k in keep}

    def item_at(self, row: int) -> Item | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def set_progress(self, item_id: int, done: int, total: int) -> None:
        self._progress[item_id] = (done, total)
        for row, item in enumerate(self._items):
            if item.id == item_id:
                cell = self.index(row, 3)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Item"), self.tr("Saved at"), self.tr("Tries"), self.tr("State"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == self.ItemRole:
            return item
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        if col == 0:
            return self._what_text(item)
        if col == 1:
            return local_time_text(item.created_at)
        if col == 2:
            return str(item.attempts)
        if col == 3:
            return self._state_text(item)
        return None

    def _what_text(self, item: Item) -> str:
        label = self._labels.get(item.id)
        if label is None:
            return entity_text(item.entity_type)
        whats = {
            "patient": self.tr("Patient record"),
            "consult": self.tr("Consultation"),
            "picture": self.tr("Picture"),
            "file": self.tr("File"),
            "recording": self.tr("Recording segment %1").replace("%1", str(label.segment)),
        }
        what = whats.get(label.what, entity_text(item.entity_type))
        if not label.patient_name:
            return what
        return self.tr("%1 · %2").replace("%1", what).replace("%2", label.patient_name)

    def _waits_for_text(self, item: Item) -> str:
        """Why a row not yet tried waits: the record before it is not on the hub yet."""
        label = self._labels.get(item.id)
        if label is None or label.waits_for is None:
            return ""
        kind, entity_id = label.waits_for
        if (kind, canonical_id(entity_id)) not in self._waiting:
            return ""
        if kind == "consult":
            return self.tr("Waiting for the consultation to be sent")
        return self.tr("Waiting for the patient record to be sent")

    def _state_text(self, item: Item) -> str:
        if item.needs_review:
            return self.tr("Needs review: the hub has a different version")
        if item.state == "failed":
            code = (item.last_error or "").split(" ", 1)[0]
            return self.tr("Not sent: %1").replace("%1", error_text(code, code))
        if item.id in self._progress:
            done, total = self._progress[item.id]
            return (
                self.tr("Sending %1 of %2")
                .replace("%1", size_text(done))
                .replace("%2", size_text(total))
            )
        if item.attempts:
            code = (item.last_error or "").split(" ", 1)[0]
            return self.tr("Waiting to retry: %1").replace("%1", error_text(code, code))
        return self._waits_for_text(item) or self.tr("Waiting to be sent")
