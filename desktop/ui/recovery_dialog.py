"""What the app shows when the clinic's storage refuses to open: what happened and what to do,
in plain words, and for a missing or wrong key the way back: the recovery code.

Entry point at start-up::

    try:
        storage = open_storage(locs, keystore)
    except StorageError as exc:
        if StorageProblemDialog(exc, locs, keystore).exec() == QDialog.DialogCode.Accepted:
            storage = open_storage(locs, keystore)   # keys restored: try again
        else:
            quit                                      # never a new key, never a wipe
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.paths import Locations
from desktop.storage import errors
from desktop.storage.keys import KeyStore
from desktop.storage.startup import restore_keys
from desktop.ui.tasks import Operation


def storage_error_texts(exc: errors.StorageError) -> tuple[str, str]:
    """(what happened, what to do) translated; the English matches ``errors.py`` (tested)."""
    table: dict[type[errors.StorageError], tuple[str, str]] = {
        errors.KeyringUnavailableError: (
            QCoreApplication.translate(
                "StorageMessages",
                "This computer has no secure password store (keyring), so the clinic's data "
                "cannot be opened safely. The app will not store patient data without one.",
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "On Windows, make sure you are logged in to your own Windows account. On Linux, "
                "log in to a desktop session that runs GNOME Keyring or KWallet, then start the "
                "app again.",
            ),
        ),
        errors.KeyringLockedError: (
            QCoreApplication.translate(
                "StorageMessages",
                "The computer's password store (keyring) is locked, so the app cannot read "
                "its key.",
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "Unlock the keyring (usually by logging in to the computer again with your own "
                "password), then start the app again. Your data is safe and has not been "
                "changed.",
            ),
        ),
        errors.KeyMissingError: (
            QCoreApplication.translate(
                "StorageMessages",
                "The key for this clinic's data is missing from the computer's password store. "
                "The data is still here and safe, but it cannot be opened without its key.",
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "Choose 'Restore with recovery code' and type the recovery code from the "
                "recovery sheet printed when the app was set up. Do not set up a new clinic: "
                "that would not bring the data back.",
            ),
        ),
        errors.WrongKeyError: (
            QCoreApplication.translate(
                "StorageMessages",
                "The key in the computer's password store does not open this clinic's data. "
                "The data has not been changed.",
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "Choose 'Restore with recovery code' and type the recovery code from the "
                "recovery sheet. If you copied the data from another computer, use that "
                "clinic's recovery code.",
            ),
        ),
        errors.DataMissingError: (
            QCoreApplication.translate(
                "StorageMessages", "The clinic's database file is missing from this profile."
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "Restore the profile folder from your backup copy. The app will not create an "
                "empty database over a profile that was already set up.",
            ),
        ),
        errors.ProfileDamagedError: (
            QCoreApplication.translate(
                "StorageMessages",
                "A file that describes this clinic's data (storage.json) is missing. "
                "The data itself is still here and has not been changed.",
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "Choose 'Restore with recovery code' and type the recovery code from the "
                "recovery sheet. Do not set up a new clinic: that would not bring the data "
                "back.",
            ),
        ),
        errors.NewerDatabaseError: (
            QCoreApplication.translate(
                "StorageMessages",
                "This clinic's data was saved by a newer version of Spoke Clinic. This older "
                "version will not open it, so nothing in it is changed.",
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "Install the newest version of Spoke Clinic, then start it again.",
            ),
        ),
        errors.StorageFullError: (
            QCoreApplication.translate(
                "StorageMessages",
                "The disk is full, so the last change could not be saved. Earlier data is safe.",
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "Free some space on the disk (delete old downloads or videos), then try again.",
            ),
        ),
        errors.RecoveryCodeError: (
            QCoreApplication.translate(
                "StorageMessages", "That recovery code does not open this clinic's data."
            ),
            QCoreApplication.translate(
                "StorageMessages",
                "Check the code on the printed recovery sheet and type it again (dashes optional).",
            ),
        ),
    }
    return table.get(
        type(exc),
        (
            QCoreApplication.translate("StorageMessages", "The clinic's data could not be opened."),
            QCoreApplication.translate(
                "StorageMessages",
                "Close the app and start it again. If this keeps happening, call support.",
            ),
        ),
    )


RESTORABLE = (errors.KeyMissingError, errors.WrongKeyError, errors.ProfileDamagedError)


class StorageProblemDialog(QDialog):
    """Accepted only after the keys were restored with the recovery code."""

    def __init__(
        self,
        exc: errors.StorageError,
        locs: Locations,
        keystore: KeyStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._locs = locs
        self._keystore = keystore
        self.setWindowTitle(self.tr("Spoke Clinic cannot open the clinic's data"))
        what, todo = storage_error_texts(exc)
        self.what = QLabel(what, self)
        self.what.setObjectName("what")
        self.what.setWordWrap(True)
        self.todo = QLabel(todo, self)
        self.todo.setObjectName("todo")
        self.todo.setWordWrap(True)
        self.code = QLineEdit(self)
        self.code.setObjectName("code")
        self.code.setPlaceholderText(self.tr("Recovery code, e.g. ABCDE-FGHJK-…"))
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.restore = QPushButton(self.tr("Restore with recovery code"), self)
        self.restore.setObjectName("restore")
        self.restore.clicked.connect(self.on_restore_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.todo)
        can_restore = isinstance(exc, RESTORABLE)
        for widget in (self.code, self.restore, self.message):
            widget.setVisible(can_restore)
            layout.addWidget(widget)
        layout.addWidget(buttons)

    @Slot()
    def on_restore_clicked(self) -> None:
        code = self.code.text()
        if not code.strip():
            return
        self.restore.setEnabled(False)
        self.message.setText(self.tr("Checking the recovery code…"))
        locs, keystore = self._locs, self._keystore
        Operation(lambda: restore_keys(locs, keystore, code)).success(self._on_restored).failure(
            self._on_failed
        ).run_in_background()

    def _on_restored(self, _: object) -> None:
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.restore.setEnabled(True)
        if isinstance(exc, errors.StorageError):
            what, todo = storage_error_texts(exc)
            self.message.setText(f"{what} {todo}")
        else:
            self.message.setText(self.tr("The keys could not be restored."))
