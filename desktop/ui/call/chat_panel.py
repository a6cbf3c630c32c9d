"""The call window's chat area: messages shown as they come (time, author, text), a line
to type one; Enter or *Send* sends it, an empty line sends nothing and a message over the
limit is kept in the line with the reason said.

The transport (``CallController``: the call's ``ChatChannel`` over the consult's room) is
plugged in with ``set_transport``.
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

DEFAULT_LIMIT = 2000  # characters of one message (desktop.call.chat.MAX_CHAT_CHARS)


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
        self.notice = QLabel()  # why a message was not sent
        self.notice.setObjectName("chatNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._limit = DEFAULT_LIMIT
        self._too_long = 0  # the length of the message refused, 0: none
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.messages, 1)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        self.send_button.clicked.connect(self.on_send_clicked)
        self.entry.returnPressed.connect(self.on_send_clicked)
        self.entry.textEdited.connect(self.on_text_edited)
        self.retranslate()

    def set_transport(
        self, send: Callable[[str], None] | None, *, limit: int = DEFAULT_LIMIT
    ) -> None:
        """``send(text)`` delivers a message of at most ``limit`` characters to the other
        side (None: chat unavailable)."""
        self._send = send
        self._limit = limit
        self.retranslate()

    def show_message(self, author: str, text: str, at: dt.datetime) -> None:
        self.messages.addItem(f"{i18n.format_time(at)}  {author}: {text}")
        self.messages.scrollToBottom()

    @Slot()
    def on_send_clicked(self) -> None:
        text = self.entry.text().strip()
        if not text or self._send is None:
            return
        if len(text) > self._limit:
            self._too_long = len(text)  # kept in the line to shorten
            self.retranslate()
            return
        self._send(text)
        self.entry.clear()
        self.on_text_edited("")

    @Slot(str)
    def on_text_edited(self, _text: str) -> None:
        if self._too_long:
            self._too_long = 0
            self.retranslate()

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
        self.notice.setText(
            self.tr("A message can have at most %1 characters; this one has %2. Shorten it.")
            .replace("%1", i18n.format_number(self._limit))
            .replace("%2", i18n.format_number(self._too_long))
            if self._too_long
            else ""
        )
        self.notice.setVisible(bool(self._too_long))
