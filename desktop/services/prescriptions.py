"""Prescriptions at the spoke: the sheet to show and print (current verified version and its
history), print audit (only a verified one prints), referral status, the follow-ups due on a
date and the consult that follows one up. Writes announce Kind.PRESCRIPTION or CONSULT."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import date

from desktop.changes import Change, Kind
from desktop.core.consult import Consult
from desktop.services.clinic import Clinic
from desktop.storage import rx_repo
from desktop.storage.hub_news import StoredPrescription
from desktop.storage.rx_repo import REFERRAL_STATUSES, DueItem, NotPrintable, RxSheet

__all__ = [
    "REFERRAL_STATUSES",
    "DueItem",
    "NotPrintable",
    "PrescriptionService",
    "RxSheet",
    "StoredPrescription",
]


class PrescriptionService:
    def __init__(self, clinic: Clinic) -> None:
        self._clinic = clinic

    def sheet(self, consult_id: str) -> Future[RxSheet | None]:
        """The consult's prescriptions with its patient and facility (audited read)."""
        actor = self._clinic.actor
        return self._clinic.write(lambda s: rx_repo.sheet(s, consult_id, actor))

    def record_print(self, prescription_id: str, what: str = "prescription") -> Future[None]:
        """Before a print or a saved PDF: one audit entry; fails with NotPrintable for a
        prescription that did not verify. Announced: the worklist and the dashboard drop a
        printed prescription."""
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: rx_repo.record_print(s, prescription_id, actor, what),
            lambda _: [Change(Kind.PRESCRIPTION, (prescription_id,), "printed")],
        )

    def set_referral_status(self, prescription_id: str, status: str) -> Future[str]:
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: rx_repo.set_referral_status(s, prescription_id, status, actor),
            lambda _: [Change(Kind.PRESCRIPTION, (prescription_id,), "referral")],
        )

    def follow_ups_due(self, today: date) -> Future[list[DueItem]]:
        actor = self._clinic.actor
        return self._clinic.write(lambda s: rx_repo.follow_ups_due(s, today, actor))

    def start_follow_up(self, earlier_consult_id: str) -> Future[Consult]:
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: rx_repo.start_follow_up(s, earlier_consult_id, actor),
            lambda c: [Change(Kind.CONSULT, (c.id,), "created")],
        )

    def doctor_key(self, doctor_id: str) -> str | None:
        """The cached signing key of a doctor (blocking read: call from an Operation)."""
        return self._clinic.read(lambda s: rx_repo.known_doctor_key(s, doctor_id))
