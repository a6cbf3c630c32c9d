"""ConnectDialog: connect this PC to a hub (address, one-time code, PC name), then sign in
to the hub. Both steps run in the background; errors are shown in plain words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.sync.bridge import SyncBridge
from desktop.ui.sync.messages import error_text


class ConnectDialog(QDialog):
    """Enrollment and hub sign-in.

    Signals:
        connected(): enrollment succeeded (the device is stored in the keyring).
        signed_in(): the hub accepted the operator; sync starts.
    """

    connected = Signal()
    signed_in = Signal()

    def __init__(
        self, bridge: SyncBridge, hub_url: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.bridge = bridge
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
        self.form.addRow("", self.url)
        self.form.addRow("", self.code)
        self.form.addRow("", self.pc_name)
        self.form.addRow("", self.connect_button)
        self.form.addRow("", self.username)
        self.form.addRow("", self.password)
        self.form.addRow("", self.sign_in_button)
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
        self.retranslate()

    def _busy(self, busy: bool) -> None:
        for widget in (self.connect_button, self.sign_in_button):
            widget.setEnabled(not busy)

    @Slot()
    def on_connect_clicked(self) -> None:
        self._busy(True)
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
            "",
            self.tr("Hub username"),
            self.tr("Password"),
            "",
        )
        for row, text in enumerate(labels):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and isinstance(label.widget(), QLabel):
                label.widget().setText(text)  # type: ignore[union-attr]
        self.url.setPlaceholderText("https://hub.example.in")
        self.connect_button.setText(self.tr("Connect this PC"))
        self.sign_in_button.setText(self.tr("Sign in"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
