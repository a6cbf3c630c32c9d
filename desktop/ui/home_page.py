"""The first page after login: today's date, a greeting and the main actions of the role."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import i18n


class HomePage(QWidget):
    """Landing page.

    Signals:
        action_requested(str): the key of the page an action button leads to.
    """

    action_requested = Signal(str)

    def __init__(self, facility: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")
        self._facility = facility
        self._actions: list[tuple[str, QPushButton]] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.today = QLabel()
        self.today.setObjectName("todayLabel")
        self.grid = QGridLayout()
        self.grid.setSpacing(12)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.today)
        layout.addWidget(self.subtitle)
        layout.addSpacing(12)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.retranslate()

    def add_action(self, key: str, button_text: str) -> QPushButton:
        """A big button that asks the window to open page ``key``; text via ``tr`` by caller."""
        button = QPushButton(button_text)
        button.setMinimumHeight(56)
        button.setProperty("role", "bigAction")
        button.clicked.connect(lambda: self.action_requested.emit(key))
        row, col = divmod(len(self._actions), 2)
        self.grid.addWidget(button, row, col)
        self._actions.append((key, button))
        return button

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Welcome to Spoke Clinic"))
        self.today.setText(self.tr("Today is %1").replace("%1", i18n.format_date(dt.date.today())))
        text = self.tr(
            "Register patients, record vitals and consent, and consult a hub doctor over video. "
            "Everything is saved on this PC first and reaches the hub when the network allows."
        )
        if self._facility:
            text = self._facility + "\n" + text
        self.subtitle.setText(text)
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
