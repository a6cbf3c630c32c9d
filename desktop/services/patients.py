"""Patients: register, correct, find, open (audited) and their history."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desktop.changes import Change, Kind
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.services.clinic import Clinic
from desktop.storage import audited_reads, consult_repo, daybook, patient_repo
from desktop.storage.audited_reads import PatientFinder
from desktop.storage.blobs import BlobRef
from desktop.storage.daybook import HistoryItem
from desktop.storage.patient_repo import Registration
from desktop.storage.patient_search import PatientSummary

__all__ = ["HistoryItem", "OpenedPatient", "PatientService", "PatientSummary", "Registration"]


@dataclass(frozen=True)
class OpenedPatient:
    """A patient opened for the consult screen, and the consult to show (None: a new one)."""

    patient: Patient
    consult_id: str | None


def _open_draft(session: Session, patient_id: str) -> str | None:
    drafts = consult_repo.drafts_for(session, patient_id)
    return drafts[0] if drafts else None


class PatientService:
    def __init__(self, clinic: Clinic) -> None:
        self._clinic = clinic
        self.finder = PatientFinder(clinic.db, clinic.writer, clinic.actor)

    def register(
        self,
        patient: Patient,
        today: date,
        decision: Decision | None = None,
        same_as: str | None = None,
        photo: BlobRef | None = None,
    ) -> Future[Registration]:
        actor = self._clinic.actor

        def announce(r: Registration) -> list[Change]:
            if not r.saved:
                return []
            return [Change(Kind.PATIENT, (r.patient.id,), "registered"), Change(Kind.OUTBOX)]

        return self._clinic.write(
            lambda s: patient_repo.register(s, patient, actor, today, decision, same_as, photo),
            announce,
        )

    def update(
        self, patient: Patient, today: date, photo: BlobRef | None = None
    ) -> Future[Patient]:
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: patient_repo.update(s, patient, actor, today, photo),
            lambda p: [Change(Kind.PATIENT, (p.id,), "saved"), Change(Kind.OUTBOX)],
        )

    def open(self, patient_id: str) -> Future[OpenedPatient | None]:
        """The patient (the read is audited) and their newest open draft consult, if any."""
        actor = self._clinic.actor

        def run(session: Session) -> OpenedPatient | None:
            patient = patient_repo.get(session, patient_id)
            if patient is None:
                return None
            patient_repo.record_read(session, actor, patient_id)
            return OpenedPatient(patient, _open_draft(session, patient_id))

        return self._clinic.write(run)

    def open_of_consult(self, consult_id: str) -> Future[OpenedPatient | None]:
        """The patient of a stored consult (audited read), with that consult."""
        actor = self._clinic.actor

        def run(session: Session) -> OpenedPatient | None:
            patient_id = consult_repo.load(session, consult_id).patient_id
            patient = patient_repo.get(session, patient_id)
            if patient is None:
                return None
            patient_repo.record_read(session, actor, patient_id)
            return OpenedPatient(patient, consult_id)

        return self._clinic.write(run)

    def name_of_consult(self, consult_id: str) -> Future[str]:
        """The full name of a consult's patient, for a banner ("" if the consult is not on
        this PC); the read is audited (the name is shown)."""
        actor = self._clinic.actor

        def run(session: Session) -> str:
            try:
                patient_id = consult_repo.load(session, consult_id).patient_id
            except LookupError:
                return ""
            patient = audited_reads.open_patient(session, patient_id, actor)
            return patient.full_name if patient is not None else ""

        return self._clinic.write(run)

    def open_draft(self, patient_id: str) -> str | None:
        """The patient's newest open draft consult (blocking read)."""
        return self._clinic.read(lambda s: _open_draft(s, patient_id))

    def history(self, patient_id: str) -> Future[list[HistoryItem]]:
        """The patient's consults and changes, newest first (audited read)."""
        actor = self._clinic.actor
        return self._clinic.write(lambda s: daybook.history(s, patient_id, actor))

    def search(self, query: str, limit: int = 100) -> list[PatientSummary]:
        return self.finder.search(query, limit)
