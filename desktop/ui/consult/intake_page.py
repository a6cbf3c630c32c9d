"""Consult intake for one patient: complaints and history, vitals, specialty and priority,
attachments and consent; autosaved as a draft while typing, locked once marked ready.

Keys: Tab moves through the fields, Enter saves the draft now, Ctrl+Enter marks it ready,
Ctrl+O attaches a file, Ctrl+K records consent, Esc closes.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core import lifecycle
from desktop.core.consent import Consent
from desktop.core.consult import (
    COMMON_COMPLAINTS,
    DURATION_UNITS,
    SPECIALTIES,
    Attachment,
    Consult,
    Priority,
)
from desktop.core.issues import Issue, ValidationError
from desktop.core.patient import Patient
from desktop.storage import consult_repo
from desktop.storage.blobs import BlobRef
from desktop.ui import messages
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.attachments_panel import AttachmentsPanel
from desktop.ui.consult.consent_panel import ConsentPanel
from desktop.ui.consult.vitals_editor import VitalsEditor
from desktop.ui.form_support import FieldBox, show_issues
from desktop.ui.tasks import Operation

AUTOSAVE_MS = 800


class ConsultIntakePage(QWidget):
    """Intake form of one consult.

    Signals:
        ready(object): the ``Consult`` after it was queued for the hub.
        closed(): Esc or Close.
        autosaved(int): the stored draft version after an autosave.
        edit_patient(object): the operator wants to correct the patient's details.
    """

    ready = Signal(object)
    closed = Signal()
    autosaved = Signal(int)
    edit_patient = Signal(object)

    def __init__(self, context: ClinicContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultIntakePage")
        self._ctx = context
        self.patient: Patient | None = None
        self.consult: Consult | None = None
        self._dirty = False
        self._saving = False
        self._ready_pending = False

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        self.complaints = QListWidget()
        self.complaints.setMaximumHeight(130)
        self.complaints.setFlow(QListWidget.Flow.LeftToRight)
        self.complaints.setWrapping(True)
        self.complaint_text = QPlainTextEdit()
        self.complaint_text.setTabChangesFocus(True)
        self.complaint_text.setMaximumHeight(70)
        self.duration = QSpinBox()
        self.duration.setRange(0, 999)
        self.duration_unit = QComboBox()
        self.conditions = QLineEdit()
        self.allergies = QLineEdit()
        self.medicines = QLineEdit()
        self.vitals = VitalsEditor(context.temperature_unit)
        self.specialty = QComboBox()
        self.priority = QComboBox()
        self.attachments = AttachmentsPanel()
        self.consent = ConsentPanel(context.actor.username)
        self.ready_button = QPushButton()
        self.close_button = QPushButton()
        self.edit_patient_button = QPushButton()
        self.addendum = QPlainTextEdit()
        self.addendum.setTabChangesFocus(True)
        self.addendum.setMaximumHeight(60)
        self.addendum_button = QPushButton()
        self.addenda = QLabel()
        self.addenda.setWordWrap(True)

        duration_row = QWidget()
        d = QHBoxLayout(duration_row)
        d.setContentsMargins(0, 0, 0, 0)
        d.addWidget(self.duration)
        d.addWidget(self.duration_unit)
        d.addStretch(1)
        self.boxes: dict[str, FieldBox] = {
            "complaints": FieldBox(self.complaints),
            "complaint_text": FieldBox(self.complaint_text),
            "duration": FieldBox(duration_row),
            "conditions": FieldBox(self.conditions),
            "allergies": FieldBox(self.allergies),
            "medicines": FieldBox(self.medicines),
            "specialty": FieldBox(self.specialty),
            "priority": FieldBox(self.priority),
            "consent_teleconsultation": FieldBox(self.consent),
        }
        self.boxes["duration"].setFocusProxy(self.duration)
        self.boxes["consent_teleconsultation"].setFocusProxy(self.consent.teleconsultation)
        self.labels = {name: QLabel() for name in self.boxes}

        self.history_group = QGroupBox()
        history = QFormLayout(self.history_group)
        for name in (
            "complaints",
            "complaint_text",
            "duration",
            "conditions",
            "allergies",
            "medicines",
        ):
            history.addRow(self.labels[name], self.boxes[name])
        self.vitals_group = QGroupBox()
        QVBoxLayout(self.vitals_group).addWidget(self.vitals)
        self.referral_group = QGroupBox()
        referral = QFormLayout(self.referral_group)
        referral.addRow(self.labels["specialty"], self.boxes["specialty"])
        referral.addRow(self.labels["priority"], self.boxes["priority"])
        self.attachments_group = QGroupBox()
        QVBoxLayout(self.attachments_group).addWidget(self.attachments)
        self.consent_group = QGroupBox()
        QVBoxLayout(self.consent_group).addWidget(self.boxes["consent_teleconsultation"])
        self.addendum_group = QGroupBox()
        addendum_layout = QVBoxLayout(self.addendum_group)
        addendum_layout.addWidget(self.addenda)
        addendum_layout.addWidget(self.addendum)
        addendum_layout.addWidget(self.addendum_button)
        self.addendum_group.hide()  # only once the consult has left the draft state

        body = QWidget()
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.history_group)
        left.addWidget(self.vitals_group)
        left.addStretch(1)
        right.addWidget(self.referral_group)
        right.addWidget(self.consent_group)
        right.addWidget(self.attachments_group)
        right.addWidget(self.addendum_group)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
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

        chain: list[QWidget] = [
            self.complaints,
            self.complaint_text,
            self.duration,
            self.duration_unit,
            self.conditions,
            self.allergies,
            self.medicines,
            *self.vitals.edits.values(),
            self.specialty,
            self.priority,
            self.consent.teleconsultation,
            self.consent.recording,
            self.consent.given_by,
            self.consent.guardian_name,
            self.consent.record_button,
            self.attachments.add_button,
            self.ready_button,
            self.close_button,
        ]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.on_autosave)
        for signal in (
            self.complaints.itemChanged,
            self.complaint_text.textChanged,
            self.duration.valueChanged,
            self.duration_unit.currentIndexChanged,
            self.conditions.textChanged,
            self.allergies.textChanged,
            self.medicines.textChanged,
            self.vitals.edited,
            self.specialty.currentIndexChanged,
            self.priority.currentIndexChanged,
        ):
            signal.connect(self.on_edited)
        self.consent.recorded.connect(self.on_consent)
        self.attachments.file_chosen.connect(self.on_attach_file)
        self.ready_button.clicked.connect(self.on_mark_ready)
        self.close_button.clicked.connect(self.on_close)
        self.edit_patient_button.clicked.connect(self.on_edit_patient)
        self.addendum_button.clicked.connect(self.on_add_addendum)
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
        texts = {
            "complaints": self.tr("Common complaints"),
            "complaint_text": self.tr("Complaints in words"),
            "duration": self.tr("For how long"),
            "conditions": self.tr("Known conditions"),
            "allergies": self.tr("Allergies"),
            "medicines": self.tr("Current medicines"),
            "specialty": self.tr("Specialty"),
            "priority": self.tr("Priority"),
            "consent_teleconsultation": "",
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.history_group.setTitle(self.tr("Complaints and history"))
        self.vitals_group.setTitle(self.tr("Vitals"))
        self.referral_group.setTitle(self.tr("Referral"))
        self.attachments_group.setTitle(self.tr("Attachments"))
        self.consent_group.setTitle(self.tr("Consent"))
        self.ready_button.setText(self.tr("Mark ready for the hub (Ctrl+Enter)"))
        self.close_button.setText(self.tr("Close (Esc)"))
        self.edit_patient_button.setText(self.tr("Edit patient details (Ctrl+E)"))
        self.addendum_group.setTitle(self.tr("Addendum"))
        self.addendum_button.setText(self.tr("Add addendum"))
        self.addendum.setPlaceholderText(
            self.tr("The record is locked once sent. Add what changed here.")
        )
        self.complaint_text.setPlaceholderText(self.tr("In the patient's words"))
        self.medicines.setPlaceholderText(self.tr("name, dose, how often"))
        checked = set(self.checked_complaints())
        self.complaints.blockSignals(True)
        self.complaints.clear()
        for code in COMMON_COMPLAINTS:
            item = QListWidgetItem(messages.label(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if code in checked else Qt.CheckState.Unchecked
            )
            self.complaints.addItem(item)
        self.complaints.blockSignals(False)
        for combo, codes, blank in (
            (self.duration_unit, DURATION_UNITS, False),
            (self.specialty, SPECIALTIES, True),
            (self.priority, tuple(p.value for p in Priority), False),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if blank:
                combo.addItem("", "")
            for code in codes:
                combo.addItem(messages.label(code), code)
            index = combo.findData(keep)
            combo.setCurrentIndex(
                index if index >= 0 else (1 if combo is self.duration_unit else 0)
            )
            combo.blockSignals(False)

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
        ctx = self._ctx
        if consult_id is None:
            op = ctx.write(lambda s: consult_repo.create_draft(s, patient.id, ctx.actor))
        else:
            op = ctx.read(lambda s: consult_repo.load(s, consult_id))
        return op.success(self._show).failure(self._on_failed).run()

    def _show(self, c: Consult) -> None:
        self.consult = c
        widgets = [self.complaints, self.complaint_text, self.duration, self.duration_unit]
        widgets += [self.conditions, self.allergies, self.medicines, self.specialty, self.priority]
        for w in widgets:
            w.blockSignals(True)
        for i in range(self.complaints.count()):
            item = self.complaints.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in c.complaints
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.complaint_text.setPlainText(c.complaint_text)
        self.duration.setValue(c.duration_value or 0)
        self.duration_unit.setCurrentIndex(max(0, self.duration_unit.findData(c.duration_unit)))
        self.conditions.setText(c.conditions)
        self.allergies.setText(c.allergies)
        self.medicines.setText(c.medicines)
        self.specialty.setCurrentIndex(max(0, self.specialty.findData(c.specialty)))
        self.priority.setCurrentIndex(max(0, self.priority.findData(c.priority.value)))
        for w in widgets:
            w.blockSignals(False)
        self.vitals.blockSignals(True)
        self.vitals.set_vitals(c.vitals)
        self.vitals.blockSignals(False)
        if c.consents:
            self.consent.show_recorded(c.consents)
        self._set_locked(not lifecycle.is_editable(c))
        self.retranslate()
        self.status.setText(messages.label(c.status.value))
        self.complaints.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.complaints.count() and self.complaints.currentRow() < 0:
            self.complaints.setCurrentRow(0)

    def _set_locked(self, locked: bool) -> None:
        for w in (
            self.complaints,
            self.duration,
            self.duration_unit,
            self.specialty,
            self.priority,
        ):
            w.setEnabled(not locked)
        for edit in (self.conditions, self.allergies, self.medicines):
            edit.setReadOnly(locked)
        self.complaint_text.setReadOnly(locked)
        self.vitals.set_enabled(not locked)
        self.consent.setEnabled(not locked)
        self.attachments.add_button.setEnabled(not locked)
        self.ready_button.setEnabled(not locked)
        can_add = self.consult is not None and self.consult.status in lifecycle.ADDENDUM_STATES
        self.addendum_group.setVisible(can_add)
        if self.consult is not None:
            self.addenda.setText(
                "\n".join(
                    f"{a.added_at.astimezone().strftime('%d-%m-%Y %H:%M')} {a.author}: {a.text}"
                    for a in self.consult.addenda
                )
            )

    # -- editing ----------------------------------------------------------------------
    def checked_complaints(self) -> list[str]:
        return [
            str(self.complaints.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.complaints.count())
            if self.complaints.item(i).checkState() == Qt.CheckState.Checked
        ]

    def current(self) -> Consult:
        """The consult as shown on screen."""
        assert self.consult is not None
        return dataclasses.replace(
            self.consult,
            complaints=self.checked_complaints(),
            complaint_text=self.complaint_text.toPlainText(),
            duration_value=self.duration.value() or None,
            duration_unit=str(self.duration_unit.currentData()),
            conditions=self.conditions.text(),
            allergies=self.allergies.text(),
            medicines=self.medicines.text(),
            vitals=self.vitals.vitals(),
            specialty=str(self.specialty.currentData() or ""),
            priority=Priority(self.priority.currentData() or Priority.ROUTINE.value),
        )

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
        c, ctx = self.current(), self._ctx
        self._saving, self._dirty = True, False
        return (
            ctx.write(lambda s: consult_repo.autosave(s, c, ctx.actor))
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
        cid, p, today, ctx = self.consult.id, self.patient, self._ctx.today(), self._ctx

        def store(session: Session) -> Consult:
            for given in consents:
                consult_repo.record_consent(session, cid, given, p, today, ctx.actor)
            return consult_repo.load(session, cid)

        ctx.write(store).success(self._on_consent_stored).failure(self._on_failed).run()

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
        store, cid = self._ctx.blobs, self.consult.id
        title = Path(path).name

        def encrypt() -> tuple[BlobRef, BlobRef | None, bytes | None]:
            data = Path(path).read_bytes()
            ref, thumb = consult_repo.store_attachment_blobs(store, data, media_type)
            return ref, thumb, store.read_all(thumb.blob_id) if thumb else None

        self.status.setText(self.tr("Encrypting the attachment…"))
        Operation(encrypt).success(
            lambda r: self._record_attachment(cid, r, media_type, title)
        ).failure(self._on_failed).run()

    def attach_stored(
        self, ref: BlobRef, thumbnail: BlobRef | None, media_type: str, title: str
    ) -> None:
        """Link blobs already in the store (a camera snapshot from desktop.media.snapshot)."""
        if self.consult is None:
            return
        cid, store = self.consult.id, self._ctx.blobs

        def read_thumb() -> tuple[BlobRef, BlobRef | None, bytes | None]:
            return ref, thumbnail, store.read_all(thumbnail.blob_id) if thumbnail else None

        Operation(read_thumb).success(
            lambda r: self._record_attachment(cid, r, media_type, title)
        ).failure(self._on_failed).run()

    def _record_attachment(
        self,
        cid: str,
        result: tuple[BlobRef, BlobRef | None, bytes | None],
        media_type: str,
        title: str,
    ) -> None:
        ref, thumb, thumb_png = result
        ctx = self._ctx
        ctx.write(
            lambda s: consult_repo.attach(s, cid, ref, thumb, media_type, title, ctx.actor)
        ).success(lambda a: self._on_attached(a, thumb_png)).failure(self._on_failed).run()

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
        c, p, today, ctx = self.current(), self.patient, self._ctx.today(), self._ctx
        self._timer.stop()
        local = lifecycle.ready_issues(c, p, today)
        if local:
            self._show_issues(local)
            return

        def save_and_queue(session: Session) -> Consult:
            consult_repo.autosave(session, c, ctx.actor)
            return consult_repo.mark_ready(session, c.id, p, today, ctx.actor)

        self._saving = True
        ctx.write(save_and_queue).success(self._on_ready).failure(self._on_failed).run()

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

    @Slot()
    def on_add_addendum(self) -> None:
        if self.consult is None:
            return
        text, cid, ctx = self.addendum.toPlainText(), self.consult.id, self._ctx
        ctx.write(
            lambda s: consult_repo.add_addendum(s, cid, text, ctx.actor, datetime.now(UTC))
        ).success(self._on_addendum).failure(self._on_failed).run()

    def _on_addendum(self, c: Consult) -> None:
        self.consult = c
        self.addendum.clear()
        self._set_locked(True)
        self.status.setText(self.tr("Addendum added."))

    @Slot()
    def on_close(self) -> None:
        if self._dirty:
            self.on_autosave()
        self.closed.emit()
