"""Accounts screen for administrators: the list of local accounts, adding an operator, doctor
or administrator, switching an account off or on, and setting a new password.

Entry point: ``AccountsDialog(account_service, parent).exec()``, offered only when
``account_service.current.is_admin`` (the storage checks it again on every change).
"""

from __future__ import annotations

from concurrent.futures import Future

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.accounts import AccountError, AccountService, AccountSummary
from desktop.ui.storage_messages import account_error_text
from desktop.ui.tasks import Operation

_Index = QModelIndex | QPersistentModelIndex


class AccountTableModel(QAbstractTableModel):
    """Rows: accounts (name, username, role, status)."""

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AccountSummary] = []

    def set_accounts(self, rows: list[AccountSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def account(self, row: int) -> AccountSummary:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def _role_text(self, role: str) -> str:
        return {
            "operator": self.tr("Operator"),
            "doctor": self.tr("Doctor"),
            "admin": self.tr("Administrator"),
        }.get(role, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        a = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return a.display_name
        if column == 1:
            return a.username
        if column == 2:
            return self._role_text(a.role)
        status = self.tr("Active") if a.active else self.tr("Switched off")
        if not a.is_admin:
            return status
        return self.tr("{status}, manages accounts").format(status=status)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (self.tr("Name"), self.tr("Username"), self.tr("Role"), self.tr("Status"))[section]


class AccountsDialog(QDialog):
    """Changes run on the database writer; the list reloads after each one."""

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if accounts.current is None:
            raise RuntimeError("nobody is signed in")
        self._accounts = accounts
        self.setWindowTitle(self.tr("Accounts"))
        self.resize(640, 480)
        self.model = AccountTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.toggle_button = QPushButton(self.tr("Switch off / on"), self)
        self.toggle_button.clicked.connect(self.on_toggle_clicked)
        self.password_button = QPushButton(self.tr("Set new password…"), self)
        self.password_button.clicked.connect(self.on_password_clicked)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.toggle_button)
        row_buttons.addWidget(self.password_button)
        row_buttons.addStretch()

        self.new_name = QLineEdit(self)
        self.new_username = QLineEdit(self)
        self.new_role = QComboBox(self)
        self.new_role.addItem(self.tr("Operator"), "operator")
        self.new_role.addItem(self.tr("Doctor"), "doctor")
        self.new_role.addItem(self.tr("Administrator"), "admin")
        self.new_password = QLineEdit(self)
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_admin = QCheckBox(self.tr("May manage accounts"), self)
        self.add_button = QPushButton(self.tr("Add account"), self)
        self.add_button.clicked.connect(self.on_add_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Full name"), self.new_name)
        form.addRow(self.tr("Username"), self.new_username)
        form.addRow(self.tr("Role"), self.new_role)
        form.addRow(self.tr("Password"), self.new_password)
        form.addRow(self.new_admin)
        form.addRow(self.add_button)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row_buttons)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        Operation.from_future(self._accounts.accounts()).success(self.model.set_accounts).run()

    def _run(self, future: Future[None], done_text: str) -> None:
        def ok(_: object) -> None:
            self.message.setText(done_text)
            self.reload()

        Operation.from_future(future).success(ok).failure(self._on_failed).run()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AccountError):
            self.message.setText(account_error_text(exc))
        else:
            self.message.setText(self.tr("The change could not be saved."))

    def _selected(self) -> AccountSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.account(rows[0].row()) if rows else None

    @Slot()
    def on_add_clicked(self) -> None:
        name, username = self.new_name.text(), self.new_username.text()
        role, password = str(self.new_role.currentData()), self.new_password.text()
        admin = self.new_admin.isChecked()
        self.new_password.clear()
        self._run(
            self._accounts.add_account(username, name, role, password, admin),
            self.tr("Account added."),
        )

    @Slot()
    def on_toggle_clicked(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        self._run(
            self._accounts.set_active(chosen.account_id, not chosen.active),
            self.tr("Account changed."),
        )

    @Slot()
    def on_password_clicked(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        password, ok = QInputDialog.getText(
            self,
            self.tr("Set new password"),
            self.tr("New password for {name}:").format(name=chosen.display_name),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self._run(
                self._accounts.reset_password(chosen.account_id, password),
                self.tr("Password changed."),
            )
