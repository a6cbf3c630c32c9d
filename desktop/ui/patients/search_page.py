"""Find a patient: one box (name in either script, mobile, ABHA, patient id), results as
you type, Enter opens the highlighted patient, Ctrl+N registers a new one. The list re-reads
storage when a patient change is announced (at once if shown, else when next shown)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
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

from desktop.changes import Change, Kind
from desktop.ui.changes import ChangeSignal
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.patient_table_model import PatientTableModel

TYPING_PAUSE_MS = 150


class PatientSearchPage(QWidget):
    """The patient list with its search box.

    Signals:
        open_patient(str): the id of the patient to open.
        new_patient(): the operator wants to register someone.
    """

    open_patient = Signal(str)
    new_patient = Signal()

    def __init__(self, context: ClinicContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientSearchPage")
        self._ctx = context
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton()
        self.model = PatientTableModel(context.services.patients.finder, context.today)
        self.table = QTableView()
        self.table.setModel(self.model)
        # Newest change first (the model's own default), before sorting is switched on:
        # enabling it sorts by the indicator at once.
        self.table.horizontalHeader().setSortIndicator(7, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 110)
        self.table.setColumnWidth(1, 220)
        self.table.setColumnWidth(4, 110)
        self.table.setColumnWidth(5, 150)
        self.table.setColumnWidth(6, 140)
        self.empty = QLabel()
        self.empty.setObjectName("emptyHint")
        self.empty.hide()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.on_typing_paused)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self.on_open_current)
        self.search.installEventFilter(self)
        self.table.activated.connect(self.on_activated)
        self.new_button.clicked.connect(self.new_patient)
        self.model.loaded.connect(self.on_loaded)
        self._stale = False
        self._changes = ChangeSignal(context.services.bus, self)
        self._changes.changed.connect(self.on_changed)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_patient.emit)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Patients"))
        self.search.setPlaceholderText(
            self.tr("Name (English or Hindi), mobile, ABHA number or patient id (Ctrl+F)")
        )
        self.new_button.setText(self.tr("New patient (Ctrl+N)"))
        self.empty.setText(self.tr("No patient found. Press Ctrl+N to register."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 7)
        super().changeEvent(event)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        """A patient was registered or edited (here or elsewhere): re-read the list."""
        if change.kind is not Kind.PATIENT:
            return
        if self.isVisible():
            self.model.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.model.reload()

    def start(self) -> None:
        """Load the first page (call when the page is first shown)."""
        self.model.reload()

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot()
    def on_typing_paused(self) -> None:
        self.model.set_query(self.search.text())

    @Slot()
    def on_loaded(self) -> None:
        nothing = self.model.rowCount() == 0 and bool(self.search.text().strip())
        self.empty.setVisible(nothing)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    @Slot()
    def on_open_current(self) -> None:
        if self._timer.isActive() or self.model.is_loading():
            return  # the list is about to change; Enter again when it has
        index = self.table.currentIndex()
        if index.isValid():
            self.open_patient.emit(self.model.patient_id(index.row()))

    @Slot(QModelIndex)
    def on_activated(self, index: QModelIndex) -> None:
        self.open_patient.emit(self.model.patient_id(index.row()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the search box move through the results without leaving the box.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                row = self.table.currentIndex().row()
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(row + step, 0), self.model.rowCount() - 1)
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return super().eventFilter(watched, event)
