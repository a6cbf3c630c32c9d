"""The doctor's prescribe dialog for the consult under review: the consult's mode and
follow-up status as the hub decides them, the rx editor (rules checked as the doctor types,
Sign blocked on a violation, medicines not in the spoke's stock flagged), then sign and send.
A signed prescription is shown read-only; "Correct" opens a new version that names the one
it replaces. ``open_prescribe`` is the one entry point."""

from __future__ import annotations

import json
import uuid

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.prescribing import (
    DrugNotAllowedForModeError,
    PrescribeSession,
    PrescribingService,
    ProfileIncompleteError,
    ProhibitedDrugError,
    SignatureInvalidError,
    SignedPrescription,
)
from desktop.sync.errors import ConflictError, RejectedError
from desktop.ui import failure_report
from desktop.ui.doctor.prescriber_dialog import PrescriberDialog
from desktop.ui.doctor.rx_editor import RxEditor
from desktop.ui.doctor.rx_editor_medicine import BLOCKED
from desktop.ui.sync.messages import error_text
from desktop.ui.tasks import Operation
from protocol import formulary as formulary_mod
from protocol.formulary import Formulary
from protocol.schemas import Prescriber, PrescriptionContent
from protocol.vocab import ConsultMode

# The editor needs a prescriber to build content; the real one is put in at signing.
_PLACEHOLDER = Prescriber(name="--", registration_number="--", council="--")


def refusal_text(exc: BaseException) -> str:
    """Why the prescription was not sent, by the error's type (the hub's code)."""
    if isinstance(exc, ProhibitedDrugError | DrugNotAllowedForModeError | SignatureInvalidError):
        return error_text(exc.kind)  # the one table of the hub's refusals
    if isinstance(exc, ProfileIncompleteError):
        return profile_text(exc)
    if isinstance(exc, ConflictError):
        return QCoreApplication.translate(
            "Prescribe",
            "The hub did not take it: the consultation is not in progress with you (accept "
            "it first), or a different prescription was just sent from here. Close and "
            "reopen the prescription.",
        )
    if isinstance(exc, RejectedError) and exc.status in (403, 404):
        return QCoreApplication.translate(
            "Prescribe",
            "This consultation is not with you at the hub: claim or accept it in the queue first.",
        )
    return failure_report.failure_text(exc)


def profile_text(exc: ProfileIncompleteError) -> str:
    if "registration_number" in exc.missing:
        return QCoreApplication.translate(
            "Prescribe",
            "Your hub account has no medical registration number: the hub administrator "
            "must add it before you can sign prescriptions.",
        )
    return QCoreApplication.translate(
        "Prescribe",
        "Before signing, enter your qualification and your medical council in your "
        "prescriber profile.",
    )


