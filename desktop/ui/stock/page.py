"""The Stock page: the spoke's medicine list (seeded from the HWC essential-medicines list)
with search, quantities typed in the table (Enter confirms and moves down; Ctrl+S saves every change
in one transaction, Esc discards), and a clear message for a quantity refused. Re-reads on a
stock announcement (a save here, a dispensing on the Prescriptions page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Change, ChangeBus, Kind
from desktop.core.issues import ValidationError
from desktop.ui import failure_report, messages
from desktop.ui.changes import ChangeSignal
from desktop.ui.stock.model import COLUMNS, QUANTITY, StockModel
from desktop.ui.tasks import Operation

if TYPE_CHECKING:
    from desktop.services.stock import StockLine, StockService


ERROR_STYLE = "color: #b3261e; font-weight: 600;"


class StockPage(QWidget):
    """The operator's stock list; nothing of a patient is shown here."""

    def __init__(self, service: StockService, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stockPage")
        self._service = service
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("stockSearch")
        self.search.setClearButtonEnabled(True)
        self.model = StockModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.table = QTableView()
        self.table.setObjectName("stockTable")
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in ("strength", "form", "quantity", "unit"):
            header.setSectionResizeMode(
                COLUMNS.index(column), QHeaderView.ResizeMode.ResizeToContents
            )
        self.message = QLabel()
        self.message.setObjectName("stockMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("stockSave")
        self.save_button.setEnabled(False)
        self.discard_button = QPushButton()
        self.discard_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.discard_button)
        self.setTabOrder(self.discard_button, self.save_button)

        self.search.textChanged.connect(self.on_search)
        self.search.returnPressed.connect(self.on_search_enter)
        self.model.refused.connect(self.on_refused)
        self.table.itemDelegate().closeEditor.connect(self.on_editor_closed)
        self._refused = False
        self.model.pending_changed.connect(self.on_pending)
        self.save_button.clicked.connect(self.on_save)
        self.discard_button.clicked.connect(self.on_discard)
        QShortcut(QKeySequence.StandardKey.Save, self, self.on_save)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self._changes = ChangeSignal(bus, self)
        self._changes.changed.connect(self.on_changed)
        self._saving = False
        self._saved_count: int | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Medicine stock"))
        self.hint.setText(
            self.tr(
                "The medicines this centre keeps, from the Health & Wellness Centre essential "
                "medicines list. Type the quantity counted in the Quantity column (Enter to "
                "confirm), then save (Ctrl+S). The hub doctor sees this list when prescribing; "
                "dispensing a prescription takes the medicines given out of stock."
            )
        )
        self.search.setPlaceholderText(self.tr("Search medicines (Ctrl+F)"))
        self.save_button.setText(self.tr("Save changes"))
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.discard_button.setText(self.tr("Discard changes"))
        self.on_pending(len(self.model.pending))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the list again (seeded the first time)."""
        Operation.from_future(self._service.lines()).success(self._show).failure(
            self._read_failed
        ).run()

    def _read_failed(self, exc: BaseException) -> None:
        if self._saved_count is not None:  # saved, but the read after it failed: stay editable
            self._saved_count = None
            self._saving = False
            self.on_pending(len(self.model.pending))
        failure_report.report(exc)

    def _show(self, lines: list[StockLine]) -> None:
        self.model.set_lines(lines)
        if self._saved_count is not None:  # the read after a save: the stored values are shown
            count, self._saved_count = self._saved_count, None
            self._saving = False
            self.on_pending(len(self.model.pending))
            if not self.model.pending:
                self.message.setText(self.tr("Saved: %n quantity(ies).", "", count))

    # -- events ------------------------------------------------------------------------

    @Slot(str)
    def on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    @Slot()
    def on_search_enter(self) -> None:
        """Enter in the search box goes to the first match's quantity."""
        if self.proxy.rowCount() > 0:
            self.table.setFocus()
            self.table.setCurrentIndex(self.proxy.index(0, QUANTITY))

    @Slot(str, str)
    def on_refused(self, item_id: str, text: str) -> None:
        self._refused = True
        self.message.setProperty("severity", "error")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    @Slot(QWidget, QAbstractItemDelegate.EndEditHint)
    def on_editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter on a quantity accepted moves to the next medicine's quantity (counting goes
        down the shelf); a refused one stays for correction."""
        refused, self._refused = self._refused, False
        if refused or hint != QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            return
        current = self.table.currentIndex()
        below = current.sibling(current.row() + 1, QUANTITY)
        if below.isValid():
            self.table.setCurrentIndex(below)

    @Slot(int)
    def on_pending(self, count: int) -> None:
        self.save_button.setEnabled(count > 0 and not self._saving)
        self.discard_button.setEnabled(count > 0 and not self._saving)
        if count:
            self.message.setProperty("severity", "")
            self.message.setStyleSheet("")
            self.message.setText(self.tr("%n change(s) not saved yet.", "", count))
        elif self.message.property("severity") != "error":
            self.message.clear()

    @Slot()
    def on_save(self) -> None:
        if not self.model.pending or self._saving:
            return
        self._saving = True
        self.on_pending(len(self.model.pending))
        Operation.from_future(self._service.set_quantities(self.model.pending)).success(
            self._saved
        ).failure(self._save_failed).run()

    def _saved(self, changed: list[str]) -> None:
        """The typed values stay shown (still pending) until the fresh read has them, so a
        saved row never flashes its old quantity; the read drops them from pending."""
        self._saved_count = len(changed)
        self.message.setProperty("severity", "")
        self.message.setStyleSheet("")
        self.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.on_pending(len(self.model.pending))
        if isinstance(exc, ValidationError) and exc.issues:
            self.on_refused(exc.issues[0].field, messages.issue_text(exc.issues[0]))
            return
        failure_report.report(exc)

    @Slot()
    def on_discard(self) -> None:
        self.model.discard()
        self.message.clear()

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.kind is Kind.STOCK and self.isVisible() and not self._saving:
            self.refresh()
