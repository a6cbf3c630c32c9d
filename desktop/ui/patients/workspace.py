"""The spoke operator's day in one page: find or register a patient, then the consult
intake. The main window adds this page to its navigation."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QBoxLayout, QStackedWidget, QWidget
from sqlalchemy.orm import Session

from desktop.core.consult import Consult
from desktop.core.patient import Patient
from desktop.storage import consult_repo, patient_repo
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.consult.patient_summary import PatientSummary
from desktop.ui.patients.camera_frames import CameraFrames
from desktop.ui.patients.patient_page import PatientPage
from desktop.ui.patients.registration_form import PatientRegistrationForm
from desktop.ui.patients.search_page import PatientSearchPage


class SpokeWorkspace(QStackedWidget):
    """Search -> (new patient) -> consult intake -> back to search.

    Signals:
        consult_ready(object): a consult was queued for the hub.
    """

    consult_ready = Signal(object)

    def __init__(self, context: ClinicContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spokeWorkspace")
        self._ctx = context
        self._camera: CameraFrames | None = None
        self.search = PatientSearchPage(context)
        self.registration = PatientRegistrationForm(context)
        self.intake = ConsultIntakePage(context)
        self.patient_page = PatientPage(context)
        # The patient summary stays visible above the consult: a panel of its binding.
        self.summary = PatientSummary(context.today)
        self.summary.follow_allergies(self.intake.fields.allergies)
        intake_layout = self.intake.layout()
        assert isinstance(intake_layout, QBoxLayout)
        intake_layout.insertWidget(1, self.summary)  # under the heading
        for page in (self.search, self.registration, self.intake, self.patient_page):
            self.addWidget(page)
        self.patient_page.open_consult.connect(self.open_consult)
        self.patient_page.start_consult.connect(self.on_patient_saved)
        self.patient_page.back.connect(self.on_back_to_search)
        self.search.new_patient.connect(self.on_new_patient)
        self.search.open_patient.connect(self.on_open_patient)
        self.registration.saved.connect(self.on_patient_saved)
        self.registration.same_person.connect(self.on_show_patient)
        self.registration.cancelled.connect(self.on_back_to_search)
        self.intake.closed.connect(self.on_back_to_search)
        self.intake.ready.connect(self.on_consult_ready)
        self.intake.edit_patient.connect(self.on_edit_patient)

    @property
    def context(self) -> ClinicContext:
        return self._ctx

    def set_camera(self, latest: CameraFrames | None) -> None:
        """Camera frames for the registration form (photo, ABHA QR); see ``camera_frames``."""
        self._camera = latest
        self.registration.set_camera(latest)

    def start(self) -> None:
        self.setCurrentWidget(self.search)
        self.search.start()
        self.search.focus_search()

    @Slot()
    def on_new_patient(self) -> None:
        self._fresh_registration()
        self.setCurrentWidget(self.registration)
        self.registration.given_name.setFocus()

    def _fresh_registration(self) -> PatientRegistrationForm:
        old = self.registration
        self.registration = PatientRegistrationForm(self._ctx)
        self.registration.set_camera(self._camera)
        self.registration.saved.connect(self.on_patient_saved)
        self.registration.same_person.connect(self.on_show_patient)
        self.registration.cancelled.connect(self.on_back_to_search)
        self.insertWidget(self.indexOf(old), self.registration)
        self.removeWidget(old)
        old.deleteLater()
        return self.registration

    @Slot(object)
    def on_edit_patient(self, patient: Patient) -> None:
        form = self._fresh_registration()
        form.saved.disconnect(self.on_patient_saved)
        form.cancelled.disconnect(self.on_back_to_search)
        form.saved.connect(self.on_patient_edited)
        form.cancelled.connect(lambda: self.setCurrentWidget(self.intake))
        form.edit(patient)
        self.setCurrentWidget(form)
        form.given_name.setFocus()

    @Slot(object)
    def on_show_patient(self, patient: Patient) -> None:
        """The patient's page with their history (e.g. chosen as "same person")."""
        self.patient_page.show_patient(patient)
        self.setCurrentWidget(self.patient_page)
        self.patient_page.start_button.setFocus()

    @Slot(object)
    def on_patient_edited(self, patient: Patient) -> None:
        self.intake.set_patient(patient)
        self.summary.show_patient(patient, self.intake.fields.allergies.text())
        self.setCurrentWidget(self.intake)

    @Slot(str)
    def on_open_patient(self, patient_id: str) -> None:
        ctx = self._ctx
        ctx.write(lambda s: _read_for_consult(s, ctx, patient_id)).success(self._open_consult).run()

    def open_consult(self, consult_id: str) -> None:
        """Show a stored consult (from the worklist or the patient's history)."""
        ctx = self._ctx
        ctx.write(lambda s: _read_consult_patient(s, ctx, consult_id)).success(
            self._open_consult
        ).run()

    def _open_consult(self, found: tuple[Patient, str | None] | None) -> None:
        if found is None:
            return
        patient, draft = found
        self.setCurrentWidget(self.intake)
        self.intake.open_for(patient, draft)

    @Slot(object)
    def on_patient_saved(self, patient: Patient) -> None:
        """A registered patient (new, or the existing one chosen as "same person") goes to
        their open draft consult if they have one, else to a new draft."""
        ctx = self._ctx
        ctx.read(lambda s: _open_draft(s, patient.id)).success(
            lambda draft: self._open_consult((patient, draft))
        ).run()

    @Slot()
    def on_back_to_search(self) -> None:
        self.setCurrentWidget(self.search)
        self.search.model.reload()
        self.search.focus_search()

    @Slot(object)
    def on_consult_ready(self, consult: Consult) -> None:
        self.consult_ready.emit(consult)


def _read_for_consult(
    session: Session, ctx: ClinicContext, patient_id: str
) -> tuple[Patient, str | None] | None:
    """Load the patient (audited as a read) and their open draft, if any."""
    patient = patient_repo.get(session, patient_id)
    if patient is None:
        return None
    patient_repo.record_read(session, ctx.actor, patient_id)
    return patient, _open_draft(session, patient_id)


def _open_draft(session: Session, patient_id: str) -> str | None:
    """The patient's newest open draft consult, if any."""
    drafts = consult_repo.drafts_for(session, patient_id)
    return drafts[0] if drafts else None


def _read_consult_patient(
    session: Session, ctx: ClinicContext, consult_id: str
) -> tuple[Patient, str | None] | None:
    """The patient of a stored consult (audited as a read) and that consult's id."""
    patient_id = consult_repo.load(session, consult_id).patient_id
    found = _read_for_consult(session, ctx, patient_id)
    return (found[0], consult_id) if found is not None else None
