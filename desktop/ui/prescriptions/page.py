"""The Prescriptions page: the follow-ups due today (each opens a follow-up consult linked
to the earlier one), the prescription view of the consult chosen, and "Verify a printed
prescription" (the QR of a picture file or the camera's newest frame, checked offline
against the doctor's cached key). Re-reads on prescription and consult announcements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Change, ChangeBus, Kind
from desktop.ui import i18n
from desktop.ui.changes import ChangeSignal
from desktop.ui.prescriptions.view import PrescriptionView
from desktop.ui.tasks import Operation
from protocol.ids import same_id

if TYPE_CHECKING:
    from desktop.media.rx_paper import PaperCheck
    from desktop.services.prescriptions import DueItem, PrescriptionService
    from desktop.services.stock import StockService

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("due", "patient", "code")
ConsultIdRole = Qt.ItemDataRole.UserRole + 1


class FollowUpsModel(QAbstractTableModel):
    """Rows of ``DueItem``, earliest first; ``set_items`` replaces them (a fresh read)."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[DueItem] = []

    def set_items(self, items: list[DueItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == ConsultIdRole:
            return item.follow_up.consult_id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = COLUMNS[index.column()]
        if column == "due":
            return i18n.format_date(item.follow_up.due)
        if column == "patient":
            return item.patient_name
        return item.patient_code

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = {
            "due": QCoreApplication.translate("FollowUpsModel", "Due on"),
            "patient": QCoreApplication.translate("FollowUpsModel", "Patient"),
            "code": QCoreApplication.translate("FollowUpsModel", "Patient ID"),
        }
        return titles[COLUMNS[section]] if 0 <= section < len(COLUMNS) else None


def paper_result_text(check: PaperCheck) -> str:
    """What reading a printed prescription found, in the operator's words."""
    if check.error or check.payload is None or check.verdict is None:
        return QCoreApplication.translate(
            "PrescriptionsPage",
            "No Spoke Clinic prescription code could be read from this picture. Try a "
            "sharper, well-lit picture of the whole code.",
        )
    who = check.payload.content.get("prescriber")
    who = who if isinstance(who, dict) else {}
    name = f"{who.get('name', '')} ({who.get('registration_number', '')})"
    if not check.verdict.ok:
        return QCoreApplication.translate(
            "PrescriptionsPage",
            "NOT VALID: this prescription does not match the doctor's signature. It may "
            "have been changed. Doctor named on it: %1",
        ).replace("%1", name)
    if check.key_known is False:
        return QCoreApplication.translate(
            "PrescriptionsPage",
            "NOT VALID: this prescription is signed with a key that is not the key of the "
            "doctor named on it, as this clinic knows it. Doctor named on it: %1",
        ).replace("%1", name)
    if check.key_known is None:
        return QCoreApplication.translate(
            "PrescriptionsPage",
            "The signature matches the prescription, but this clinic has never received a "
            "prescription from this doctor, so the doctor's key cannot be confirmed. "
            "Doctor named on it: %1",
        ).replace("%1", name)
    return QCoreApplication.translate(
        "PrescriptionsPage", "VALID: signed by %1, and the prescription is unchanged."
    ).replace("%1", name)


class PrescriptionsPage(QWidget):
    """Signals:
    follow_up_started(str): the id of the new consult opened for a follow-up due."""

    follow_up_started = Signal(str)

    def __init__(
        self,
        service: PrescriptionService,
        bus: ChangeBus,
        today: Callable[[], date] = date.today,
        frame: Callable[[], Any] | None = None,
        parent: QWidget | None = None,
        stock: StockService | None = None,
    ) -> None:
        """``frame``: the camera's newest frame (None: no camera to read from); ``stock``:
        dispensing from the view (None: no Dispense button)."""
        super().__init__(parent)
        self.setObjectName("prescriptionsPage")
        self._service = service
        self._today = today
        self._frame = frame
        self.due_heading = QLabel()
        self.due_heading.setObjectName("sectionHeading")
        self.due_empty = QLabel()
        self.due_model = FollowUpsModel()
        self.due = QTableView()
        self.due.setModel(self.due_model)
        self.due.verticalHeader().hide()
        self.due.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.due.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.due.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.due.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.due.clicked.connect(self.on_due_clicked)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.on_start_follow_up)
        self.verify_file_button = QPushButton()
        self.verify_file_button.clicked.connect(self.on_verify_file)
        self.verify_camera_button = QPushButton()
        self.verify_camera_button.clicked.connect(self.on_verify_camera)
        self.verify_camera_button.setEnabled(frame is not None)
        self.view = PrescriptionView(service, today, stock=stock)

        left = QWidget()
        side = QVBoxLayout(left)
        side.addWidget(self.due_heading)
        side.addWidget(self.due_empty)
        side.addWidget(self.due, 1)
        side.addWidget(self.start_button)
        side.addSpacing(12)
        side.addWidget(self.verify_file_button)
        side.addWidget(self.verify_camera_button)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.view)
        split.setStretchFactor(1, 3)
        split.setSizes([360, 1000])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(split)
        self._changes = ChangeSignal(bus, self)
        self._changes.changed.connect(self.on_changed)
        self._shown: str | None = None
        self.retranslate()

    # -- follow-ups ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the follow-ups due today again."""
        Operation.from_future(self._service.follow_ups_due(self._today())).success(
            self._show_due
        ).run()

    def _show_due(self, items: list[DueItem]) -> None:
        self.due_model.set_items(items)
        self.due_empty.setVisible(not items)
        self.start_button.setEnabled(bool(items))

    def _chosen(self) -> str | None:
        rows = self.due.selectionModel().selectedRows()
        index = rows[0] if rows else self.due_model.index(0, 0)
        value = index.data(ConsultIdRole)
        return str(value) if value else None

    @Slot(QModelIndex)
    def on_due_clicked(self, index: QModelIndex) -> None:
        consult_id = index.data(ConsultIdRole)
        if consult_id:
            self.open_consult(str(consult_id))

    @Slot()
    def on_start_follow_up(self) -> None:
        earlier = self._chosen()
        if earlier is None:
            return
        Operation.from_future(self._service.start_follow_up(earlier)).success(
            lambda consult: self.follow_up_started.emit(consult.id)
        ).run()

    # -- the view -------------------------------------------------------------------------

    def open_consult(self, consult_id: str) -> None:
        self._shown = consult_id
        self.view.show_consult(consult_id)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.kind not in (Kind.PRESCRIPTION, Kind.CONSULT):
            return
        if self.isVisible():
            self.refresh()
        shown = self._shown
        if (
            shown is not None
            and change.kind is Kind.CONSULT
            and (not change.ids or any(same_id(i, shown) for i in change.ids))
        ):
            self.view.show_consult(shown)

    def showEvent(self, event: Any) -> None:
        self.refresh()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        """The camera held for reading a paper's code is let go when the page goes."""
        release = getattr(self._frame, "release", None)
        if callable(release):
            release()
        super().hideEvent(event)

    # -- verify from paper ---------------------------------------------------------------

    @Slot()
    def on_verify_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Picture of a printed prescription"),
            "",
            self.tr("Pictures (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)"),
        )
        if not name:
            return
        path = Path(name)
        Operation(lambda: self._check(lambda known: _check_file(path, known))).success(
            self._show_check
        ).run()

    @Slot()
    def on_verify_camera(self) -> None:
        if self._frame is None:
            return
        image = self._frame()  # the first press starts the camera (held while shown)
        if image is None:
            self._show_check(None)
            return
        Operation(lambda: self._check(lambda known: _check_image(image, known))).success(
            self._show_check
        ).run()

    def _check(self, read: Callable[[str | None], PaperCheck]) -> PaperCheck:
        """Worker thread: read once to learn the doctor, then check against the key this
        clinic has cached for that doctor (None when it has none)."""
        first = read(None)
        if first.payload is None:
            return first
        known = self._service.doctor_key(first.payload.doctor_id)
        return read(known) if known is not None else first

    def _show_check(self, check: PaperCheck | None) -> None:
        from desktop.media.rx_paper import PaperCheck

        self.last_check = check or PaperCheck(error="qr.no_code_found")
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Printed prescription"))
        box.setText(paper_result_text(self.last_check))
        box.setIcon(
            QMessageBox.Icon.Information
            if self.last_check.valid and self.last_check.key_known
            else QMessageBox.Icon.Warning
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.due_heading.setText(self.tr("Follow-ups due today"))
        self.due_empty.setText(self.tr("No patient is due for a follow-up today."))
        self.start_button.setText(self.tr("Start the follow-up consult"))
        self.verify_file_button.setText(self.tr("Verify a printed prescription (picture)…"))
        self.verify_camera_button.setText(self.tr("Verify a printed prescription (camera)"))


def _check_file(path: Path, known: str | None) -> PaperCheck:
    from desktop.media import rx_paper

    return rx_paper.check_file(path, known)


def _check_image(image: Any, known: str | None) -> PaperCheck:
    from desktop.media import rx_paper

    return rx_paper.check_image(image, known)
