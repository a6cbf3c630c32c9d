"""Patient registration form: fields in both scripts, ABHA QR prefill, inline messages in
the current language, duplicate check on save. Enter saves, Esc cancels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import abha, abha_qr, regions, validators
from desktop.core import patient as core_patient
from desktop.core.duplicates import Decision
from desktop.core.issues import Issue, ValidationError
from desktop.core.patient import RELATIONS, Patient
from desktop.services.errors import StorageError
from desktop.services.patients import Registration
from desktop.ui import i18n, messages
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.form_support import FieldBox, format_dmy, parse_dmy, show_issues
from desktop.ui.patients.abha_reader import AbhaQrReader
from desktop.ui.patients.camera_frames import CameraFrames
from desktop.ui.patients.duplicate_dialog import DuplicateDialog
from desktop.ui.patients.photo_picker import PhotoPicker
from desktop.ui.storage_messages import storage_error_text
from desktop.ui.tasks import Operation


class PatientRegistrationForm(QWidget):
    """Registers a new patient, or edits one given to ``edit()``.

    Signals:
        saved(object): the stored ``Patient`` (new or edited).
        same_person(object): the stored ``Patient`` the operator chose as "same person"
            in the duplicate warning (nothing was saved).
        cancelled(): Esc or the Cancel button.
    """

    saved = Signal(object)
    same_person = Signal(object)
    cancelled = Signal()

    def __init__(self, context: ClinicContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientRegistrationForm")
        self._ctx = context
        self._editing: Patient | None = None
        self._busy = False
        self.dialog: DuplicateDialog | None = None
        self._camera: CameraFrames | None = None
        self._district_lgd: int | None = None

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        self.given_name = QLineEdit()
        self.family_name = QLineEdit()
        self.sex = QComboBox()
        self.birth_date = QLineEdit()
        self.age_years = QSpinBox()
        self.age_years.setRange(0, validators.MAX_AGE_YEARS)
        self.age_months = QSpinBox()
        self.age_months.setRange(0, 11)
        for spin in (self.age_years, self.age_months):
            spin.setSpecialValueText("–")  # 0 means "not given"
            spin.setMinimumWidth(110)
        self.mobile = QLineEdit()
        self.no_mobile_reason = QComboBox()
        self.abha_number = QLineEdit()
        self.abha_address = QLineEdit()
        self.state = QComboBox()
        self.district = QLineEdit()
        self.locality = QLineEdit()
        self.address_line = QLineEdit()
        self.pin = QLineEdit()
        self.pin.setMaxLength(6)
        self.guardian_name = QLineEdit()
        self.guardian_relation = QComboBox()
        self.scan_button = QPushButton()
        self.camera_scan_button = QPushButton()
        self.camera_scan_button.setVisible(False)  # until a camera is given (set_camera)
        self.photo = PhotoPicker(context.blobs)
        self.qr_reader = AbhaQrReader(self)
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton()

        age_row = QWidget()
        age_layout = QHBoxLayout(age_row)
        age_layout.setContentsMargins(0, 0, 0, 0)
        age_layout.addWidget(self.age_years)
        age_layout.addWidget(self.age_months)
        age_layout.addStretch(1)

        self.boxes: dict[str, FieldBox] = {
            "given_name": FieldBox(self.given_name),
            "family_name": FieldBox(self.family_name),
            "sex": FieldBox(self.sex),
            "birth_date": FieldBox(self.birth_date),
            "age": FieldBox(age_row),
            "mobile": FieldBox(self.mobile),
            "no_mobile_reason": FieldBox(self.no_mobile_reason),
            "abha_number": FieldBox(self.abha_number),
            "abha_address": FieldBox(self.abha_address),
            "state": FieldBox(self.state),
            "district": FieldBox(self.district),
            "locality": FieldBox(self.locality),
            "address_line": FieldBox(self.address_line),
            "pin": FieldBox(self.pin),
            "guardian_name": FieldBox(self.guardian_name),
            "guardian_relation": FieldBox(self.guardian_relation),
        }
        self.boxes["age"].setFocusProxy(self.age_years)
        self.labels: dict[str, QLabel] = {name: QLabel() for name in self.boxes}
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            form.setHorizontalSpacing(12)
        split = list(self.boxes)
        for name in split[:9]:
            left.addRow(self.labels[name], self.boxes[name])
        for name in split[9:]:
            right.addRow(self.labels[name], self.boxes[name])
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        self.photo_label = QLabel()
        right.addRow(self.photo_label, self.photo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.scan_button)
        buttons.addWidget(self.camera_scan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addLayout(buttons)

        order: list[QWidget] = [
            self.given_name,
            self.family_name,
            self.sex,
            self.birth_date,
            self.age_years,
            self.age_months,
            self.mobile,
            self.no_mobile_reason,
            self.abha_number,
            self.abha_address,
            self.state,
            self.district,
            self.locality,
            self.address_line,
            self.pin,
            self.guardian_name,
            self.guardian_relation,
            self.photo.button,
            self.photo.camera_button,
            self.save_button,
            self.cancel_button,
            self.scan_button,
            self.camera_scan_button,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.abha_number.editingFinished.connect(self.on_abha_number_done)
        self.save_button.clicked.connect(self.on_save)
        self.cancel_button.clicked.connect(self.on_cancel)
        self.scan_button.clicked.connect(self.on_scan_qr)
        self.camera_scan_button.clicked.connect(self.on_scan_qr_camera)
        self.qr_reader.found.connect(self.prefill)
        self.qr_reader.failed.connect(self.on_message_code)
        self.qr_reader.waiting.connect(self.on_scan_waiting)
        self.qr_reader.found.connect(self.on_camera_done)
        self.qr_reader.failed.connect(self.on_camera_done)
        self.photo.failed.connect(self.status.setText)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.on_cancel)
        QShortcut(QKeySequence("Ctrl+S"), self, self.on_save)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.on_scan_qr)
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, self.on_scan_qr_camera)
        self.retranslate()

    # -- text -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.tr("Edit patient") if self._editing else self.tr("New patient"))
        texts = {
            "given_name": self.tr("Given name"),
            "family_name": self.tr("Family name"),
            "sex": self.tr("Sex"),
            "birth_date": self.tr("Date of birth"),
            "age": self.tr("or age (estimated)"),
            "mobile": self.tr("Mobile"),
            "no_mobile_reason": self.tr("If no mobile"),
            "abha_number": self.tr("ABHA number"),
            "abha_address": self.tr("ABHA address"),
            "state": self.tr("State / UT"),
            "district": self.tr("District"),
            "locality": self.tr("Village or town"),
            "address_line": self.tr("House, street"),
            "pin": self.tr("PIN code"),
            "guardian_name": self.tr("Guardian's name"),
            "guardian_relation": self.tr("Guardian is the"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.given_name.setPlaceholderText(self.tr("in English or Hindi"))
        self.birth_date.setPlaceholderText(self.tr("DD-MM-YYYY"))
        self.age_years.setSuffix(" " + self.tr("years"))
        self.age_months.setSuffix(" " + self.tr("months"))
        self.mobile.setPlaceholderText(self.tr("10 digits"))
        self.abha_number.setPlaceholderText("XX-XXXX-XXXX-XXXX")
        self.abha_address.setPlaceholderText(self.tr("name@abdm"))
        self.guardian_name.setPlaceholderText(self.tr("required for a child under 18"))
        self.scan_button.setText(self.tr("Read ABHA QR from picture… (Ctrl+Q)"))
        self.camera_scan_button.setText(self.tr("Read ABHA QR with camera (Ctrl+Shift+Q)"))
        if self._district_lgd is not None:
            self.district.setPlaceholderText(
                self.tr("LGD district code %1 from the ABHA card: type the name").replace(
                    "%1", str(self._district_lgd)
                )
            )
        else:
            self.district.setPlaceholderText("")
        self.photo_label.setText(self.tr("Photo (optional)"))
        self.save_button.setText(self.tr("Save (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self._fill_combo(self.sex, ["female", "male", "other"])
        self._fill_combo(self.no_mobile_reason, [r.value for r in validators.NoMobileReason])
        self._fill_combo(self.guardian_relation, list(RELATIONS))
        self._fill_states()

    @staticmethod
    def _fill_combo(combo: QComboBox, codes: list[str]) -> None:
        keep = combo.currentData()
        combo.clear()
        combo.addItem("", "")
        for code in codes:
            combo.addItem(messages.label(code), code)
        combo.setCurrentIndex(max(0, combo.findData(keep)))

    def _fill_states(self) -> None:
        keep = self.state.currentData()
        self.state.clear()
        self.state.addItem("", None)
        hindi = i18n.current() == "hi"
        for s in sorted(regions.STATES, key=lambda s: s.name_hi if hindi else s.name):
            self.state.addItem(s.name_hi if hindi else s.name, s.lgd)
        self.state.setCurrentIndex(max(0, self.state.findData(keep)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter from any field saves: line edits, combos and spin boxes pass it up to us.
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.on_save()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- entity <-> fields ------------------------------------------------------------
    def patient(self) -> Patient:
        """The patient as typed (not yet validated)."""
        birth = parse_dmy(self.birth_date.text())
        estimated = False
        if birth is None and not self.birth_date.text().strip():
            years, months = self.age_years.value(), self.age_months.value()
            if years or months:
                birth = validators.birth_from_age(years, months, self._ctx.today())
                estimated = True
        base = self._editing or Patient(given_name="")
        state = self.state.currentData()
        return dataclasses.replace(
            base,
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            sex=str(self.sex.currentData() or ""),
            birth_date=birth,
            birth_estimated=estimated,
            mobile=self.mobile.text(),
            no_mobile_reason=str(self.no_mobile_reason.currentData() or ""),
            abha_number=self.abha_number.text(),
            abha_address=self.abha_address.text(),
            state_lgd=int(state) if state is not None else None,
            district=self.district.text(),
            locality=self.locality.text(),
            address_line=self.address_line.text(),
            pin=self.pin.text(),
            guardian_name=self.guardian_name.text(),
            guardian_relation=str(self.guardian_relation.currentData() or ""),
        )

    def edit(self, p: Patient) -> None:
        """Load a stored patient for editing."""
        self._editing = p
        self.given_name.setText(p.given_name)
        self.family_name.setText(p.family_name)
        self.sex.setCurrentIndex(max(0, self.sex.findData(p.sex)))
        self.birth_date.setText(format_dmy(p.birth_date))
        self.mobile.setText(p.mobile)
        self.no_mobile_reason.setCurrentIndex(
            max(0, self.no_mobile_reason.findData(p.no_mobile_reason))
        )
        self.abha_number.setText(abha.format_number(p.abha_number))
        self.abha_address.setText(p.abha_address)
        self.state.setCurrentIndex(max(0, self.state.findData(p.state_lgd)))
        self.district.setText(p.district)
        self.locality.setText(p.locality)
        self.address_line.setText(p.address_line)
        self.pin.setText(p.pin)
        self.guardian_name.setText(p.guardian_name)
        self.guardian_relation.setCurrentIndex(
            max(0, self.guardian_relation.findData(p.guardian_relation))
        )
        self.retranslate()

    def prefill(self, qr: abha_qr.AbhaQr) -> None:
        """Fill what an ABHA QR carries; the operator checks and completes the rest."""
        pairs = (
            (self.given_name, qr.given_name),
            (self.family_name, qr.family_name),
            (self.abha_number, abha.format_number(qr.abha_number)),
            (self.abha_address, qr.abha_address),
            (self.district, qr.district),
            (self.mobile, qr.mobile),
            (self.address_line, qr.address),
        )
        for edit, value in pairs:
            if value:
                edit.setText(value)
        if qr.sex:
            self.sex.setCurrentIndex(max(0, self.sex.findData(qr.sex)))
        if qr.birth_date and not qr.birth_year_only:
            self.birth_date.setText(format_dmy(qr.birth_date))
        elif qr.birth_date:
            self.birth_date.clear()
            self.age_years.setValue(self._ctx.today().year - qr.birth_date.year)
        if qr.state_lgd is not None:
            self.state.setCurrentIndex(max(0, self.state.findData(qr.state_lgd)))
        # A card carries only the LGD district code: keep it in sight until a name is typed.
        self._district_lgd = qr.district_lgd if not qr.district else None
        self.retranslate()
        self.status.setText(self.tr("Filled from the ABHA QR. Please check every field."))

    @property
    def district_lgd(self) -> int | None:
        """The LGD district code read from a card QR that gave no district name."""
        return self._district_lgd

    # -- validation and saving --------------------------------------------------------
    def issues(self) -> list[Issue]:
        p = self.patient()
        found = core_patient.validate(p, self._ctx.today())
        typed_birth = self.birth_date.text().strip()
        if typed_birth and parse_dmy(typed_birth) is None:
            found = [i for i in found if i.field != "birth_date"]
            found.append(Issue("birth_date", "birth.required"))
        if not typed_birth:
            age_issues = validators.check_estimated_age(
                self.age_years.value(), self.age_months.value()
            )
            if age_issues:
                found = [i for i in found if i.field != "birth_date"] + age_issues
        for issue in found:
            if issue.field == "mobile" and issue.code == "mobile.reason_required":
                found.append(Issue("no_mobile_reason", issue.code))
                break
        return found

    @Slot()
    def on_abha_number_done(self) -> None:
        self.abha_number.setText(abha.format_number(self.abha_number.text()))

    @Slot()
    def on_save(self) -> None:
        if self._busy:
            return
        found = self.issues()
        first = show_issues(self.boxes, found)
        if first is not None:
            self.status.setText(self.tr("Please correct the fields marked in red."))
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._submit(self.patient(), None, None)

    def _submit(self, p: Patient, decision: Decision | None, same_as: str | None) -> None:
        self._busy = True
        self.status.setText(self.tr("Saving…"))
        patients, today = self._ctx.services.patients, self._ctx.today()
        photo = self.photo.ref
        if self._editing is not None:
            Operation.from_future(patients.update(p, today, photo)).success(
                self._on_updated
            ).failure(self._on_failed).run()
            return
        Operation.from_future(patients.register(p, today, decision, same_as, photo)).success(
            self._on_registered
        ).failure(self._on_failed).run()

    def _on_updated(self, p: Patient) -> None:
        self._busy = False
        self.status.setText(self.tr("Saved."))
        self.saved.emit(p)

    def _on_registered(self, result: Registration) -> None:
        self._busy = False
        if not result.saved and not result.candidates:  # "same person": opens that record
            self.status.setText("")
            self.same_person.emit(result.patient)
            return
        if result.saved:
            self.status.setText(self.tr("Saved."))
            self.saved.emit(result.patient)
            return
        self.status.setText(self.tr("This person may already be registered."))
        self.dialog = DuplicateDialog(result.patient, result.candidates, self._ctx.today(), self)
        self.dialog.chosen.connect(self.on_duplicate_choice)
        self.dialog.open()

    @Slot(object, str)
    def on_duplicate_choice(self, decision: Decision, same_as: str) -> None:
        self._submit(self.patient(), decision, same_as or None)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        if isinstance(exc, ValidationError):
            show_issues(self.boxes, exc.issues)
            self.status.setText(self.tr("Please correct the fields marked in red."))
        elif isinstance(exc, StorageError):
            # Storage full or damaged: say so; every field keeps what was typed.
            self.status.setText(storage_error_text(exc))
        else:
            self.status.setText(self.tr("Could not save. Please try again."))

    @Slot()
    def on_cancel(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        self.cancelled.emit()

    # -- ABHA QR and photo -------------------------------------------------------------
    @Slot()
    def on_scan_qr(self) -> None:
        self.qr_reader.open_file_dialog(self)

    def set_camera(self, latest: CameraFrames | None) -> None:
        """Where camera frames come from (``camera_frames``): enables the photo from the
        camera and reading the ABHA QR with the camera (Ctrl+Shift+Q)."""
        self._camera = latest
        self.camera_scan_button.setVisible(latest is not None)
        self.photo.set_camera(latest)

    @Slot()
    def on_scan_qr_camera(self) -> None:
        if self._camera is not None:
            self.scan_camera(self._camera)

    @Slot()
    def on_camera_done(self) -> None:
        """Let the camera go (it stops unless the Camera page or a recording uses it)."""
        if self._camera is not None:
            self._camera.release()

    def hideEvent(self, event: QHideEvent) -> None:
        self.qr_reader.stop()
        self.on_camera_done()
        super().hideEvent(event)

    def scan_camera(self, latest_frame: Callable[[], Any], timeout_s: float = 30.0) -> None:
        """Prefill from an ABHA QR held up to the camera (see ``AbhaQrReader``)."""
        self.qr_reader.scan_camera(latest_frame, timeout_s)

    @Slot()
    def on_scan_waiting(self) -> None:
        self.status.setText(self.tr("Hold the ABHA card in front of the camera…"))

    @Slot(str)
    def on_message_code(self, code: str) -> None:
        self.status.setText(messages.code_text(code))
