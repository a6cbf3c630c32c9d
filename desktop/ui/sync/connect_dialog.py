"""ConnectDialog: connect this PC to a hub (address, one-time code, PC name), then sign in
to the hub. Both steps run in the background; errors are shown in plain words. A hub with
its own certificate authority is trusted by pinning that CA (a PEM file), shown by its
fingerprint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.sync.pinning import ca_fingerprint
from desktop.ui.sync.bridge import SyncBridge
from desktop.ui.sync.messages import error_text


class ConnectDialog(QDialog):
    """Enrollment and hub sign-in.

    Signals:
        connected(): enrollment succeeded (the device is stored in the keyring).
        signed_in(): the hub accepted the operator; sync starts.
        ca_changed(str): the pinned CA was chosen or dropped (PEM text, or "" for the
            system's certificates); the app keeps it in the settings.
    """

    connected = Signal()
    signed_in = Signal()
    ca_changed = Signal(str)

    def __init__(
        self,
        bridge: SyncBridge,
        hub_url: str = "",
        parent: QWidget | None = None,
        ca_pem: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.bridge = bridge
        self.ca_pem = ca_pem
        self.ca_label = QLabel()
        self.ca_label.setWordWrap(True)
        self.ca_choose_button = QPushButton()
        self.ca_system_button = QPushButton()
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_label, 1)
        ca_row.addWidget(self.ca_choose_button)
        ca_row.addWidget(self.ca_system_button)
        self.url = QLineEdit(hub_url)
        self.code = QLineEdit()
        self.pc_name = QLineEdit()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("connectMessage")
        self.connect_button = QPushButton()
        self.sign_in_button = QPushButton()
        self.close_button = QPushButton()
        self.form = QFormLayout()
        # One label per row (buttons' rows keep an empty one), texts set in retranslate().
        self._labels = [QLabel() for _ in range(8)]
        fields: tuple[QWidget | QHBoxLayout, ...] = (
            self.url,
            self.code,
            self.pc_name,
            ca_row,
            self.connect_button,
            self.username,
            self.password,
            self.sign_in_button,
        )
        for label, field in zip(self._labels, fields, strict=True):
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.connect_button.clicked.connect(self.on_connect_clicked)
        self.sign_in_button.clicked.connect(self.on_sign_in_clicked)
        self.close_button.clicked.connect(self.reject)
        self.ca_choose_button.clicked.connect(self.on_choose_ca_clicked)
        self.ca_system_button.clicked.connect(self.on_system_ca_clicked)
        self.retranslate()

    # -- the pinned certificate ---------------------------------------------------------
    @Slot()
    def on_choose_ca_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Hub certificate"),
            "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.set_ca_file(Path(path))

    def set_ca_file(self, path: Path) -> bool:
        """Pin the CA in ``path``; a file that is not one leaves the pin as it was."""
        try:
            pem = path.read_text(encoding="ascii")
            ca_fingerprint(pem)
        except (OSError, UnicodeDecodeError, ValueError):
            self.message.setText(
                self.tr(
                    "This file is not a certificate authority in PEM format. Ask the hub's "
                    "administrator for the hub's CA certificate (.pem)."
                )
            )
            return False
        self._set_ca(pem)
        self.message.setText(self.tr("Certificate pinned. Check its fingerprint with the hub."))
        return True

    @Slot()
    def on_system_ca_clicked(self) -> None:
        self._set_ca("")
        self.message.setText(self.tr("This PC's own trusted certificates will be used."))

    def _set_ca(self, pem: str) -> None:
        self.ca_pem = pem
        self.bridge.set_ca_pem(pem)
        self.ca_changed.emit(pem)
        self._show_ca()

    def _show_ca(self) -> None:
        self.ca_system_button.setEnabled(bool(self.ca_pem))
        if not self.ca_pem:
            self.ca_label.setText(self.tr("This PC's trusted certificates"))
            return
        try:
            self.ca_label.setText(
                self.tr("Pinned, fingerprint %1").replace("%1", ca_fingerprint(self.ca_pem))
            )
        except ValueError:
            self.ca_label.setText(self.tr("The pinned certificate is damaged: choose it again."))

    def _busy(self, busy: bool) -> None:
        for widget in (self.connect_button, self.sign_in_button):
            widget.setEnabled(not busy)

    @Slot()
    def on_connect_clicked(self) -> None:
        self._busy(True)
        self.bridge.set_ca_pem(self.ca_pem)
        self.message.setText(self.tr("Connecting to the hub…"))
        self.bridge.enroll(
            self.url.text().strip(),
            self.code.text().strip(),
            self.pc_name.text().strip(),
            self.on_connected,
            self.on_failed,
        )

    @Slot()
    def on_sign_in_clicked(self) -> None:
        self._busy(True)
        self.message.setText(self.tr("Signing in to the hub…"))
        self.bridge.sign_in(
            self.username.text().strip(), self.password.text(), self.on_signed_in, self.on_failed
        )

    def on_connected(self, result: Any) -> None:
        self._busy(False)
        self.code.clear()
        self.message.setText(self.tr("This PC is connected to the hub. Now sign in."))
        self.connected.emit()

    def on_signed_in(self, result: Any) -> None:
        self._busy(False)
        self.password.clear()
        self.message.setText(self.tr("Signed in. Sending starts now."))
        self.signed_in.emit()

    def on_failed(self, code: str) -> None:
        self._busy(False)
        self.password.clear()
        self.message.setText(
            error_text(code, self.tr("That did not work. Check the details and try again."))
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Connect to a hub"))
        labels = (
            self.tr("Hub address"),
            self.tr("One-time code"),
            self.tr("Name of this PC"),
            self.tr("Hub certificate"),
            "",
            self.tr("Hub username"),
            self.tr("Password"),
            "",
        )
        for label, text in zip(self._labels, labels, strict=True):
            label.setText(text)
        self.url.setPlaceholderText("https://hub.example.in")
        self.connect_button.setText(self.tr("Connect this PC"))
        self.sign_in_button.setText(self.tr("Sign in"))
        self.close_button.setText(self.tr("Close"))
        self.ca_choose_button.setText(self.tr("Choose file…"))
        self.ca_system_button.setText(self.tr("Use this PC's"))
        self._show_ca()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
