"""First-run wizard: facility details, the first account, then the recovery code, shown once,
with a printable recovery sheet. The slow part (keys, keyring, database) runs off the main
thread. "Hub (doctors)" makes a doctor's PC instead: no local account; the PC is enrolled
with the hub (one-time code, optional pinned CA) and its doctors sign in with their hub
accounts.

Entry point: ``SetupWizard(locs, keystore, parent)``; ``exec()`` returns Accepted once set-up
is done and the code was acknowledged; the opened storage is ``wizard.storage``.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.paths import Locations
from desktop.services.accounts import MIN_PASSWORD, AccountError
from desktop.services.errors import StorageError
from desktop.services.startup import FacilityDetails, FirstAccount, KeyStore, Storage, set_up
from desktop.ui import recovery_sheet
from desktop.ui.storage_messages import account_error_text, storage_error_texts
from desktop.ui.tasks import Operation

FACILITY_PAGE, ACCOUNT_PAGE, ENROLL_PAGE, RECOVERY_PAGE = range(4)


class FacilityPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your health facility"))
        self.setSubTitle(self.tr("These details appear on prescriptions and in reports."))
        self.name = QLineEdit(self)
        self.name.setObjectName("facilityName")
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("Facility ID (HFR), if you have one"))
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Spoke (Health and Wellness Centre)"), "spoke")
        self.kind.addItem(self.tr("Hub (doctors)"), "hub")
        self.state = QLineEdit(self)
        self.district = QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Facility name"), self.name)
        form.addRow(self.tr("Facility ID"), self.code)
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("State"), self.state)
        form.addRow(self.tr("District"), self.district)
        self.registerField("facility_name*", self.name)

    def nextId(self) -> int:
        """A doctor's PC has no local account: it is enrolled with the hub instead."""
        return ENROLL_PAGE if self.kind.currentData() == "hub" else ACCOUNT_PAGE

    def details(self) -> FacilityDetails:
        return FacilityDetails(
            name=self.name.text().strip(),
            code=self.code.text().strip(),
            kind=str(self.kind.currentData()),
            state=self.state.text().strip(),
            district=self.district.text().strip(),
        )


class AccountPage(QWizardPage):
    """Pressing Next starts the set-up in the background; the page moves on when it is done.
    Signals: ``set_up_done()``."""

    set_up_done = Signal()

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._ready = False
        self.setTitle(self.tr("First account"))
        self.setSubTitle(
            self.tr("This person can sign in and add the other operators and doctors.")
        )
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("displayName")
        self.role = QComboBox(self)
        # No "Doctor": a spoke PC does not let doctor accounts in (they use a doctor's PC).
        self.role.addItem(self.tr("Operator (CHO)"), "operator")
        self.role.addItem(self.tr("Administrator"), "admin")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Full name"), self.display_name)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.confirm)
        form.addRow(self.message)
        self.registerField("username*", self.username)
        self.registerField("display_name*", self.display_name)

    def validatePage(self) -> bool:
        if self._ready:
            return True
        if len(self.password.text()) < MIN_PASSWORD:
            self.message.setText(
                self.tr("A password needs at least {n} characters.").format(n=MIN_PASSWORD)
            )
            return False
        if self.password.text() != self.confirm.text():
            self.message.setText(self.tr("The two passwords are not the same."))
            return False
        first = FirstAccount(
            self.username.text(),
            self.display_name.text(),
            str(self.role.currentData()),
            self.password.text(),
        )
        self.message.setText(self.tr("Setting up the encrypted storage…"))
        self.setEnabled(False)
        self._wizard.start_set_up(first)
        return False

    def nextId(self) -> int:
        return RECOVERY_PAGE

    def on_set_up_finished(self, error: str) -> None:
        self.setEnabled(True)
        if error:
            self.message.setText(error)
            return
        self._ready = True
        self.message.clear()
        self.set_up_done.emit()


