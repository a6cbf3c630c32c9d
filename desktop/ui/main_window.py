"""The main window: navigation on the left, pages in the middle, sync state in the status bar.

Pages are added with ``add_page``; each feature (patients, consults, queue, sync, media)
brings its own page widget. The window itself knows nothing about them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME


@dataclass
class _Page:
    key: str
    title: Callable[[], str]
    widget: QWidget
    item: QListWidgetItem


class SyncIndicator(QLabel):
    """Status-bar text for the sync state; the sync engine feeds it through ``set_state``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = "offline"
        self._pending = 0
        self._last = ""
        self.setObjectName("syncIndicator")
        self.retranslate()

    def set_state(self, state: str, pending: int = 0, last_synced: str = "") -> None:
        """``state`` is one of offline, online, syncing, paused, not_enrolled."""
        self._state, self._pending, self._last = state, pending, last_synced
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            "not_enrolled": self.tr("Not connected to a hub"),
            "offline": self.tr("Offline: work is saved on this PC"),
            "online": self.tr("Online"),
            "syncing": self.tr("Syncing %Ln item(s)", "", self._pending),
            "paused": self.tr("Paused: %Ln item(s) waiting", "", self._pending),
        }
        text = texts.get(self._state, self._state)
        if self._last:
            text += "  ·  " + self.tr("last synced %1").replace("%1", self._last)
        self.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    """Top-level window.

    Signals:
        page_changed(str): the key of the page now shown.
        closing(): emitted before the window closes, so owners can stop workers.
    """

    page_changed = Signal(str)
    closing = Signal()

    def __init__(self, role_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._pages: list[_Page] = []
        self._role_label = role_label

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(220)
        self.nav.currentRowChanged.connect(self.on_nav_row_changed)
        self.stack = QStackedWidget()

        self.nav_title = QLabel()
        self.nav_title.setObjectName("navTitle")
        self.nav_title.setFixedWidth(220)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(self.nav_title)
        side.addWidget(self.nav, 1)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)

        self.sync_indicator = SyncIndicator()
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addWidget(self.sync_indicator, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        self.resize(1100, 720)
        self.retranslate()

    def add_page(
        self, key: str, title: Callable[[], str], widget: QWidget, icon: QIcon | None = None
    ) -> None:
        """Add a page; ``title`` is called again whenever the language changes."""
        item = QListWidgetItem(icon or QIcon(), title())
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(200, 40))
        self.nav.addItem(item)
        self.stack.addWidget(widget)
        self._pages.append(_Page(key, title, widget, item))
        if len(self._pages) == 1:
            self.nav.setCurrentRow(0)

    def page(self, key: str) -> QWidget:
        return next(p.widget for p in self._pages if p.key == key)

    def page_keys(self) -> list[str]:
        return [p.key for p in self._pages]

    def show_page(self, key: str) -> None:
        for row, page in enumerate(self._pages):
            if page.key == key:
                self.nav.setCurrentRow(row)
                return
        raise KeyError(key)

    def set_user(self, text: str) -> None:
        self._role_label = text
        self.retranslate()

    @Slot(int)
    def on_nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._pages):
            self.stack.setCurrentIndex(row)
            self.page_changed.emit(self._pages[row].key)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("%1 — teleconsultation").replace("%1", APP_NAME))
        # The product's name as the desktop entry spells it in Hindi (Name[hi]).
        self.nav_title.setText(self.tr("Spoke Clinic"))
        for page in self._pages:
            page.item.setText(page.title())
        self.user_label.setText(self._role_label)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
