"""The prescriber profile, entered once per doctor on this PC: qualification and medical
council (the name and registration number come from the hub account). Both are printed on
every prescription and required before signing."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.prescribing import (
    DoctorAccount,
    PrescriberProfile,
    PrescribingService,
)


class PrescriberDialog(QDialog):
    """Saves the profile through the service when accepted."""

    def __init__(
        self,
        service: PrescribingService,
        account: DoctorAccount | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prescriberDialog")
        self._service = service
        self.setWindowTitle(self.tr("Prescriber profile"))
        self.setMinimumWidth(460)
        profile = service.profile()
        intro = QLabel(
            self.tr(
                "Printed on every prescription you sign. Your name and registration number "
                "come from your hub account."
            )
        )
        intro.setWordWrap(True)
        self.name = QLabel(account.full_name if account else "—")
        reg = account.registration_number if account else ""
        self.registration = QLabel(reg or self.tr("none: ask the hub administrator"))
        self.qualification = QLineEdit(profile.qualification)
        self.qualification.setObjectName("qualification")
        self.qualification.setMaxLength(120)
        self.qualification.setPlaceholderText(self.tr("e.g. MBBS, MD (Medicine)"))
        self.council = QLineEdit(profile.council)
        self.council.setObjectName("council")
        self.council.setMaxLength(120)
        self.council.setPlaceholderText(self.tr("e.g. Madhya Pradesh Medical Council"))
        self.message = QLabel()
        self.message.setObjectName("prescriberMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Registration number"), self.registration)
        form.addRow(self.tr("Qualification"), self.qualification)
        form.addRow(self.tr("Medical council"), self.council)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    @Slot()
    def on_save(self) -> None:
        profile = PrescriberProfile(self.qualification.text(), self.council.text())
        if profile.missing():
            self.message.setText(
                self.tr("Enter your qualification and your medical council: both are required.")
            )
            return
        self._service.save_profile(profile)
        self.accept()
