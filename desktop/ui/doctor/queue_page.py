"""The hub doctor's queue page: the availability switch, the live queue (re-read whenever the
change bus says the queue moved: the hub pushes that over a long-poll) and the steps on the
selected consult: claim, accept, decline with a reason, complete, open.

Signals: ``open_requested(str)`` (a consult to review), ``offer_arrived(str)`` (a consult
newly offered to this doctor), ``refreshed()`` (the model holds a fresh read)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import QEvent, QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.changes import Change, ChangeBus, Kind
from desktop.services.doctor import AVAILABILITY, DoctorService, QueueItem
from desktop.sync.errors import ConflictError, RejectedError
from desktop.ui import failure_report
from desktop.ui.changes import ChangeSignal
from desktop.ui.doctor.queue_dialogs import DeclineDialog
from desktop.ui.doctor.queue_model import ConsultIdRole, QueueModel
from desktop.ui.tasks import Operation

log = logs.get("ui")


class QueuePage(QWidget):
    """The queue and its steps over a ``DoctorService``; re-reads on ``Kind.QUEUE``.

    Signals:
        open_requested(str): the consult to show on the Review page.
        offer_arrived(str): a consult newly offered to this doctor.
        refreshed(): the model holds a fresh read of the hub's queue.
    """

    open_requested = Signal(str)
    offer_arrived = Signal(str)
    refreshed = Signal()

    def __init__(
        self, service: DoctorService, bus: ChangeBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queuePage")
        self.service = service
        self.model = QueueModel()
        # Offers already announced; an offer found by the first read is announced too
        # (the doctor has just signed in: it is news to them).
        self._offered: set[str] = set()
        self._closed = False
        self._ticket = 0  # the latest queue read asked for
        self._decline: DeclineDialog | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.availability_label = QLabel()
        self.availability = QComboBox()
        self.availability.setObjectName("availability")
        for value in AVAILABILITY:
            self.availability.addItem("", value)
        self.availability.setCurrentIndex(AVAILABILITY.index("offline"))
        self.availability.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._availability = "offline"  # as the hub last confirmed
        self.availability.activated.connect(self.on_availability_chosen)
        self.status = QLabel()
        self.status.setObjectName("queueStatus")
        self.status.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)

        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.on_row_activated)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)

        self.claim_button = QPushButton()
        self.accept_button = QPushButton()
        self.decline_button = QPushButton()
        self.complete_button = QPushButton()
        self.open_button = QPushButton()
        self.claim_button.clicked.connect(self.on_claim_clicked)
        self.accept_button.clicked.connect(self.on_accept_clicked)
        self.decline_button.clicked.connect(self.on_decline_clicked)
        self.complete_button.clicked.connect(self.on_complete_clicked)
        self.open_button.clicked.connect(self.on_open_clicked)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.availability_label)
        top.addWidget(self.availability)
        buttons = QHBoxLayout()
        for button in (
            self.open_button,
            self.claim_button,
            self.accept_button,
            self.decline_button,
            self.complete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._changes = ChangeSignal(bus, self)
        self._changes.changed.connect(self.on_changed)
        self.retranslate()
        self.on_selection_changed()

    # -- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._closed:  # a change announced before the window went
            return
        self._ticket += 1
        ticket = self._ticket

        def show(items: list[QueueItem]) -> None:
            if ticket == self._ticket:  # an older read answering late is not shown
                self._show(items)

        Operation.from_future(self.service.queue()).success(show).failure(self._failed).run()

    def _show(self, items: list[QueueItem]) -> None:
        if self._closed:
            return
        selected = self.selected()
        self.model.set_items(items)
        self.empty.setVisible(not items)
        if selected is not None:
            row = self.model.row_of(selected.id)
            if row >= 0:
                self.table.selectRow(row)
        offered = {i.id for i in items if i.offered}
        for consult_id in sorted(offered - self._offered):
            self.offer_arrived.emit(consult_id)
        self._offered = offered
        self.on_selection_changed()
        self.refreshed.emit()

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.kind is Kind.QUEUE:
            self.refresh()

    def selected(self) -> QueueItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def select(self, consult_id: str) -> bool:
        row = self.model.row_of(consult_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    # -- availability --------------------------------------------------------------------
    @Slot(int)
    def on_availability_chosen(self, index: int) -> None:
        value = str(self.availability.itemData(index))
        self.availability.setEnabled(False)
        Operation.from_future(self.service.set_availability(value)).success(
            self._availability_set
        ).failure(self._availability_failed).run()

    def set_availability(self, value: str) -> None:
        """Choose ``value`` as the doctor would (tests, the demo)."""
        index = AVAILABILITY.index(value)
        self.availability.setCurrentIndex(index)
        self.on_availability_chosen(index)

    def _availability_set(self, value: str) -> None:
        if self._closed:
            return
        self._availability = value
        self.availability.setEnabled(True)
        self.availability.setCurrentIndex(AVAILABILITY.index(value))
        self.status.setText(self._availability_text(value))

    def _availability_failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.availability.setEnabled(True)
        self.availability.setCurrentIndex(AVAILABILITY.index(self._availability))
        self._failed(exc)

    def _availability_text(self, value: str) -> str:
        texts = {
            "online": self.tr("You are online: new consultations are offered to you."),
            "away": self.tr("You are away: nothing new is offered to you."),
            "offline": self.tr("You are offline: nothing new is offered to you."),
        }
        return texts[value]

    # -- steps ---------------------------------------------------------------------------
    def _step(self, future: Callable[[str], Future[str]], done_text: str) -> None:
        item = self.selected()
        if item is None:
            return
        self._set_buttons_enabled(False)

        def done(_status: str) -> None:
            self._say(done_text)

        Operation.from_future(future(item.id)).success(done).failure(self._failed).run()

    @Slot()
    def on_claim_clicked(self) -> None:
        self._step(self.service.claim, self.tr("Consultation taken. It is yours now."))

    @Slot()
    def on_accept_clicked(self) -> None:
        self._step(self.service.accept, self.tr("Consultation accepted."))

    @Slot()
    def on_complete_clicked(self) -> None:
        self._step(self.service.complete, self.tr("Consultation completed."))

    @Slot()
    def on_decline_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        dialog = self._decline = DeclineDialog(self)
        consult_id = item.id

        def chosen() -> None:
            reason = dialog.reason()
            self._decline = None
            if not reason:
                return
            self._set_buttons_enabled(False)
            Operation.from_future(self.service.decline(consult_id, reason)).success(
                lambda _s: self._say(self.tr("Consultation declined: it goes back to the queue."))
            ).failure(self._failed).run()

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(lambda: setattr(self, "_decline", None))
        dialog.open()

    @Slot()
    def on_open_clicked(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_requested.emit(item.id)

    @Slot(QModelIndex)
    def on_row_activated(self, index: QModelIndex) -> None:
        consult_id = index.data(ConsultIdRole)
        if consult_id and self.open_button.isEnabled():
            self.open_requested.emit(str(consult_id))

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.on_selection_changed()
        if isinstance(exc, ConflictError) or (
            isinstance(exc, RejectedError) and exc.status in (403, 404)
        ):
            self.status.setText(
                self.tr(
                    "This consultation was taken or changed meanwhile. The queue is shown again."
                )
            )
            self.refresh()
            return
        log.info("queue action failed: %s", type(exc).__name__)
        self.status.setText(failure_report.failure_text(exc))  # shown on the page itself

    def _say(self, text: str) -> None:
        if not self._closed:
            self.status.setText(text)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for button in (
            self.claim_button,
            self.accept_button,
            self.decline_button,
            self.complete_button,
            self.open_button,
        ):
            button.setEnabled(enabled)

    @Slot()
    def on_selection_changed(self) -> None:
        item = self.selected()
        mine = (
            item is not None
            and item.assigned_doctor_id is not None
            and (
                self.service.account is not None
                and item.assigned_doctor_id == self.service.account.user_id
            )
        )
        self.open_button.setEnabled(mine)  # the hub shows a consult to its doctor only
        self.claim_button.setEnabled(item is not None and item.status == "queued")
        self.accept_button.setEnabled(item is not None and item.status == "assigned" and mine)
        self.decline_button.setEnabled(item is not None and item.status == "assigned" and mine)
        self.complete_button.setEnabled(item is not None and item.status == "in_progress" and mine)

    # -- texts ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.tr("Consultation queue"))
        self.availability_label.setText(self.tr("Availability"))
        names = {
            "online": self.tr("Online"),
            "away": self.tr("Away"),
            "offline": self.tr("Offline"),
        }
        for row, value in enumerate(AVAILABILITY):
            self.availability.setItemText(row, names[value])
        self.empty.setText(self.tr("No consultations are waiting for you."))
        if self.availability.isEnabled():
            self.status.setText(self._availability_text(self._availability))
        self.open_button.setText(self.tr("Open"))
        self.claim_button.setText(self.tr("Claim"))
        self.accept_button.setText(self.tr("Accept"))
        self.decline_button.setText(self.tr("Decline…"))
        self.complete_button.setText(self.tr("Complete"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def close_watch(self) -> None:
        """The window goes: no more announcements, and none already queued acts."""
        self._closed = True
        self._changes.close()
