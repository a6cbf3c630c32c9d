"""The first page after login: today's date, the role's main actions and the operator's
worklist (open consults: drafts, waiting for the hub, with a doctor, prescription to print),
each row opening its consult."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import i18n
from desktop.ui.worklist_model import ConsultIdRole, WorklistModel

if TYPE_CHECKING:  # storage (SQLAlchemy) is not imported to show the shell
    from desktop.services.consults import WorkItem

Text = str | Callable[[], str]


def _text(value: Text) -> str:
    return value() if callable(value) else value


class HomePage(QWidget):
    """Landing page.

    Signals:
        action_requested(str): the key of the page an action button leads to.
        open_consult(str): the id of the consult a worklist row asks to open.
        open_prescription(str): the consult of a "prescription received" row.
    """

    action_requested = Signal(str)
    open_consult = Signal(str)
    open_prescription = Signal(str)

    def __init__(self, facility: Text = "", parent: QWidget | None = None) -> None:
        """``facility`` and action texts may be callables, asked again on a language switch."""
        super().__init__(parent)
        self.setObjectName("homePage")
        self._facility = facility
        self._actions: list[tuple[str, QPushButton, Text]] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.today = QLabel()
        self.today.setObjectName("todayLabel")
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self.worklist_heading = QLabel()
        self.worklist_heading.setObjectName("sectionHeading")
        self.worklist_empty = QLabel()
        self.worklist_empty.setWordWrap(True)
        self.worklist_model = WorklistModel()
        self.worklist = QTableView()
        self.worklist.setObjectName("worklist")
        self.worklist.setModel(self.worklist_model)
        self.worklist.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.worklist.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.worklist.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.worklist.verticalHeader().hide()
        self.worklist.setWordWrap(False)
        header = self.worklist.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.worklist.activated.connect(self.on_worklist_activated)
        self.worklist.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.today)
        layout.addWidget(self.subtitle)
        layout.addSpacing(12)
        layout.addLayout(self.grid)
        layout.addSpacing(12)
        layout.addWidget(self.worklist_heading)
        layout.addWidget(self.worklist_empty)
        # The worklist, and beside it whatever panel the role adds (the spoke dashboard).
        self.work_row = QHBoxLayout()
        self.work_row.addWidget(self.worklist, 1)
        layout.addLayout(self.work_row, 1)
        layout.addStretch(0)
        self.retranslate()

    def add_action(self, key: str, button_text: Text) -> QPushButton:
        """A big button that asks the window to open page ``key``; give the text as a
        callable returning ``tr(...)`` so a language switch renames it."""
        button = QPushButton(_text(button_text))
        button.setMinimumHeight(56)
        button.setProperty("role", "bigAction")
        button.clicked.connect(lambda: self.action_requested.emit(key))
        row, col = divmod(len(self._actions), 2)
        self.grid.addWidget(button, row, col)
        self._actions.append((key, button, button_text))
        return button

    def add_side_panel(self, panel: QWidget) -> None:
        """A panel beside the worklist (the spoke dashboard)."""
        self.work_row.addWidget(panel)

    def show_worklist(self, items: list[WorkItem]) -> None:
        """Rows from a fresh storage read (``desktop.storage.daybook.worklist``)."""
        self.worklist_model.set_items(items)
        self.worklist.setVisible(bool(items))
        self.worklist_empty.setVisible(not items)

    @Slot(QModelIndex)
    def on_worklist_activated(self, index: QModelIndex) -> None:
        consult_id = index.data(ConsultIdRole)
        if not consult_id:
            return
        if str(self.worklist_model.item(index.row()).status) == "prescribed":
            self.open_prescription.emit(str(consult_id))
        else:
            self.open_consult.emit(str(consult_id))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Welcome to Spoke Clinic"))
        self.today.setText(self.tr("Today is %1").replace("%1", i18n.format_date(dt.date.today())))
        text = self.tr(
            "Register patients, record vitals and consent, and consult a hub doctor over video. "
            "Everything is saved on this PC first and reaches the hub when the network allows."
        )
        facility = _text(self._facility)
        if facility:
            text = facility + "\n" + text
        self.subtitle.setText(text)
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignLeft)
        for _key, button, source in self._actions:
            button.setText(_text(source))
        self.worklist_heading.setText(self.tr("Today's work"))
        self.worklist_empty.setText(
            self.tr("Nothing open: no drafts, nothing waiting for the hub or to print.")
        )
        self.worklist_model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