class EnrollPage(QWizardPage):
    """A doctor's PC: pressing Next sets up the encrypted storage (once), then enrolls with
    the hub; the page moves on when both are done. Signals: ``set_up_done()``."""

    set_up_done = Signal()

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._ready = False
        self.setTitle(self.tr("Connect to your hub"))
        self.setSubTitle(
            self.tr(
                "Doctors sign in on this PC with their hub accounts. Type the hub's address "
                "and the one-time code from the hub administrator."
            )
        )
        # Imported here: the doctor's client (httpx) is not needed to show a spoke's start.
        from desktop.ui.doctor.enroll_form import EnrollForm

        self.form = EnrollForm(self)
        self.form.enrolled.connect(self.on_enrolled)
        self.form.failed.connect(self.on_failed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def nextId(self) -> int:
        return RECOVERY_PAGE

    def validatePage(self) -> bool:
        if self._ready:
            return True
        if not self.form.check():
            return False
        self._wizard.button(QWizard.WizardButton.NextButton).setEnabled(False)
        if self._wizard.storage is None:
            self.form.message.setText(self.tr("Setting up the encrypted storage…"))
            self.form.setEnabled(False)
            self._wizard.start_doctor_set_up()
        else:
            self.form.start(self._wizard.storage)
        return False

    def on_storage_ready(self, error: str) -> None:
        """The storage is set up (or ``error`` says why not): enroll next."""
        self.form.setEnabled(True)
        if error:
            self.on_failed(error)
            return
        storage = self._wizard.storage
        assert storage is not None
        self.form.start(storage)

    @Slot()
    def on_enrolled(self) -> None:
        self._ready = True
        self._wizard.button(QWizard.WizardButton.NextButton).setEnabled(True)
        self.set_up_done.emit()

    @Slot(str)
    def on_failed(self, text: str) -> None:
        self.form.message.setText(text)
        self._wizard.button(QWizard.WizardButton.NextButton).setEnabled(True)


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Your recovery code"))
        self.setSubTitle(
            self.tr(
                "This code is shown only now. Without it, the clinic's data cannot be opened "
                "on a new or repaired computer. Print the sheet or write the code down, and "
                "keep it locked away."
            )
        )
        self.code = QLabel(self)
        self.code.setObjectName("recoveryCode")
        font = QFont("monospace")
        font.setPointSize(16)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(self.tr("Print recovery sheet…"), self)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.confirmed = QCheckBox(self.tr("I have printed or written down the recovery code"))
        self.confirmed.setObjectName("confirmed")
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(self.print_button)
        layout.addStretch()
        layout.addWidget(self.confirmed)
        self.registerField("code_confirmed*", self.confirmed)

    def initializePage(self) -> None:
        self.code.setText(self._wizard.recovery_code)

    def sheet_html(self) -> str:
        storage = self._wizard.storage
        assert storage is not None
        return recovery_sheet.sheet_html(
            self._wizard.facility_page.details().name,
            storage.manifest.profile_id,
            self._wizard.recovery_code,
            datetime.now(),
        )

    def sheet(self) -> QTextDocument:
        doc = recovery_sheet.sheet_document(self.sheet_html())
        doc.setParent(self)
        return doc

    @Slot()
    def on_print_clicked(self) -> None:
        # Printed only: the sheet is never saved to a file by the app.
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        recovery_sheet.print_sheet(self.sheet_html(), printer)


class SetupWizard(QWizard):
    """Signals: ``storage_ready(object)`` with the opened ``Storage`` when set-up is done."""

    storage_ready = Signal(object)

    def __init__(self, locs: Locations, keystore: KeyStore, parent: QWidget | None = None):
        super().__init__(parent)
        self._locs = locs
        self._keystore = keystore
        self.storage: Storage | None = None
        self.recovery_code = ""
        self.setWindowTitle(self.tr("Set up Spoke Clinic"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.facility_page = FacilityPage(self)
        self.account_page = AccountPage(self)
        self.enroll_page = EnrollPage(self)
        self.recovery_page = RecoveryPage(self)
        self.setPage(FACILITY_PAGE, self.facility_page)
        self.setPage(ACCOUNT_PAGE, self.account_page)
        self.setPage(ENROLL_PAGE, self.enroll_page)
        self.setPage(RECOVERY_PAGE, self.recovery_page)
        self.account_page.set_up_done.connect(self.next)
        self.enroll_page.set_up_done.connect(self.next)

    def reject(self) -> None:
        # Once set up, the code is shown only here: the wizard closes through Finish alone.
        if self.storage is not None and not self.recovery_page.confirmed.isChecked():
            return
        super().reject()

    def start_set_up(self, first: FirstAccount) -> None:
        facility = self.facility_page.details()
        locs, keystore = self._locs, self._keystore
        Operation(lambda: set_up(locs, keystore, facility, first)).success(self._on_set_up).failure(
            self._on_set_up_failed
        ).run_in_background()

    def start_doctor_set_up(self) -> None:
        """A doctor's PC: the encrypted storage with no local account (enrollment follows)."""
        from desktop.services.doctor import set_up_doctor_pc

        facility = self.facility_page.details()
        locs, keystore = self._locs, self._keystore
        Operation(lambda: set_up_doctor_pc(locs, keystore, facility)).success(
            self._on_doctor_set_up
        ).failure(self._on_doctor_set_up_failed).run_in_background()

    def _on_doctor_set_up(self, result: tuple[Storage, str]) -> None:
        self.storage, self.recovery_code = result
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.storage_ready.emit(self.storage)
        self.enroll_page.on_storage_ready("")

    def _on_doctor_set_up_failed(self, exc: BaseException) -> None:
        if isinstance(exc, StorageError):
            text = "\n".join(storage_error_texts(exc))
        else:
            text = self.tr("Set-up failed. Nothing was saved; please try again.")
        self.enroll_page.on_storage_ready(text)

    def _on_set_up(self, result: tuple[Storage, str]) -> None:
        self.storage, self.recovery_code = result
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.account_page.on_set_up_finished("")
        self.storage_ready.emit(self.storage)

    def _on_set_up_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AccountError):
            text = account_error_text(exc)
        elif isinstance(exc, StorageError):
            text = "\n".join(storage_error_texts(exc))
        else:
            text = self.tr("Set-up failed. Nothing was saved; please try again.")
        self.account_page.on_set_up_finished(text)
