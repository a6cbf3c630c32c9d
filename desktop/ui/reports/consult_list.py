"""The consults behind a dashboard count, in a small window: each row opens its consult.

Signals:
    open_consult(str): the consult id a row asks to open (the window closes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.worklist_model import ConsultIdRole, WorklistModel

if TYPE_CHECKING:
    from desktop.services.consults import WorkItem


class ConsultListDialog(QDialog):
    open_consult = Signal(str)

    def __init__(self, title: str, items: list[WorkItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        self.model = WorklistModel()
        self.model.set_items(items)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.on_activated)
        self.table.doubleClicked.connect(self.on_activated)
        self.empty = QLabel(self.tr("No consults here."))
        self.empty.setVisible(not items)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    @Slot(QModelIndex)
    def on_activated(self, index: QModelIndex) -> None:
        consult_id = index.data(ConsultIdRole)
        if consult_id:
            self.open_consult.emit(str(consult_id))
            self.accept()
