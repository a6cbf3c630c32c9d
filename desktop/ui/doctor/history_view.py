"""The patient's earlier consults: a list (date, spoke, specialty, complaints, prescription)
and the selected one opened read-only beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.review_history import HistoryEntry, PrescriptionSummary, parse_time
from desktop.ui import i18n, messages
from desktop.ui.doctor import review_texts as texts
from desktop.ui.rows_model import Index, RowsModel


def prescription_summary(rxs: tuple[PrescriptionSummary, ...]) -> str:
    """The medicines of an earlier consult's prescriptions, in one line."""
    meds = [m for rx in rxs for m in rx.medicines]
    if meds:
        return "; ".join(meds)
    if any(rx.advice for rx in rxs):
        return "; ".join(rx.advice for rx in rxs if rx.advice)
    return QCoreApplication.translate("HistoryModel", "No prescription")


class HistoryModel(RowsModel[HistoryEntry]):
    """Earlier consults, newest first."""

    def set_entries(self, entries: tuple[HistoryEntry, ...]) -> None:
        self.set_rows(entries)

    def entry(self, row: int) -> HistoryEntry | None:
        return self.row(row)

    def headers(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("HistoryModel", "Date"),
            QCoreApplication.translate("HistoryModel", "Spoke"),
            QCoreApplication.translate("HistoryModel", "Specialty"),
            QCoreApplication.translate("HistoryModel", "Complaints"),
            QCoreApplication.translate("HistoryModel", "Prescription"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        e = self.entry(index.row()) if index.isValid() else None
        if e is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = (
            texts.date_text(e.date),
            e.spoke,
            messages.label(e.specialty) if e.specialty else "",
            e.complaints,
            prescription_summary(e.prescriptions),
        )
        return values[index.column()] if 0 <= index.column() < len(values) else None


class HistoryView(QWidget):
    """Earlier consults; selecting one shows it read-only (nothing here edits anything).

    Signals:
        opened(object): the ``HistoryEntry`` now shown.
    """

    opened = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("historyDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([200, 300])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self.shown: HistoryEntry | None = None
        self.set_entries(())

    def set_entries(self, entries: tuple[HistoryEntry, ...]) -> None:
        self.model.set_entries(entries)
        self.shown = None
        self.detail.setText("")
        self.empty.setVisible(not entries)
        self.retranslate()
        if entries:
            self.open_row(0)

    def clear(self) -> None:
        self.set_entries(())

    def open_row(self, row: int) -> None:
        self.table.selectRow(row)

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        rows = {i.row() for i in selected.indexes()}
        entry = self.model.entry(min(rows)) if rows else None
        if entry is None:
            return
        self.shown = entry
        self.detail.setText(self.detail_text(entry))
        self.opened.emit(entry)

    def detail_text(self, e: HistoryEntry) -> str:
        lines = [
            " · ".join(
                p
                for p in (
                    texts.datetime_text(e.date),
                    e.spoke,
                    messages.label(e.specialty) if e.specialty else "",
                    texts.status_label(e.status),
                )
                if p
            ),
            "",
            self.tr("Complaints: %1").replace("%1", e.complaints or "—"),
        ]
        if e.vitals:
            lines.append(self.tr("Vitals:"))
            for v in e.vitals:
                flag = f"  {texts.flag_text(v.flag)}" if v.flagged else ""
                lines.append(f"  {texts.vital_label(v.name)}: {texts.value_text(v)}{flag}")
        if not e.prescriptions:
            lines.append(self.tr("No prescription."))
        for rx in e.prescriptions:
            lines.append(
                self.tr("Prescription (signed):") if rx.signed else self.tr("Prescription:")
            )
            if rx.diagnosis:
                lines.append("  " + self.tr("Diagnosis: %1").replace("%1", rx.diagnosis))
            lines += [f"  • {m}" for m in rx.medicines]
            if rx.advice:
                lines.append("  " + self.tr("Advice: %1").replace("%1", rx.advice))
            follow_up = parse_time(rx.follow_up_date)
            if follow_up is not None:
                lines.append(
                    "  "
                    + self.tr("Follow up on %1").replace("%1", i18n.format_date(follow_up.date()))
                )
            elif rx.follow_up_days:
                lines.append(
                    "  " + self.tr("Follow up in %1 days").replace("%1", str(rx.follow_up_days))
                )
        return "\n".join(lines)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.empty.setText(self.tr("No earlier consults of this patient."))
        if self.shown is not None:
            self.detail.setText(self.detail_text(self.shown))
