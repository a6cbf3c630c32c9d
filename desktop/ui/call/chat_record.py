"""The chat of a consult's calls as part of its record, read-only: a table model (time, who,
text) and the view both the doctor's review and the spoke's consult screen show it in. The
messages come from the store (the hub's for the doctor, the spoke's own), never from the
call: what is shown is what was kept."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import i18n
from desktop.ui.rows_model import Index, RowsModel

SENDER_ROLE = Qt.ItemDataRole.UserRole + 2


class ChatMessage(Protocol):
    """What a stored message shows: ``desktop.core.consult_chat.ChatEntry`` (the hub's) and
    ``desktop.storage.call_repo.ChatLine`` (the spoke's) both are."""

    @property
    def sender(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def sent_at(self) -> datetime: ...


def sender_text(sender: str) -> str:
    """Who wrote a message: the hub's doctor or the clinic (the spoke's operator)."""
    if sender == "doctor":
        return QCoreApplication.translate("ChatModel", "Doctor")
    return QCoreApplication.translate("ChatModel", "Clinic")


class ChatModel(RowsModel[ChatMessage]):
    """The messages oldest first: time (the sender's clock, local time), who, the text."""

    def headers(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("ChatModel", "Time"),
            QCoreApplication.translate("ChatModel", "From"),
            QCoreApplication.translate("ChatModel", "Message"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.row(index.row()) if index.isValid() else None
        if m is None:
            return None
        if role == SENDER_ROLE:
            return m.sender
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = (i18n.format_datetime(m.sent_at), sender_text(m.sender), m.text)
        return values[index.column()] if 0 <= index.column() < len(values) else None


class ChatRecordView(QWidget):
    """The conversation in a table that wraps long messages, or a line saying there is none.
    Nothing here edits anything."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatRecord")
        self.model = ChatModel(self)
        self.table = QTableView()
        self.table.setObjectName("chatRecordTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel()
        self.empty.setObjectName("chatRecordEmpty")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.retranslate()
        self.show_messages(())

    def show_messages(self, messages: Iterable[ChatMessage]) -> None:
        rows = tuple(messages)
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def clear(self) -> None:
        self.show_messages(())

    def count(self) -> int:
        return self.model.rowCount()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()  # wrapped messages take the rows they need

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.empty.setText(self.tr("No chat in this consultation's calls."))
        self.model.retranslate()
        self.table.resizeRowsToContents()
