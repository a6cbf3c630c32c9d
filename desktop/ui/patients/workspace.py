"""The spoke operator's day in one page: find or register a patient, then the consult
intake. The main window adds this page to its navigation. A sent consult on screen re-reads
itself when a change to it is announced from elsewhere (the hub's news, through storage)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QBoxLayout, QStackedWidget, QWidget

from desktop.changes import Change, Kind
from desktop.core import lifecycle
from desktop.core.consult import Consult
from desktop.core.patient import Patient
from desktop.services.consults import LOCAL_REASONS, same_consult
from desktop.services.patients import OpenedPatient
from desktop.ui.changes import ChangeSignal
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.consult.patient_summary import PatientSummary
from desktop.ui.patients.camera_frames import CameraFrames
from desktop.ui.patients.patient_page import PatientPage
from desktop.ui.patients.registration_form import PatientRegistrationForm
from desktop.ui.patients.search_page import PatientSearchPage
from desktop.ui.tasks import Operation


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
        self._changes = ChangeSignal(context.services.bus, self)
        self._changes.changed.connect(self.on_changed)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        """A consult (or its prescription) changed elsewhere: the consult on screen re-reads
        it from storage, unless it is a draft being typed (the hub never changes drafts)."""
        consult, patient = self.intake.consult, self.intake.patient
        if change.kind not in (Kind.CONSULT, Kind.PRESCRIPTION) or consult is None:
            return
        if change.reason in LOCAL_REASONS or patient is None:
            return
        if change.ids and not any(same_consult(i, consult.id) for i in change.ids):
            return
        if not lifecycle.is_editable(consult):
            self.intake.open_for(patient, consult.id)

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
        patients = self._ctx.services.patients
        Operation.from_future(patients.open(patient_id)).success(self._open_consult).run()

    def open_consult(self, consult_id: str) -> None:
        """Show a stored consult (from the worklist or the patient's history)."""
        patients = self._ctx.services.patients
        Operation.from_future(patients.open_of_consult(consult_id)).success(
            self._open_consult
        ).run()

    def _open_consult(self, found: OpenedPatient | None) -> None:
        if found is None:
            return
        self.setCurrentWidget(self.intake)
        self.intake.open_for(found.patient, found.consult_id)

    @Slot(object)
    def on_patient_saved(self, patient: Patient) -> None:
        """A registered patient (new, or the existing one chosen as "same person") goes to
        their open draft consult if they have one, else to a new draft."""
        patients = self._ctx.services.patients
        Operation(lambda: patients.open_draft(patient.id)).success(
            lambda draft: self._open_consult(OpenedPatient(patient, draft))
        ).run()

    @Slot()
    def on_back_to_search(self) -> None:
        self.setCurrentWidget(self.search)  # re-read on show if a patient changed meanwhile
        self.search.focus_search()

    @Slot(object)
    def on_consult_ready(self, consult: Consult) -> None:
        self.consult_ready.emit(consult)
