"""The call window's chat area: messages shown as they come, a line to type one.

Only the shell lives here; the transport (the signaling room, stored with the consult) is
plugged in with ``set_transport`` by the call's chat module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import i18n


class ChatPanel(QWidget):
    """Messages of the call; *Send* works once a transport is set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callChat")
        self._send: Callable[[str], None] | None = None
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        self.messages = QListWidget()
        self.messages.setWordWrap(True)
        self.entry = QLineEdit()
        self.send_button = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.messages, 1)
        layout.addLayout(row)
        self.send_button.clicked.connect(self.on_send_clicked)
        self.entry.returnPressed.connect(self.on_send_clicked)
        self.retranslate()

    def set_transport(self, send: Callable[[str], None] | None) -> None:
        """``send(text)`` delivers a message to the other side (None: chat unavailable)."""
        self._send = send
        self.retranslate()

    def show_message(self, author: str, text: str, at: dt.datetime) -> None:
        self.messages.addItem(f"{i18n.format_time(at)}  {author}: {text}")
        self.messages.scrollToBottom()

    @Slot()
    def on_send_clicked(self) -> None:
        text = self.entry.text().strip()
        if not text or self._send is None:
            return
        self._send(text)
        self.entry.clear()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Chat"))
        self.send_button.setText(self.tr("Send"))
        ready = self._send is not None
        self.entry.setEnabled(ready)
        self.send_button.setEnabled(ready)
        self.entry.setPlaceholderText(
            self.tr("Type a message") if ready else self.tr("Chat is not available in this call.")
        )
