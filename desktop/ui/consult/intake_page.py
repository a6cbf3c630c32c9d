"""Consult intake for one patient: complaints and history, vitals, specialty and priority,
attachments and consent; autosaved as a draft while typing, locked once marked ready.

Keys: Tab moves through the fields, Enter saves the draft now, Ctrl+Enter marks it ready,
Ctrl+O attaches a file, Ctrl+K records consent, Esc closes.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import consent as consent_rules
from desktop.core import lifecycle
from desktop.core.consent import Consent, ConsentKind
from desktop.core.consult import (
    Attachment,
    Consult,
)
from desktop.core.issues import Issue, ValidationError
from desktop.core.patient import Patient
from desktop.services.errors import StorageError
from desktop.services.media import BlobRef, StoredFile
from desktop.ui.call.consult_button import CallButton
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult import read_only
from desktop.ui.consult.binding import ConsultBinding, ConsultMismatch, Ticket
from desktop.ui.consult.call_chat_box import CallChatBox
from desktop.ui.consult.consent_panel import latest_answer
from desktop.ui.consult.intake_fields import IntakeFields
from desktop.ui.consult.intake_widgets import ConsultHeading, ConsultStatusLine
from desktop.ui.form_support import show_issues
from desktop.ui.prescriptions.consult_button import PrescriptionButton, RxRefusedNotice
from desktop.ui.storage_messages import storage_error_text
from desktop.ui.tasks import Operation

AUTOSAVE_MS = 800
T = TypeVar("T")
log = logging.getLogger("spoke.ui")


class ConsultIntakePage(QWidget):
    """Intake form of one consult. Every panel shows the consult bound in ``binding`` (the
    one place a consult is bound to the screen); background results started for a consult
    are dropped once another one is shown.

    Signals:
        ready(object): the ``Consult`` after it was queued for the hub.
        closed(): Esc or Close.
        autosaved(int): the stored draft version after an autosave.
        edit_patient(object): the operator wants to correct the patient's details.
        recording_allowed(bool): whether the open consult has consent to record on file
            (the camera panel enables its record button by it).
        storage_failed(str): a save failed for lack of disk space or a damaged file; the
            translated message (also in the page's status line), e.g. for the status bar
            while the operator is on the Camera page.
    """

    ready = Signal(object)
    recording_allowed = Signal(bool)
    closed = Signal()
    autosaved = Signal(int)
    edit_patient = Signal(object)
    storage_failed = Signal(str)

    @property
    def consult(self) -> Consult | None:
        """The bound consult as last stored or loaded (``current()`` adds the typing)."""
        view = self.binding.view
        return view.consult if view is not None else None

    @consult.setter
    def consult(self, value: Consult | None) -> None:
        view = self.binding.view
        if value is None:
            self.binding.clear()
        elif view is not None and value.id == view.consult.id:
            self.binding.update(consult=value)
        elif view is not None:
            self._bind(value, view.patient)
        else:
            raise ValueError("open_for() shows a consult with its patient")

    @property
    def patient(self) -> Patient | None:
        view = self.binding.view
        return view.patient if view is not None else None

    def may_record(self) -> bool:
        """True only with an open consult whose latest recording consent is a yes."""
        consult = self.consult
        return consult is not None and consent_rules.granted(
            consult.consents, ConsentKind.RECORDING
        )

    def __init__(self, context: ClinicContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultIntakePage")
        self._ctx = context
        self.binding = ConsultBinding(self)
        self._opening = 0  # the newest open_for() request; older answers are not shown
        self._may_record = False
        self._dirty = False
        self._saving = False
        self._ready_pending = False

        self.heading = ConsultHeading()
        self.status = ConsultStatusLine()
        self.ready_button = QPushButton()
        self.close_button = QPushButton()
        self.edit_patient_button = QPushButton()
        self.prescription_button = PrescriptionButton()  # a binding panel: prescribed only
        self.rx_refused = RxRefusedNotice()  # a binding panel: a prescription did not verify
        self.call_button = CallButton()  # a binding panel: while a doctor has the consult
        self.fields = IntakeFields(context.actor.username, context.temperature_unit, context.blobs)
        f = self.fields
        # The parts tests and the main window reach for, under short names.
        self.complaints, self.complaint_text = f.complaints, f.complaint_text
        self.duration, self.conditions, self.medicines = f.duration, f.conditions, f.medicines
        self.vitals, self.specialty, self.consent = f.vitals, f.specialty, f.consent
        self.mode = f.mode  # video call, audio call or without a call
        self.attachments, self.addendum_group, self.boxes = f.attachments, f.addendum_group, f.boxes
        # The chat of the consult's calls as stored here (a binding panel, read-only).
        self.call_chat = CallChatBox(context.services.calls, context.services.bus)
        f.add_side_panel(self.call_chat)

        scroll = self.scroll_area = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.edit_patient_button)
        buttons.addWidget(self.prescription_button)
        buttons.addWidget(self.call_button.check)  # the pre-call check, shown with the call
        buttons.addWidget(self.call_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.ready_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.rx_refused)
        layout.addLayout(buttons)
        chain = [*self.fields.tab_chain(), self.ready_button, self.close_button]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.on_autosave)
        self.binding.changed.connect(self.on_binding_changed)
        self.fields.edited.connect(self.on_edited)
        self.consent.recorded.connect(self.on_consent)
        self.attachments.file_chosen.connect(self.on_attach_file)
        self.ready_button.clicked.connect(self.on_mark_ready)
        self.close_button.clicked.connect(self.on_close)
        self.edit_patient_button.clicked.connect(self.on_edit_patient)
        self.addendum_group.add_requested.connect(self.on_add_addendum)
        QShortcut(QKeySequence("Ctrl+E"), self, self.on_edit_patient)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.on_mark_ready)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.on_mark_ready)
        QShortcut(QKeySequence("Ctrl+O"), self, self.attachments.on_add)
        QShortcut(QKeySequence("Ctrl+K"), self, self.consent.on_record)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.on_close)
        self.retranslate()
        self.binding.clear()

    # -- text -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.ready_button.setText(self.tr("Mark ready for the hub (Ctrl+Enter)"))
        self.close_button.setText(self.tr("Close (Esc)"))
        self.edit_patient_button.setText(self.tr("Edit patient details (Ctrl+E)"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter from a field saves the draft now (Ctrl+Enter is "ready", a shortcut).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.on_autosave()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- binding ----------------------------------------------------------------------
    def open_for(self, patient: Patient, consult_id: str | None = None) -> Operation[Consult]:
        """Show a consult of ``patient``: an existing one, or a new draft. Typing not yet
        saved goes to the consult it was typed in; the screen is empty until the new one
        is read, and only the newest request is shown."""
        self._flush()
        self.binding.clear()
        self._opening += 1
        request, ctx = self._opening, self._ctx
        if consult_id is None:
            op = Operation.from_future(ctx.services.consults.create_draft(patient.id))
        else:
            op = Operation.from_future(ctx.services.consults.open(consult_id))

        def opened(c: Consult) -> None:
            if request == self._opening:
                self._bind(c, patient)

        def failed(exc: BaseException) -> None:
            if request == self._opening:
                self._on_failed(exc)

        return op.success(opened).failure(failed).run()

    def _bind(self, c: Consult, patient: Patient) -> None:
        """The one way a consult reaches the screen: every panel is rebuilt from it."""
        self._timer.stop()
        self._dirty = self._saving = self._ready_pending = False
        shown = self.binding.view.consult.id if self.binding.view is not None else None
        if shown != c.id:  # another consult starts at its top, not where the last was read
            self.scroll_area.verticalScrollBar().setValue(0)
        try:
            self.binding.bind(c, patient, self._ctx.today())
        except ConsultMismatch:
            log.error("a consult was offered with another patient; not shown")
            self.binding.clear()
            self.status.setText(self.tr("This consult could not be opened."))
            return
        self.complaints.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.complaints.count() and self.complaints.currentRow() < 0:
            self.complaints.setCurrentRow(0)

    @Slot()
    def on_binding_changed(self) -> None:
        view = self.binding.view
        if view is None:
            self._timer.stop()
            self._dirty = self._saving = self._ready_pending = False
            read_only.clear(self, self.fields)
        else:
            read_only.apply(self, self.fields, view.consult)  # a locked consult looks it
        self.ready_button.setEnabled(view is not None and view.editable)
        allowed = self.may_record()
        if allowed != self._may_record:
            self._may_record = allowed
            self.recording_allowed.emit(allowed)

    def _guard(self, fn: Callable[[T], None]) -> Callable[[T], None]:
        """``fn`` for a result of work on the consult bound now; dropped if it changes."""
        view = self.binding.view
        assert view is not None
        return view.ticket.guard(fn)

    def _flush(self) -> None:
        """Typing not yet saved is saved now, to the consult it was typed in (even while
        an earlier save is in flight: the writer keeps their order)."""
        self._timer.stop()
        if self._dirty:
            self._save()

    def checked_complaints(self) -> list[str]:
        return self.complaints.checked()

    def current(self) -> Consult:
        """The consult as shown on screen."""
        assert self.consult is not None
        return self.fields.values(self.consult)

    @Slot()
    def on_edited(self) -> None:
        if self.consult is None or not lifecycle.is_editable(self.consult):
            return
        self._dirty = True
        self._timer.start()

    @Slot()
    def on_autosave(self) -> Operation[int] | None:
        self._timer.stop()
        if self._saving:  # saved again once the save in flight is done (``_dirty``)
            return None
        return self._save()

    def _save(self) -> Operation[int] | None:
        """The typing on screen, stored as the bound consult's draft."""
        view = self.binding.view
        if view is None or not view.editable:
            return None
        c, consults, ticket = self.current(), self._ctx.services.consults, view.ticket
        self._saving, self._dirty = True, False
        return (
            Operation.from_future(consults.autosave(c))
            .success(ticket.guard(self._on_autosaved))
            .failure(lambda exc: self._on_save_failed(ticket, exc))
            .run()
        )

    def _on_save_failed(self, ticket: Ticket, exc: BaseException) -> None:
        if ticket.live:
            self._on_failed(exc)
            return
        # The consult has left the screen: say so where the operator looks now.
        log.error("saving a consult no longer shown failed: %s", type(exc).__name__)
        if isinstance(exc, StorageError):
            self.storage_failed.emit(storage_error_text(exc))

    def _on_autosaved(self, version: int) -> None:
        self._saving = False
        self.status.setText(self.tr("Draft saved."))
        self.autosaved.emit(version)
        if self._ready_pending:
            self.on_mark_ready()
        elif self._dirty:
            self._timer.start()

    @Slot(list)
    def on_consent(self, consents: list[Consent]) -> None:
        view = self.binding.view
        if view is None:
            return
        cid, p, today = view.consult.id, view.patient, self._ctx.today()
        stored = self._ctx.services.consults.record_consents(cid, consents, p, today)
        guard = view.ticket.guard
        Operation.from_future(stored).success(guard(self._on_consent_stored)).failure(
            guard(self._on_failed)
        ).run()

    def _on_consent_stored(self, stored: Consult) -> None:
        assert self.consult is not None
        self.binding.update(dataclasses.replace(self.consult, consents=stored.consents))
        self.consent.show_recorded(stored.consents)
        self.boxes["consent_teleconsultation"].show_issue(None)
        self.status.setText(self.tr("Consent recorded."))

    @Slot(str, str)
    def on_attach_file(self, path: str, media_type: str) -> None:
        view = self.binding.view
        if view is None:
            return
        media, ticket = self._ctx.services.media, view.ticket
        title = Path(path).name
        self.status.setText(self.tr("Encrypting the attachment…"))
        Operation(lambda: media.store_file(Path(path), media_type)).success(
            lambda r: self._record_attachment(ticket, r, media_type, title)
        ).failure(ticket.guard(self._on_failed)).run()

    def attach_stored(
        self,
        ref: BlobRef,
        thumbnail: BlobRef | None,
        media_type: str,
        title: str,
        ticket: Ticket | None = None,
    ) -> None:
        """Link blobs already in the store (a camera snapshot from desktop.media.snapshot) to
        the consult of ``ticket`` (the one bound when the picture was taken), by default the
        one bound now. It is shown only while that consult is on screen."""
        view = self.binding.view
        ticket = ticket or (view.ticket if view is not None else None)
        if ticket is None:
            return
        media = self._ctx.services.media
        Operation(lambda: media.stored(ref, thumbnail)).success(
            lambda r: self._record_attachment(ticket, r, media_type, title)
        ).failure(ticket.guard(self._on_failed)).run()

    def _record_attachment(
        self,
        ticket: Ticket,
        stored: StoredFile,
        media_type: str,
        title: str,
    ) -> None:
        """Stored in the consult it was added to, even if the screen moved on meanwhile."""
        consults, cid = self._ctx.services.consults, ticket.consult_id
        Operation.from_future(
            consults.attach(cid, stored.ref, stored.thumb, media_type, title)
        ).success(lambda a: self._on_attached(ticket, a, stored.thumb_png)).failure(
            ticket.guard(self._on_failed)
        ).run()

    def _on_attached(self, ticket: Ticket, attachment: Attachment, png: bytes | None) -> None:
        """Shown if its consult is on screen (bound again meanwhile, it may already be)."""
        if self.consult is None or self.consult.id != ticket.consult_id:
            return  # stored in its consult; not this one's to show
        if any(a.id == attachment.id for a in self.consult.attachments):
            return
        self.binding.update(
            dataclasses.replace(self.consult, attachments=[*self.consult.attachments, attachment])
        )
        self.attachments.add(attachment, png)
        self.status.setText(self.tr("Attachment stored."))

    @Slot()
    def on_mark_ready(self) -> None:
        if self.consult is None or self.patient is None:
            return
        if self._saving:  # an autosave is in flight: mark ready right after it
            self._ready_pending = True
            return
        self._ready_pending = False
        if not lifecycle.is_editable(self.consult):
            return
        c, p, today = self.current(), self.patient, self._ctx.today()
        self._timer.stop()
        local = lifecycle.ready_issues(c, p, today)
        if local:
            self._show_issues(local)
            return
        self._saving, self._dirty = True, False  # the typing is saved with the move
        view = self.binding.view
        assert view is not None
        ticket = view.ticket
        queued = self._ctx.services.consults.mark_ready(c, p, today)
        Operation.from_future(queued).success(lambda done: self._on_ready(ticket, p, done)).failure(
            ticket.guard(self._on_ready_failed)
        ).run()

    def _on_ready(self, ticket: Ticket, p: Patient, c: Consult) -> None:
        """Queued: the app hears of it (``ready``) even if another consult is shown now."""
        if ticket.live:
            self._bind(c, p)  # locked now: every panel shows it as stored
            self.status.setText(self.tr("Ready: queued for the hub. The record is now locked."))
        self.ready.emit(c)

    def _on_ready_failed(self, exc: BaseException) -> None:
        self._dirty = True  # rolled back with the move: still to be saved
        self._on_failed(exc)

    def _show_issues(self, found: list[Issue]) -> None:
        vitals_fields = set(self.vitals.boxes) | {"temperature_c"}
        first = show_issues(self.boxes, [i for i in found if i.field not in vitals_fields])
        if any(i.field in vitals_fields for i in found):
            self.vitals.on_changed()
        self.status.setText(self.tr("Not ready yet: see the messages in red."))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ValidationError):
            self._show_issues(exc.issues)
        elif isinstance(exc, lifecycle.ConsultLocked):
            self.status.setText(self.tr("This consult was sent and is locked."))
        elif isinstance(exc, StorageError):
            # Storage full or a damaged file: say which; the fields keep what was typed.
            self.status.setText(storage_error_text(exc))
            self.storage_failed.emit(self.status.text())
        else:
            self.status.setText(self.tr("Could not save. Your typing is kept; try again."))

    @Slot()
    def on_edit_patient(self) -> None:
        if self.patient is not None:
            self._flush()
            self.edit_patient.emit(self.patient)

    def set_patient(self, patient: Patient) -> None:
        """The bound consult's patient was edited (elsewhere): their name and, for consent,
        whether they are a minor and who their guardian is. Typing stays as it is."""
        view = self.binding.view
        if view is None or view.patient.id != patient.id:
            return
        self.binding.update(patient=patient)
        today = self._ctx.today()
        self.heading.show_patient(patient.full_name)
        age = patient.age(today)
        self.vitals.age_years = age[0] if age else None
        latest = latest_answer(view.consult.consents)
        self.consent.set_patient(patient, patient.is_minor(today), latest)

    @Slot(str)
    def on_add_addendum(self, text: str) -> None:
        if self.consult is None:
            return
        added = self._ctx.services.consults.add_addendum(self.consult.id, text)
        Operation.from_future(added).success(self._guard(self._on_addendum)).failure(
            self._guard(self._on_failed)
        ).run()

    def _on_addendum(self, c: Consult) -> None:
        assert self.patient is not None
        self._bind(c, self.patient)
        self.status.setText(self.tr("Addendum added."))

    @Slot()
    def on_close(self) -> None:
        """Typing is saved, the consult leaves the screen (and the camera page)."""
        self._flush()
        self._opening += 1  # an open still on its way is not shown either
        self.binding.clear()
        self.closed.emit()
