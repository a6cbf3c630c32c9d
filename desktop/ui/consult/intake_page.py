"""Consult intake for one patient: complaints and history, vitals, specialty and priority,
attachments and consent; autosaved as a draft while typing, locked once marked ready.

Keys: Tab moves through the fields, Enter saves the draft now, Ctrl+Enter marks it ready,
Ctrl+O attaches a file, Ctrl+K records consent, Esc closes.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
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
from desktop.ui import messages
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult import read_only
from desktop.ui.consult.intake_fields import IntakeFields
from desktop.ui.form_support import show_issues
from desktop.ui.storage_messages import storage_error_text
from desktop.ui.tasks import Operation

AUTOSAVE_MS = 800


class ConsultIntakePage(QWidget):
    """Intake form of one consult.

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

    _consult: Consult | None

    @property
    def consult(self) -> Consult | None:
        return self._consult

    @consult.setter
    def consult(self, value: Consult | None) -> None:
        before = self.may_record()
        self._consult = value
        if self.may_record() != before:
            self.recording_allowed.emit(self.may_record())

    def may_record(self) -> bool:
        """True only with an open consult whose latest recording consent is a yes."""
        return self._consult is not None and consent_rules.granted(
            self._consult.consents, ConsentKind.RECORDING
        )

    def __init__(self, context: ClinicContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultIntakePage")
        self._ctx = context
        self.patient: Patient | None = None
        self._consult = None
        self._dirty = False
        self._saving = False
        self._ready_pending = False

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        self.ready_button = QPushButton()
        self.close_button = QPushButton()
        self.edit_patient_button = QPushButton()
        self.fields = IntakeFields(context.actor.username, context.temperature_unit)
        f = self.fields
        # The parts tests and the main window reach for, under short names.
        self.complaints, self.complaint_text = f.complaints, f.complaint_text
        self.duration, self.conditions, self.medicines = f.duration, f.conditions, f.medicines
        self.vitals, self.specialty, self.consent = f.vitals, f.specialty, f.consent
        self.attachments, self.addendum_group, self.boxes = f.attachments, f.addendum_group, f.boxes

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.edit_patient_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.ready_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        chain = [*self.fields.tab_chain(), self.ready_button, self.close_button]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.on_autosave)
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

    # -- text -------------------------------------------------------------------------
    def retranslate(self) -> None:
        name = self.patient.full_name if self.patient else ""
        self.heading.setText(self.tr("Consult for {name}").format(name=name))
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

    # -- loading ----------------------------------------------------------------------
    def open_for(self, patient: Patient, consult_id: str | None = None) -> Operation[Consult]:
        """Show a consult of ``patient``: an existing draft, or a new one."""
        self.patient = patient
        today = self._ctx.today()
        age = patient.age(today)
        self.vitals.age_years = age[0] if age else None
        self.consent.set_patient(patient, patient.is_minor(today))
        consults = self._ctx.services.consults
        if consult_id is None:
            op = Operation.from_future(consults.create_draft(patient.id))
        else:
            op = Operation.from_future(consults.open(consult_id))
        return op.success(self._show).failure(self._on_failed).run()

    def _show(self, c: Consult) -> None:
        self.consult = c
        self.fields.load(c)
        self._set_locked(not lifecycle.is_editable(c))
        self.retranslate()
        self.status.setText(messages.label(c.status.value))
        self.complaints.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.complaints.count() and self.complaints.currentRow() < 0:
            self.complaints.setCurrentRow(0)

    def _set_locked(self, locked: bool) -> None:
        assert self.consult is not None
        self.fields.set_locked(self.consult)
        read_only.apply(self, self.fields, self.consult)
        self.ready_button.setEnabled(not locked)

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
        if self.consult is None or not lifecycle.is_editable(self.consult) or self._saving:
            return None
        c, consults = self.current(), self._ctx.services.consults
        self._saving, self._dirty = True, False
        return (
            Operation.from_future(consults.autosave(c))
            .success(self._on_autosaved)
            .failure(self._on_failed)
            .run()
        )

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
        if self.consult is None or self.patient is None:
            return
        cid, p, today = self.consult.id, self.patient, self._ctx.today()
        stored = self._ctx.services.consults.record_consents(cid, consents, p, today)
        Operation.from_future(stored).success(self._on_consent_stored).failure(
            self._on_failed
        ).run()

    def _on_consent_stored(self, stored: Consult) -> None:
        assert self.consult is not None
        self.consult = dataclasses.replace(self.consult, consents=stored.consents)
        self.consent.show_recorded(stored.consents)
        self.boxes["consent_teleconsultation"].show_issue(None)
        self.status.setText(self.tr("Consent recorded."))

    @Slot(str, str)
    def on_attach_file(self, path: str, media_type: str) -> None:
        if self.consult is None:
            return
        media, cid = self._ctx.services.media, self.consult.id
        title = Path(path).name
        self.status.setText(self.tr("Encrypting the attachment…"))
        Operation(lambda: media.store_file(Path(path), media_type)).success(
            lambda r: self._record_attachment(cid, r, media_type, title)
        ).failure(self._on_failed).run()

    def attach_stored(
        self, ref: BlobRef, thumbnail: BlobRef | None, media_type: str, title: str
    ) -> None:
        """Link blobs already in the store (a camera snapshot from desktop.media.snapshot)."""
        if self.consult is None:
            return
        cid, media = self.consult.id, self._ctx.services.media
        Operation(lambda: media.stored(ref, thumbnail)).success(
            lambda r: self._record_attachment(cid, r, media_type, title)
        ).failure(self._on_failed).run()

    def _record_attachment(
        self,
        cid: str,
        stored: StoredFile,
        media_type: str,
        title: str,
    ) -> None:
        consults = self._ctx.services.consults
        Operation.from_future(
            consults.attach(cid, stored.ref, stored.thumb, media_type, title)
        ).success(lambda a: self._on_attached(a, stored.thumb_png)).failure(self._on_failed).run()

    def _on_attached(self, attachment: Attachment, thumb_png: bytes | None) -> None:
        assert self.consult is not None
        self.consult = dataclasses.replace(
            self.consult, attachments=[*self.consult.attachments, attachment]
        )
        self.attachments.add(attachment, thumb_png)
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

        self._saving = True
        queued = self._ctx.services.consults.mark_ready(c, p, today)
        Operation.from_future(queued).success(self._on_ready).failure(self._on_failed).run()

    def _on_ready(self, c: Consult) -> None:
        self._saving = False
        self.consult = c
        self._set_locked(True)
        show_issues(self.boxes, [])
        self.status.setText(self.tr("Ready: queued for the hub. The record is now locked."))
        self.ready.emit(c)

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
            if self._dirty:
                self.on_autosave()
            self.edit_patient.emit(self.patient)

    def set_patient(self, patient: Patient) -> None:
        """The patient's details changed (edited elsewhere)."""
        self.patient = patient
        self.retranslate()

    @Slot(str)
    def on_add_addendum(self, text: str) -> None:
        if self.consult is None:
            return
        added = self._ctx.services.consults.add_addendum(self.consult.id, text)
        Operation.from_future(added).success(self._on_addendum).failure(self._on_failed).run()

    def _on_addendum(self, c: Consult) -> None:
        self.consult = c
        self.addendum_group.text.clear()
        self._set_locked(True)
        self.status.setText(self.tr("Addendum added."))

    @Slot()
    def on_close(self) -> None:
        if self._dirty:
            self.on_autosave()
        self.closed.emit()
