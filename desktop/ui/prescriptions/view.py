"""The spoke's prescription view: one consult's current verified prescription (diagnosis,
medicines with directions in the operator's language, advice, investigations, follow-up,
referral and its status, doctor and registration number, verification), its history, and
Print / Preview / Save as PDF / referral slip. Built from one ``RxSheet`` at a time: ``bind``
sets every field from it, ``clear`` empties them all, and a sheet read for a consult no
longer shown is dropped (the consult binding's rules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Signal, Slot
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import rx_qr, rx_sheet
from desktop.core.issues import ValidationError
from desktop.core.rx_sheet import iso_to_dmy
from desktop.ui import i18n, messages
from desktop.ui.consult.binding import Ticket
from desktop.ui.prescriptions import printing
from desktop.ui.prescriptions.dispense import DispenseDialog
from desktop.ui.prescriptions.medicines_model import MedicinesModel
from desktop.ui.tasks import Operation

if TYPE_CHECKING:
    from desktop.core.stock import Given
    from desktop.services.prescriptions import PrescriptionService, RxSheet, StoredPrescription
    from desktop.services.stock import Dispensed, StockLine, StockService


# The verification line: green when it may be printed, red with the reason when not.
VERIFIED_STYLE = (
    "background: #e3f4e8; color: #14532d; border: 1px solid #9fd3b0; border-radius: 3px;"
    " padding: 6px 10px;"
)
REFUSED_STYLE = (
    "background: #fde8e8; color: #7f1d1d; border: 1px solid #f0a8a8; border-radius: 3px;"
    " padding: 6px 10px; font-weight: 600;"
)


def verification_text(state: str, reason: str) -> str:
    """The verification state in words, with why a prescription cannot be printed."""
    if state == "verified":
        return QCoreApplication.translate(
            "PrescriptionView", "Signature verified: this is the doctor's prescription."
        )
    reasons = {
        "signature_mismatch": QCoreApplication.translate(
            "PrescriptionView",
            "The prescription does not match the doctor's signature: it was changed after "
            "signing. It cannot be printed, and no medicine may be dispensed from it. Ask the "
            "hub to send it again.",
        ),
        "bad_content": QCoreApplication.translate(
            "PrescriptionView",
            "The prescription arrived damaged. It cannot be printed, and no medicine may be "
            "dispensed from it. Ask the hub to send it again.",
        ),
        "no_key": QCoreApplication.translate(
            "PrescriptionView",
            "The doctor's signing key is not known here, so the signature cannot be checked. "
            "It cannot be printed until the hub sends the key (connect to the hub).",
        ),
        "bad_key": QCoreApplication.translate(
            "PrescriptionView",
            "The doctor's signing key is not valid, so the signature cannot be checked. It "
            "cannot be printed.",
        ),
        "bad_signature": QCoreApplication.translate(
            "PrescriptionView",
            "The prescription carries no valid signature. It cannot be printed.",
        ),
    }
    return reasons.get(
        reason,
        QCoreApplication.translate(
            "PrescriptionView", "The signature could not be checked. It cannot be printed."
        ),
    )


def referral_status_text(status: str) -> str:
    return {
        "referred": QCoreApplication.translate("PrescriptionView", "Referred"),
        "reached": QCoreApplication.translate("PrescriptionView", "Reached the facility"),
        "closed": QCoreApplication.translate("PrescriptionView", "Closed"),
    }.get(status, status)


def dispense_error_text(exc: BaseException) -> str:
    """Why a dispensing was not stored, in the operator's words."""
    if isinstance(exc, ValidationError) and exc.issues:
        return messages.issue_text(exc.issues[0])
    if getattr(exc, "code", "") == "already_dispensed":
        return QCoreApplication.translate(
            "PrescriptionView", "This prescription was dispensed already."
        )
    return QCoreApplication.translate(
        "PrescriptionView", "The dispensing could not be saved. Please try again."
    )


def print_sheet(sheet: RxSheet, rx: StoredPrescription, today: date) -> rx_sheet.PrintSheet:
    p, f = sheet.patient, sheet.facility
    return rx_sheet.build(
        rx.content,
        prescription_id=rx.id,
        written=rx.created_at.astimezone().date(),  # the clinic's day, not UTC's
        today=today,
        patient_name=p.full_name,
        birth_date=p.birth_date,
        sex=p.sex,
        abha_number=p.abha_number,
        facility_name=f.name,
        facility_place=", ".join(x for x in (f.district, f.state) if x),
    )


def qr_text(rx: StoredPrescription) -> str:
    return rx_qr.encode(
        rx_qr.RxPayload(
            rx.consult_id, rx.id, rx.content, rx.signature, rx.doctor_id, rx.signing_key
        )
    )


