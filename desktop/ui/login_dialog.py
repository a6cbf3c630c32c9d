"""The login screen: username and password, checked on the database writer thread, with
plain answers for a wrong password, a locked account and an inactive one.

Entry point: ``LoginDialog(account_service, parent).exec()``; after ``Accepted`` the user is in
``account_service.current``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Protocol

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

from desktop.ui import i18n
from desktop.ui.tasks import Operation

# The sign-in window is the first window of a set-up profile and is shown before the storage
# (SQLAlchemy, SQLCipher) is imported: the services come in as types only (issue 18).
if TYPE_CHECKING:
    from desktop.services.accounts import LoginResult


class SignsIn(Protocol):
    """What the dialog needs: an ``AccountService``, or a stand-in that waits for one while
    the records are still opening."""

    def sign_in(self, username: str, password: str) -> Future[LoginResult]: ...

    def sign_out(self) -> object: ...


def login_failure_text(result: LoginResult) -> str:
    """The words shown for a refused login or unlock (shared with the lock screen)."""
    if result.reason == "locked" and result.locked_until is not None:
        until = i18n.format_time(result.locked_until)
        return QCoreApplication.translate(
            "StorageMessages",
            "Too many wrong passwords. This account is locked until {time}. "
            "Ask another user to help, or wait.",
        ).format(time=until)
    if result.reason == "inactive":
        return QCoreApplication.translate(
            "StorageMessages", "This account has been switched off. Ask your administrator."
        )
    return QCoreApplication.translate(
        "StorageMessages", "Wrong username or password. Check Caps Lock and try again."
    )


def sign_in_error_text(exc: BaseException, fallback: str) -> str:
    """Why signing in (or unlocking) failed although the password was not the problem: a
    full disk says so and what to do (the attempt is audited, which needs a little room);
    anything else reads as ``fallback``."""
    from desktop.services.errors import StorageFullError, is_storage_full

    if isinstance(exc, StorageFullError) or is_storage_full(exc):
        return QCoreApplication.translate(
            "StorageMessages",
            "The disk is full, so you cannot sign in now. Free some space on the disk "
            "(delete old downloads or videos), then sign in again. Your data is safe.",
        )
    return fallback


def doctor_on_spoke_text(result: LoginResult) -> str:
    """A local account with role "doctor" on a spoke PC is refused: doctors work from a
    doctor installation ("Hub (doctors)"), signed in with their hub account, and never get
    the operator's pages."""
    if result.role != "doctor":
        return ""
    return QCoreApplication.translate(
        "StorageMessages",
        "This PC is set up for a spoke: doctor accounts cannot work here. Doctors use a PC "
        'set up as "Hub (doctors)" and sign in with their hub account.',
    )


class LoginDialog(QDialog):
    """Signals: none of its own (``accepted`` once somebody is signed in). ``refuse`` gives
    the words for a signed-in account this installation does not let in (then it is
    signed out again), or ""."""

    def __init__(
        self,
        session: SignsIn,
        parent: QWidget | None = None,
        refuse: Callable[[LoginResult], str] | None = doctor_on_spoke_text,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._refuse = refuse
        self.setWindowTitle(self.tr("Sign in to Spoke Clinic"))
        self.setMinimumWidth(380)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        # No parent argument: resolving that constructor's overloads initialises all of Qt's
        # namespace enums (~8 ms) before the first window; the layout adopts the box.
        self.buttons = QDialogButtonBox()
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
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    @Slot()
    def on_sign_in_clicked(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.message.setText(self.tr("Please type your username and password."))
            return
        self.sign_in.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        future = self._session.sign_in(self.username.text(), self.password.text())
        Operation.from_future(future).success(self._on_result).failure(self._on_error).run()

    def _on_result(self, result: LoginResult) -> None:
        self.sign_in.setEnabled(True)
        self.password.clear()
        refused = self._refuse(result) if result.ok and self._refuse is not None else ""
        if refused:
            self._session.sign_out()  # audited; the account never saw a page
            self.message.setText(refused)
            self.adjustSize()
            return
        if result.ok:
            self.message.clear()
            self.accept()
            return
        self.message.setText(login_failure_text(result))
        self.adjustSize()  # a wrapped message of several lines must not be cut off
        self.password.setFocus()

    def _on_error(self, exc: BaseException) -> None:
        self.sign_in.setEnabled(True)
        self.message.setText(
            sign_in_error_text(
                exc, self.tr("Signing in failed: the clinic's data could not be read.")
            )
        )
        self.adjustSize()
