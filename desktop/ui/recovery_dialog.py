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

from PySide6.QtCore import Slot
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
from desktop.services import errors
from desktop.services.startup import KeyStore, restore_keys
from desktop.ui.storage_messages import storage_error_texts
from desktop.ui.tasks import Operation

RESTORABLE = (
    errors.KeyMissingError,
    errors.WrongKeyError,
    errors.ProfileDamagedError,
    errors.UnfinishedSetupHasDataError,
)


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