class PrescribeDialog(QDialog):
    """Signals:
    sent(object): a ``SignedPrescription`` the hub stored.
    """

    sent = Signal(object)

    def __init__(
        self,
        service: PrescribingService,
        consult_id: str,
        formulary: Formulary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prescribeDialog")
        self.service = service
        self.consult_id = consult_id
        self.session: PrescribeSession | None = None
        self.signed: SignedPrescription | None = None
        self._sending = False
        # (content, id) of a send whose answer did not come: the same content is sent
        # again under the same id, so a lost answer never makes two prescriptions.
        self._attempt: tuple[str, str] | None = None
        self.profile_dialog: PrescriberDialog | None = None
        self.header = QLabel()
        self.header.setObjectName("rxConsultHeader")
        self.header.setWordWrap(True)
        self.prescriber_line = QLabel()
        self.prescriber_line.setObjectName("rxPrescriberLine")
        self.prescriber_line.setWordWrap(True)
        self.profile_button = QPushButton()
        self.profile_button.setObjectName("rxProfile")
        self.status = QLabel()
        self.status.setObjectName("rxStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.editor = RxEditor(formulary or formulary_mod.default(), _PLACEHOLDER)
        self.editor.setEnabled(False)
        self.correct_button = QPushButton()
        self.correct_button.setObjectName("rxCorrect")
        self.correct_button.setEnabled(False)
        self.close_button = QPushButton()
        self.close_button.setObjectName("rxClose")
        top = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(self.header)
        texts.addWidget(self.prescriber_line)
        top.addLayout(texts, 1)
        top.addWidget(self.profile_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.correct_button)
        bottom.addWidget(self.close_button)
        texts.setSpacing(2)
        self.editor.context_line.hide()  # the header says it, with the stock
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        layout.addLayout(bottom)
        self.editor.sign_requested.connect(self.on_sign_requested)
        self.correct_button.clicked.connect(self.on_correct)
        self.close_button.clicked.connect(self.reject)
        self.profile_button.clicked.connect(self.on_edit_profile)
        self.retranslate()
        self._say(self.tr("Loading the consultation's rules and stock…"))
        Operation.from_future(service.open(consult_id)).success(self._opened).failure(
            self._failed
        ).run()

    # -- texts ---------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Prescription"))
        self.profile_button.setText(self.tr("Prescriber profile…"))
        self.correct_button.setText(self.tr("Correct"))
        self.correct_button.setToolTip(
            self.tr("A signed prescription cannot change: write a new version that replaces it.")
        )
        self.close_button.setText(self.tr("Close"))
        self._show_header()
        self._show_prescriber()

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {BLOCKED};" if problem else "")

    def _show_header(self) -> None:
        """One line: the editor's consult line (mode, first or follow-up, lists allowed, as
        the hub decided them), why a linked consult is not a follow-up, and the stock."""
        session = self.session
        if session is None:
            self.header.setText(self.tr("Consultation: loading…"))
            return
        parts = [self.editor.context_line.text()]
        if session.rules.follow_up:
            parts.append(
                self.tr("Follow-up of a consultation completed within %1 days.").replace(
                    "%1", str(session.rules.follow_up_window_days)
                )
            )
        elif session.rules.follow_up_of:
            parts.append(
                self.tr(
                    "Linked to an earlier consultation, but not a follow-up for the rules "
                    "(outside the window or not completed)."
                )
            )
        if session.stock is None:
            parts.append(self.tr("The spoke's stock is not known: no stock flags."))
        else:
            parts.append(
                self.tr("The spoke's stock: %1 items.").replace("%1", str(len(session.stock)))
            )
        self.header.setText(" ".join(parts))

    def _show_prescriber(self) -> None:
        session = self.session
        if session is None:
            self.prescriber_line.setText("")
            return
        profile = self.service.profile()
        account = session.account
        parts = [account.full_name or "—"]
        parts.append(profile.qualification or self.tr("qualification missing"))
        parts.append(
            self.tr("Reg. %1").replace("%1", account.registration_number or self.tr("missing"))
        )
        parts.append(profile.council or self.tr("council missing"))
        self.prescriber_line.setText(self.tr("Signed by: %1").replace("%1", ", ".join(parts)))

    # -- loading -------------------------------------------------------------------------
    def _opened(self, session: PrescribeSession) -> None:
        self.session = session
        try:
            self.editor.prescriber = self.service.prescriber(session.account)
        except ProfileIncompleteError:
            pass  # asked for at signing
        self.editor.set_consult(ConsultMode(session.rules.mode), session.rules.follow_up)
        self.editor.set_stock(session.stock)
        self._show_header()
        self._show_prescriber()
        current = session.current()
        if current is not None:
            self._show_signed(current)
        else:
            self.editor.setEnabled(True)
            self._say("")
            self.editor.diagnosis.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._sending = False
        self._say(refusal_text(exc), problem=True)

    def _show_signed(self, rx: SignedPrescription) -> None:
        """The signed prescription, read-only: it is never edited, only replaced."""
        self.signed = rx
        self.editor.load(PrescriptionContent.model_validate(rx.content))
        self.editor.setEnabled(False)
        self.correct_button.setEnabled(True)
        self._say(self.tr("Signed and sent. It cannot be changed: use Correct for a new version."))

    # -- signing -------------------------------------------------------------------------
    @Slot(object)
    def on_sign_requested(self, content: PrescriptionContent) -> None:
        session = self.session
        if session is None or self._sending:
            return
        try:
            prescriber = self.service.prescriber(session.account)
        except ProfileIncompleteError as exc:
            self._say(profile_text(exc), problem=True)
            if "registration_number" not in exc.missing:
                self.on_edit_profile()
            return
        self.editor.prescriber = prescriber
        content = content.model_copy(update={"prescriber": prescriber})
        text = json.dumps(content.model_dump(mode="json"), sort_keys=True)
        if self._attempt is None or self._attempt[0] != text:
            self._attempt = (text, str(uuid.uuid4()))
        self._sending = True
        self.editor.setEnabled(False)
        self._say(self.tr("Signing and sending…"))
        future = self.service.send(self.consult_id, content, self._attempt[1])
        Operation.from_future(future).success(self._sent).failure(self._send_failed).run()

    def _send_failed(self, exc: BaseException) -> None:
        self._sending = False
        self.editor.setEnabled(True)
        self._say(refusal_text(exc), problem=True)

    def _sent(self, rx: SignedPrescription) -> None:
        self._sending = False
        self._attempt = None
        if self.session is not None:
            self.session.prescriptions.append(rx)
        self._show_signed(rx)
        self.sent.emit(rx)

    @Slot()
    def on_correct(self) -> None:
        """A new version, filled from the signed one, that names it as replaced."""
        if self.signed is None:
            return
        self.editor.load(
            PrescriptionContent.model_validate(self.signed.content), replaces=self.signed.id
        )
        self.editor.setEnabled(True)
        self.correct_button.setEnabled(False)
        self._say(self.tr("Correcting: the new version will replace the signed one."))
        self.editor.diagnosis.setFocus()

    @Slot()
    def on_edit_profile(self) -> None:
        """The prescriber profile (window-modal, not blocking the event loop)."""
        account = self.session.account if self.session is not None else None
        dialog = self.profile_dialog = PrescriberDialog(self.service, account, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.on_profile_saved)
        dialog.open()

    @Slot()
    def on_profile_saved(self) -> None:
        self.profile_dialog = None
        self._show_prescriber()
        if self.session is not None:
            try:
                self.editor.prescriber = self.service.prescriber(self.session.account)
            except ProfileIncompleteError:
                pass
        self._say(self.tr("Prescriber profile saved. You can sign now."))


def open_prescribe(
    parent: QWidget | None,
    consult_id: str,
    service: PrescribingService,
    formulary: Formulary | None = None,
) -> PrescribeDialog:
    """Open the prescribe dialog for ``consult_id`` (not modal: the review stays usable)."""
    dialog = PrescribeDialog(service, consult_id, formulary, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.resize(1280, 720)
    dialog.show()
    return dialog
