"""SyncPage: what is waiting to reach the hub, the current upload with bytes and rate,
errors in plain words, retry now, pause/resume, needs-review resolution, and a banner (with
a sound) when a prescription arrives."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.sync.outbox import Item
from desktop.ui.sync.bridge import SyncBridge
from desktop.ui.sync.messages import error_text, size_text
from desktop.ui.sync.model import PendingItemsModel
from desktop.ui.sync.patient_names import NameLookup, prescription_text

SHOW_PROGRESS_AFTER_MS = 600
REFRESH_DELAY_MS = 500  # at most two reloads of the pending list a second


class SyncPage(QWidget):
    """The sync page; give it the app's ``SyncBridge`` and, to name the patient in the
    prescription banner, a ``NameLookup`` (``PatientNames.lookup``).

    Signals:
        prescription_shown(str): a prescription banner was shown for this consult id
            (the owner may open the consult, raise a tray message, etc.).
    """

    prescription_shown = Signal(str)

    def __init__(
        self, bridge: SyncBridge, parent: QWidget | None = None, names: NameLookup | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.bridge = bridge
        self.names = names
        self._state = ("not_enrolled", 0, "", "", "")
        self._uploading: int | None = None
        self.model = PendingItemsModel(self)

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.status = QLabel()
        self.status.setObjectName("syncStatus")
        self.error = QLabel()
        self.error.setObjectName("syncError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.retry_button = QPushButton()
        self.pause_button = QPushButton()
        self.pause_button.setCheckable(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.pause_button)
        buttons.addStretch(1)

        self.banner = QFrame()
        self.banner.setObjectName("prescriptionBanner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_close = QPushButton()
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.banner_close)
        self.banner.hide()

        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_label.hide()
        self.progress.hide()
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(SHOW_PROGRESS_AFTER_MS)

        self.table = QTableView()
        self.table.setObjectName("pendingItems")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(16)  # size columns from a few rows, not all
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()

        self.review_text = QPlainTextEdit()
        self.review_text.setReadOnly(True)
        self.review_text.hide()
        self.review_note = QLabel()
        self.review_note.setObjectName("reviewNote")
        self.review_note.setWordWrap(True)
        self.review_note.hide()
        self.keep_hub_button = QPushButton()
        self.keep_mine_button = QPushButton()
        review_buttons = QHBoxLayout()
        review_buttons.addWidget(self.keep_hub_button)
        review_buttons.addWidget(self.keep_mine_button)
        review_buttons.addStretch(1)
        self.keep_hub_button.setEnabled(False)
        self.keep_mine_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.review_text)
        layout.addWidget(self.review_note)
        layout.addLayout(review_buttons)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.bridge.refresh_items)

        self.retry_button.clicked.connect(self.on_retry_clicked)
        self.pause_button.toggled.connect(self.on_pause_toggled)
        self.keep_hub_button.clicked.connect(self.on_keep_hub_clicked)
        self.keep_mine_button.clicked.connect(self.on_keep_mine_clicked)
        self.banner_close.clicked.connect(self.banner.hide)
        self._progress_timer.timeout.connect(self.on_progress_due)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        bridge.status_changed.connect(self.on_status_changed)
        bridge.item_progress.connect(self.on_item_progress)
        bridge.item_sent.connect(self.on_item_sent)
        bridge.item_failed.connect(self.on_item_failed)
        bridge.items_loaded.connect(self.on_items_loaded)
        bridge.prescription_arrived.connect(self.on_prescription_arrived)
        self.retranslate()

    def _schedule_refresh(self) -> None:
        # A throttle, not a debounce: a steady stream of events still refreshes twice a second.
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    # -- engine events ------------------------------------------------------------------
    @Slot(str, int, str, str, str)
    def on_status_changed(self, state: str, pending: int, last: str, code: str, text: str) -> None:
        changed_count = pending != self._state[1]
        self._state = (state, pending, last, code, text)
        self._show_status()
        if changed_count:
            self._schedule_refresh()

    @Slot(int, object, object, float)
    def on_item_progress(self, item_id: int, done: int, total: int, rate: float) -> None:
        self.model.set_progress(item_id, done, total)
        if self._uploading != item_id:
            self._uploading = item_id
            self._progress_timer.start()
        self.progress.setValue(int(1000 * done / total) if total else 0)
        self.progress_label.setText(
            self.tr("Sending a file: %1 of %2 at %3/s")
            .replace("%1", size_text(done))
            .replace("%2", size_text(total))
            .replace("%3", size_text(rate))
        )

    @Slot()
    def on_progress_due(self) -> None:
        if self._uploading is not None:
            self.progress_label.show()
            self.progress.show()

    @Slot(int, str)
    def on_item_sent(self, item_id: int, entity_type: str) -> None:
        if item_id == self._uploading:
            self._uploading = None
            self._progress_timer.stop()
            self.progress.hide()
            self.progress_label.hide()
        self._schedule_refresh()

    @Slot(int, str, bool, bool, str)
    def on_item_failed(
        self, item_id: int, message: str, review: bool, retry: bool, code: str
    ) -> None:
        if item_id == self._uploading:
            self._uploading = None
            self._progress_timer.stop()
            self.progress.hide()
            self.progress_label.hide()
        self._schedule_refresh()

    @Slot(object)
    def on_items_loaded(self, items: list[Item]) -> None:
        self.model.set_items(items)
        self.on_selection_changed(QItemSelection(), QItemSelection())

    @Slot(str, object)
    def on_prescription_arrived(self, consult_id: str, prescription: dict[str, Any]) -> None:
        if self.names is None:
            self._show_prescription(consult_id, "")
        else:
            self.names(consult_id, lambda name: self._show_prescription(consult_id, name))

    def _show_prescription(self, consult_id: str, name: str) -> None:
        self.banner_text.setText(prescription_text(name))  # the patient's name, never an id
        self.banner.show()
        QApplication.beep()
        self.prescription_shown.emit(consult_id)

    # -- operator actions ---------------------------------------------------------------
    @Slot()
    def on_retry_clicked(self) -> None:
        self.bridge.retry_now()

    @Slot(bool)
    def on_pause_toggled(self, paused: bool) -> None:
        if paused:
            self.bridge.pause()
        else:
            self.bridge.resume()
        self.retranslate()

    def selected_item(self) -> Item | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        item = self.selected_item()
        review = item is not None and item.needs_review
        resend = item is not None and item.can_resend
        self.keep_hub_button.setEnabled(review)
        self.keep_mine_button.setEnabled(resend)
        self.review_text.setVisible(review)
        self.review_note.setVisible(review and not resend)
        if review and item is not None:
            ours = {k: v for k, v in item.payload.items() if k != "_sync"}
            theirs = item.meta.get("hub_version")
            self.review_text.setPlainText(
                self.tr("On this PC:")
                + "\n"
                + json.dumps(ours, indent=2, ensure_ascii=False)
                + "\n\n"
                + self.tr("On the hub:")
                + "\n"
                + json.dumps(theirs, indent=2, ensure_ascii=False)
            )

    @Slot()
    def on_keep_hub_clicked(self) -> None:
        item = self.selected_item()
        if item is not None and item.needs_review:
            self.bridge.resolve(item.id, "hub")

    @Slot()
    def on_keep_mine_clicked(self) -> None:
        item = self.selected_item()
        if item is not None and item.can_resend:
            self.bridge.resolve(item.id, "mine")

    # -- text ---------------------------------------------------------------------------
    def _show_status(self) -> None:
        state, pending, last, code, text = self._state
        states = {
            "not_enrolled": self.tr("Not connected to a hub"),
            "offline": self.tr("Offline: work is saved on this PC"),
            "online": self.tr("Online"),
            "syncing": self.tr("Sending to the hub"),
            "paused": self.tr("Paused by you"),
        }
        line = states.get(state, state) + "  ·  " + self.tr("%Ln item(s) waiting", "", pending)
        if last:
            line += "  ·  " + self.tr("last synced %1").replace("%1", last)
        self.status.setText(line)
        message = error_text(code, text) if code else ""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Sync with the hub"))
        self.retry_button.setText(self.tr("Retry now"))
        self.pause_button.setText(
            self.tr("Resume sending") if self.pause_button.isChecked() else self.tr("Pause")
        )
        self.keep_hub_button.setText(self.tr("Keep the hub's version"))
        self.keep_mine_button.setText(self.tr("Send this PC's version again"))
        self.banner_close.setText(self.tr("Dismiss"))
        self.review_note.setText(
            self.tr(
                "The hub has finalized its version, so this PC's version cannot replace it. "
                "Choose \"Keep the hub's version\": this PC's version stays saved here too."
            )
        )
        self._show_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
