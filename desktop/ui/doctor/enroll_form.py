"""Connecting a doctor's PC to its hub: the hub's address, the one-time code from the hub's
administrator and, optionally, the hub's CA certificate to pin. Used by the set-up wizard's
"Hub (doctors)" path and, for a doctor PC set up but never enrolled, at start."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.doctor import enroll_doctor_pc
from desktop.services.startup import Storage
from desktop.sync.errors import SyncError
from desktop.ui import failure_report
from desktop.ui.sync.messages import error_text
from desktop.ui.tasks import Operation


def enroll_failure_text(exc: BaseException) -> str:
    if isinstance(exc, SyncError):
        for cls in type(exc).__mro__:
            text = error_text(cls.__name__)
            if text:
                return text
    return failure_report.failure_text(exc)


class EnrollForm(QWidget):
    """The fields and the message line; ``start(storage)`` enrolls in the background.
    Signals: ``enrolled()``, ``failed(str)`` (the words shown)."""

    enrolled = Signal()
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = QLineEdit(self)
        self.url.setObjectName("hubUrl")
        self.url.setPlaceholderText("https://hub.example.in")
        self.code = QLineEdit(self)
        self.code.setObjectName("enrollmentCode")
        self.ca = QPlainTextEdit(self)
        self.ca.setObjectName("hubCa")
        self.ca.setMaximumHeight(90)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self._labels = [QLabel(), QLabel(), QLabel()]
        form.addRow(self._labels[0], self.url)
        form.addRow(self._labels[1], self.code)
        form.addRow(self._labels[2], self.ca)
        form.addRow(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self._labels[0].setText(self.tr("Hub address"))
        self._labels[1].setText(self.tr("One-time code"))
        self._labels[2].setText(self.tr("Hub certificate (optional)"))
        self.ca.setPlaceholderText(
            self.tr("Paste the hub's CA certificate (PEM) if your hub administrator gave one.")
        )

    def check(self) -> bool:
        if not self.url.text().strip() or not self.code.text().strip():
            self.message.setText(self.tr("Please type the hub address and the one-time code."))
            return False
        return True

    def start(self, storage: Storage) -> None:
        """Enroll ``storage``'s PC with the hub (background); the PC's age key goes along."""
        url, code, ca = self.url.text().strip(), self.code.text().strip(), self.ca.toPlainText()
        self.message.setText(self.tr("Connecting to the hub…"))
        self.setEnabled(False)
        Operation(
            lambda: enroll_doctor_pc(storage, url, code, ca_pem=ca.strip(), name="doctor PC")
        ).success(self._done).failure(self._failed).run()

    def _done(self, _result: object) -> None:
        self.setEnabled(True)
        self.message.setText(self.tr("Connected to the hub."))
        self.enrolled.emit()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        text = enroll_failure_text(exc)
        self.message.setText(text)
        self.failed.emit(text)


class EnrollDialog(QDialog):
    """For a doctor's PC that is set up but not connected to its hub yet."""

    def __init__(self, storage: Storage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._storage = storage
        self.setWindowTitle(self.tr("Connect this doctor's PC to the hub"))
        self.setMinimumWidth(460)
        self.form = EnrollForm(self)
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton(
            self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_connect_clicked)
        self.buttons.rejected.connect(self.reject)
        self.form.enrolled.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)

    @Slot()
    def on_connect_clicked(self) -> None:
        if self.form.check():
            self.form.start(self._storage)
