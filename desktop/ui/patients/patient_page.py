"""One patient's page: the summary, then their earlier consults, recordings and attachments,
newest first, each opening its consult; and a button to start (or resume) today's consult."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.patient import Patient
from desktop.services.patients import HistoryItem
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.patient_summary import PatientSummary
from desktop.ui.patients.history_model import ConsultIdRole, PatientHistoryModel
from desktop.ui.tasks import Operation


class PatientPage(QWidget):
    """The page of one patient.

    Signals:
        open_consult(str): a history row asks to open its consult.
        start_consult(object): the ``Patient`` whose consult to start or resume.
        back(): Esc or the Back button.
        loaded(): the history arrived from storage.
    """

    open_consult = Signal(str)
    start_consult = Signal(object)
    back = Signal()
    loaded = Signal()

    def __init__(self, context: ClinicContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientPage")
        self._ctx = context
        self.patient: Patient | None = None
        self.summary = PatientSummary(context.today)
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.empty = QLabel()
        self.model = PatientHistoryModel()
        self.table = QTableView()
        self.table.setObjectName("patientHistory")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.on_row_activated)
        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.back_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.summary)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(self.on_start)
        self.back_button.clicked.connect(self.back)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back.emit)
        QShortcut(QKeySequence("Ctrl+N"), self, self.on_start)
        self.retranslate()

    def show_patient(self, patient: Patient) -> None:
        """Bind the page to ``patient``: the summary at once, the history when read."""
        self.patient = patient
        self.summary.show_patient(patient)
        self.model.set_items([])
        pid = patient.id
        Operation.from_future(self._ctx.services.patients.history(pid)).success(
            lambda items: self._show_history(pid, items)
        ).run()

    def _show_history(self, patient_id: str, items: list[HistoryItem]) -> None:
        if self.patient is None or self.patient.id != patient_id:
            return  # another patient is shown now: drop the late answer
        self.model.set_items(items)
        self.table.setVisible(bool(items))
        self.empty.setVisible(not items)
        if items:
            self.table.selectRow(0)
        self.loaded.emit()

    @Slot(QModelIndex)
    def on_row_activated(self, index: QModelIndex) -> None:
        consult_id = index.data(ConsultIdRole)
        if consult_id:
            self.open_consult.emit(str(consult_id))

    @Slot()
    def on_start(self) -> None:
        if self.patient is not None:
            self.start_consult.emit(self.patient)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Earlier consults, recordings and attachments"))
        self.empty.setText(self.tr("No earlier consults."))
        self.start_button.setText(self.tr("Start or continue today's consult (Ctrl+N)"))
        self.back_button.setText(self.tr("Back to search (Esc)"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