def _left(widget: QWidget) -> QWidget:
    """``widget`` at its own width, at the left of a form row."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget)
    row.addStretch(1)
    return holder


class PrescriptionView(QWidget):
    """Signals:
    printed(str): a prescription id after a print, preview or saved PDF was audited."""

    printed = Signal(str)

    def __init__(
        self,
        service: PrescriptionService,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        stock: StockService | None = None,
    ) -> None:
        """``stock``: dispensing against the spoke's stock (None: no Dispense button)."""
        super().__init__(parent)
        self.setObjectName("prescriptionView")
        self._service = service
        self._stock = stock
        self.dispense_dialog: DispenseDialog | None = None
        self._today = today
        self._ticket: Ticket | None = None
        self._sheet: RxSheet | None = None
        self.page_size = "A4"
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.patient = QLabel()
        self.status = QLabel()
        self.status.setObjectName("rxVerification")
        self.status.setWordWrap(True)
        self.diagnosis = QLabel()
        self.diagnosis.setWordWrap(True)
        self.medicines_model = MedicinesModel()
        self.medicines = QTableView()
        self.medicines.setModel(self.medicines_model)
        self.medicines.verticalHeader().hide()
        self.medicines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.medicines.setWordWrap(True)
        header = self.medicines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.investigations = QLabel()
        self.investigations.setWordWrap(True)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.follow_up = QLabel()
        self.referral = QLabel()
        self.referral.setWordWrap(True)
        self.referral_status = QComboBox()
        self.referral_status.activated.connect(self.on_referral_status_chosen)
        self.doctor = QLabel()
        self.doctor.setWordWrap(True)
        self.history = QListWidget()
        self.history.setMaximumHeight(64)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.on_print)
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.on_preview)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.on_save_pdf)
        self.slip_button = QPushButton()
        self.slip_button.clicked.connect(self.on_print_slip)
        self.dispense_button = QPushButton()
        self.dispense_button.setObjectName("dispenseButton")
        self.dispense_button.clicked.connect(self.on_dispense)
        self.dispense_button.setVisible(stock is not None)
        self.dispensed = QLabel()
        self.dispensed.setObjectName("dispensedNote")
        self.dispensed.setWordWrap(True)
        self.page_choice = QComboBox()
        self.page_choice.addItems(["A4", "A5"])
        self.page_choice.currentTextChanged.connect(self.on_page_size)

        self.form = QFormLayout()
        self._labels: list[tuple[QLabel, Callable[[], str]]] = []
        for widget, text in (
            (self.patient, lambda: self.tr("Patient")),
            (self.diagnosis, lambda: self.tr("Diagnosis")),
            (self.investigations, lambda: self.tr("Investigations")),
            (self.advice, lambda: self.tr("Advice")),
            (self.follow_up, lambda: self.tr("Follow-up on")),
            (self.referral, lambda: self.tr("Referral")),
            (_left(self.referral_status), lambda: self.tr("Referral status")),
            (self.doctor, lambda: self.tr("Doctor")),
        ):
            label = QLabel()
            self._labels.append((label, text))
            self.form.addRow(label, widget)
        self.history_label = QLabel()
        buttons = QHBoxLayout()
        for w in (
            self.print_button,
            self.preview_button,
            self.save_button,
            self.slip_button,
            self.page_choice,
            self.dispense_button,
        ):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addLayout(self.form)
        layout.addWidget(self.medicines, 1)
        layout.addWidget(self.dispensed)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        layout.addLayout(buttons)
        self.retranslate()
        self.clear()

    # -- binding ---------------------------------------------------------------------------

    def show_consult(self, consult_id: str) -> None:
        """Empty the view at once, then fill it from the consult's stored prescriptions."""
        self.clear()
        ticket = Ticket(consult_id)
        self._ticket = ticket
        Operation.from_future(self._service.sheet(consult_id)).success(
            ticket.guard(self._loaded)
        ).run()

    def _loaded(self, sheet: RxSheet | None) -> None:
        if sheet is not None:
            self.bind(sheet)

    def bind(self, sheet: RxSheet) -> None:
        """Every field from ``sheet`` (and nothing else)."""
        self._sheet = sheet
        rx = sheet.shown
        self.patient.setText(f"{sheet.patient.full_name} ({sheet.patient.code})")
        self.history.clear()
        for version in sheet.history:
            mark = " ✓" if sheet.current is not None and version.id == sheet.current.id else ""
            self.history.addItem(
                f"{i18n.format_datetime(version.created_at)} · "
                f"{self._state_word(version.verification)}{mark}"
            )
        if rx is None:
            self.status.setText(self.tr("No prescription has arrived for this consult yet."))
            self._fill_content({})
            self._enable(False, False)
            return
        self.status.setText(verification_text(rx.verification, rx.verify_reason))
        self.status.setStyleSheet(VERIFIED_STYLE if rx.printable else REFUSED_STYLE)
        self._fill_content(rx.content)
        self._enable(rx.printable, bool(rx.referral_status))
        self.referral_status.setCurrentIndex(
            max(0, self.referral_status.findData(rx.referral_status))
        )

    def clear(self) -> None:
        if self._ticket is not None:
            self._ticket.retire()
            self._ticket = None
        self._sheet = None
        for w in (self.patient, self.status, self.diagnosis, self.investigations):
            w.clear()
        self.status.setStyleSheet("")
        for w in (self.advice, self.follow_up, self.referral, self.doctor):
            w.clear()
        self.medicines_model.set_rows([], i18n.current())
        self.history.clear()
        self._enable(False, False)

    def _state_word(self, state: str) -> str:
        return {
            "verified": self.tr("verified"),
            "tampered": self.tr("changed after signing"),
            "unverifiable": self.tr("not checkable"),
        }.get(state, state)

    def _fill_content(self, c: dict[str, object]) -> None:
        diagnosis = c.get("diagnosis")
        if isinstance(diagnosis, dict):
            code = str(diagnosis.get("code") or "")
            self.diagnosis.setText(
                str(diagnosis.get("text") or "") + (f" ({code})" if code else "")
            )
        else:
            self.diagnosis.clear()
        meds = c.get("medications")
        self.medicines_model.set_rows(meds if isinstance(meds, list) else [], i18n.current())
        inv = c.get("investigations")
        self.investigations.setText("; ".join(str(i) for i in inv) if isinstance(inv, list) else "")
        self.advice.setText(str(c.get("advice") or ""))
        follow = str(c.get("follow_up_date") or "")
        self.follow_up.setText(iso_to_dmy(follow) if follow else "")
        ref = c.get("referral")
        if isinstance(ref, dict) and ref:
            self.referral.setText(
                f"{ref.get('facility', '')}: {ref.get('reason', '')} ({ref.get('urgency', '')})"
            )
        else:
            self.referral.clear()
        who = c.get("prescriber")
        if isinstance(who, dict):
            reg = self.tr("Registration no. %1 (%2)")
            reg = reg.replace("%1", str(who.get("registration_number", ""))).replace(
                "%2", str(who.get("council", ""))
            )
            parts = [str(who.get("name", "")), str(who.get("qualification", "")), reg]
            self.doctor.setText(", ".join(p for p in parts if p))
        else:
            self.doctor.clear()

    def _enable(self, printable: bool, referral: bool) -> None:
        for button in (self.print_button, self.preview_button, self.save_button):
            button.setEnabled(printable)
        self.slip_button.setEnabled(printable and referral)
        self.slip_button.setVisible(referral)
        self.referral_status.setEnabled(referral)
        self.dispense_button.setEnabled(printable and self._stock is not None)
        self.dispensed.clear()
        rx = self._printable()
        if printable and rx is not None and self._stock is not None:
            stock, ticket = self._stock, self._ticket
            Operation(lambda: stock.dispensed(rx.id)).success(
                lambda done: self._show_dispensed(ticket, done)
            ).run()

    # -- dispensing ------------------------------------------------------------------------

    def _show_dispensed(self, ticket: Ticket | None, done: list[Dispensed]) -> None:
        if ticket is not self._ticket:
            return  # another consult is shown now
        if not done:
            return
        given = sum(1 for d in done if d.quantity > 0)
        self.dispense_button.setEnabled(False)
        self.dispensed.setText(
            self.tr("Dispensed by %1: %n medicine(s) given.", "", given).replace(
                "%1", done[0].dispensed_by
            )
        )

    @Slot()
    def on_dispense(self) -> None:
        rx, sheet, stock = self._printable(), self._sheet, self._stock
        if rx is None or sheet is None or stock is None:
            return
        ticket = self._ticket
        Operation.from_future(stock.lines()).success(
            lambda lines: self._open_dispense(ticket, rx, lines)
        ).run()

    def _open_dispense(
        self, ticket: Ticket | None, rx: StoredPrescription, lines: list[StockLine]
    ) -> None:
        sheet = self._sheet
        if ticket is not self._ticket or sheet is None:
            return
        medicines = rx.content.get("medications") or []
        patient = f"{sheet.patient.full_name} ({sheet.patient.code})"
        dialog = DispenseDialog(patient, list(medicines), lines, self)
        dialog.dispense_requested.connect(lambda given: self._dispense(dialog, rx.id, given))
        dialog.finished.connect(self.on_dispense_closed)
        self.dispense_dialog = dialog
        dialog.open()

    @Slot()
    def on_dispense_closed(self) -> None:
        dialog, self.dispense_dialog = self.dispense_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _dispense(self, dialog: DispenseDialog, rx_id: str, given: list[Given]) -> None:
        stock = self._stock
        assert stock is not None
        Operation.from_future(stock.dispense(rx_id, given)).success(
            lambda _: self._dispensed(dialog)
        ).failure(lambda exc: dialog.show_error(dispense_error_text(exc))).run()

    def _dispensed(self, dialog: DispenseDialog) -> None:
        dialog.accept()
        if self._sheet is not None:
            self.bind(self._sheet)

    # -- printing --------------------------------------------------------------------------

    def _printable(self) -> StoredPrescription | None:
        sheet = self._sheet
        if sheet is None or sheet.current is None or not sheet.current.printable:
            return None
        return sheet.current

    def document(self, referral: bool = False, page: str | None = None) -> QTextDocument:
        rx, sheet = self._printable(), self._sheet
        assert rx is not None and sheet is not None
        return printing.document(
            print_sheet(sheet, rx, self._today()),
            qr_text(rx),
            referral=referral,
            page=page or self.page_size,
        )

    def _audited(self, what: str, then: Callable[[], object]) -> None:
        """Record the print (refused for anything not verified), then do it."""
        rx, ticket = self._printable(), self._ticket
        if rx is None or ticket is None:
            return
        rx_id = rx.id

        def done(_: None) -> None:
            self.printed.emit(rx_id)
            then()

        Operation.from_future(self._service.record_print(rx_id, what)).success(
            ticket.guard(done)
        ).run()

    @Slot()
    def on_print(self) -> None:
        self._print_dialog(referral=False)

    @Slot()
    def on_print_slip(self) -> None:
        self._print_dialog(referral=True)

    def _print_dialog(self, referral: bool) -> None:
        if self._printable() is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printing.set_page(printer, self.page_size)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        doc = self.document(referral)
        self._audited(
            "referral" if referral else "prescription",
            lambda: printing.print_to(doc, printer, printer.resolution()),
        )

    @Slot()
    def on_preview(self) -> None:
        if self._printable() is None:
            return
        doc = self.document()

        def show() -> None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printing.set_page(printer, self.page_size)
            preview = QPrintPreviewDialog(printer, self)
            preview.paintRequested.connect(lambda p: printing.print_to(doc, p, p.resolution()))
            preview.exec()

        # The preview can print: it is audited as a print.
        self._audited("prescription", show)

    @Slot()
    def on_save_pdf(self) -> None:
        if self._printable() is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save prescription as PDF"), "", self.tr("PDF files (*.pdf)")
        )
        if not name:
            return
        data = printing.pdf_bytes(self.document(), self.page_size)
        self._audited("prescription", lambda: Path(name).write_bytes(data))

    @Slot(str)
    def on_page_size(self, size: str) -> None:
        self.page_size = size if size in printing.PAGE_SIZES else "A4"

    @Slot(int)
    def on_referral_status_chosen(self, index: int) -> None:
        rx = self._sheet.shown if self._sheet is not None else None
        status = self.referral_status.itemData(index)
        if rx is None or not status or status == rx.referral_status:
            return
        consult_id = rx.consult_id
        Operation.from_future(self._service.set_referral_status(rx.id, str(status))).success(
            lambda _: self.show_consult(consult_id)
        ).run()

    # -- language --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Prescription"))
        for label, text in self._labels:
            label.setText(text())
        self.history_label.setText(self.tr("Versions received (✓ the one in force)"))
        self.print_button.setText(self.tr("Print…"))
        self.preview_button.setText(self.tr("Preview…"))
        self.save_button.setText(self.tr("Save as PDF…"))
        self.slip_button.setText(self.tr("Print referral slip…"))
        self.dispense_button.setText(self.tr("Dispense…"))
        self.dispense_button.setToolTip(
            self.tr("Record the medicines given to the patient; they are taken out of stock.")
        )
        current = self.referral_status.currentIndex()
        self.referral_status.clear()
        for status in ("referred", "reached", "closed"):
            self.referral_status.addItem(referral_status_text(status), status)
        self.referral_status.setCurrentIndex(max(0, current))
        self.medicines_model.retranslate(i18n.current())
        if self._sheet is not None:
            self.bind(self._sheet)
        self.medicines.setAccessibleName(self.tr("Medicines"))
