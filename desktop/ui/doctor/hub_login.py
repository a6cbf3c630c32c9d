"""The doctor's sign-in: the hub account's username and password, checked by the hub from
this enrolled PC; a refusal is worded by the hub's error code, never by its text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.doctor import DoctorService, HubAccount, NotADoctorError
from desktop.sync.errors import SignInRequiredError
from desktop.ui import failure_report
from desktop.ui.sync.messages import error_text
from desktop.ui.tasks import Operation
from protocol.errors import ErrorCode


def hub_sign_in_text(exc: BaseException) -> str:
    """Why the hub refused the doctor, by the hub's code."""
    if isinstance(exc, NotADoctorError):
        return error_text(exc.kind)
    if isinstance(exc, SignInRequiredError):
        if exc.hub_code is ErrorCode.ACCOUNT_LOCKED:
            return QCoreApplication.translate(
                "HubLogin",
                "Too many wrong passwords: the hub has locked this account for a while. "
                "Wait, or ask the hub administrator.",
            )
        return QCoreApplication.translate(
            "HubLogin", "Wrong username or password. Check Caps Lock and try again."
        )
    return failure_report.failure_text(exc)


class HubLoginDialog(QDialog):
    """After ``accepted`` the doctor is in ``service.account``."""

    def __init__(self, service: DoctorService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.account: HubAccount | None = None
        self.setWindowTitle(self.tr("Sign in to the hub"))
        self.setMinimumWidth(400)
        self.intro = QLabel(self.tr("Sign in with your hub doctor account."))
        self.intro.setWordWrap(True)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.sign_in = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_sign_in_clicked)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    @Slot()
    def on_sign_in_clicked(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.message.setText(self.tr("Please type your username and password."))
            return
        self.sign_in.setEnabled(False)
        self.message.setText(self.tr("Checking with the hub…"))
        future = self._service.sign_in(self.username.text().strip(), self.password.text())
        Operation.from_future(future).success(self._signed_in).failure(self._refused).run()

    def _signed_in(self, account: HubAccount) -> None:
        self.account = account
        self.password.clear()
        self.message.clear()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.sign_in.setEnabled(True)
        self.password.clear()
        self.message.setText(hub_sign_in_text(exc))
        self.adjustSize()
        self.password.setFocus()
