"""Consults: draft, autosave, consent, attachments, ready (queued for the hub), addenda and
the day's worklist. Each write is one writer transaction and announces what changed."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from desktop.changes import Change, Kind
from desktop.core.consent import Consent
from desktop.core.consult import Attachment, Consult
from desktop.core.patient import Patient
from desktop.services.clinic import Clinic
from desktop.storage import audited_reads, consult_repo, daybook
from desktop.storage.blobs import BlobRef
from desktop.storage.daybook import WorkItem
from protocol.ids import local_id, same_id

__all__ = ["LOCAL_REASONS", "ConsultService", "WorkItem", "same_consult"]


# The reasons of the consult screen's own writes; any other reason on a consult change (the
# puller's "pulled", say) means it changed elsewhere and a screen showing it re-reads it.
LOCAL_REASONS = frozenset({"created", "saved", "consent", "attached", "ready", "addendum"})


def same_consult(a: str, b: str) -> bool:
    """Consult ids compare equal in either spelling (32 hex or dashed UUID)."""
    return same_id(a, b)


def _consult(cid: str, reason: str) -> Change:
    return Change(Kind.CONSULT, (cid,), reason)


class ConsultService:
    def __init__(self, clinic: Clinic) -> None:
        self._clinic = clinic

    def create_draft(self, patient_id: str) -> Future[Consult]:
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: consult_repo.create_draft(s, patient_id, actor),
            lambda c: [_consult(c.id, "created")],
        )

    def open(self, consult_id: str) -> Future[Consult]:
        """A stored consult; the read is audited."""
        actor = self._clinic.actor
        return self._clinic.write(lambda s: audited_reads.open_consult(s, consult_id, actor))

    def autosave(self, consult: Consult) -> Future[int]:
        """The draft's new version."""
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: consult_repo.autosave(s, consult, actor),
            lambda _: [_consult(consult.id, "saved")],
        )

    def record_consents(
        self, consult_id: str, consents: Sequence[Consent], patient: Patient, today: date
    ) -> Future[Consult]:
        """Record each consent, all or none; the consult as stored afterwards."""
        actor = self._clinic.actor

        def run(session: Session) -> Consult:
            for given in consents:
                consult_repo.record_consent(session, consult_id, given, patient, today, actor)
            return consult_repo.load(session, consult_id)

        return self._clinic.write(run, lambda _: [_consult(consult_id, "consent")])

    def attach(
        self, consult_id: str, ref: BlobRef, thumb: BlobRef | None, media_type: str, title: str
    ) -> Future[Attachment]:
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: consult_repo.attach(s, consult_id, ref, thumb, media_type, title, actor),
            lambda _: [_consult(consult_id, "attached")],
        )

    def attach_still(
        self, consult_id: str, ref: BlobRef, thumb: BlobRef | None, media_type: str, title: str
    ) -> Future[Attachment]:
        """A still picture of the call, attached to the consult already sent and queued for
        the hub (``consult_repo.attach_still``). Any thread."""
        actor = self._clinic.actor
        cid = local_id(consult_id)
        return self._clinic.write(
            lambda s: consult_repo.attach_still(s, cid, ref, thumb, media_type, title, actor),
            lambda _: [_consult(cid, "attached"), Change(Kind.OUTBOX, (), "queued")],
        )

    def mark_ready(self, consult: Consult, patient: Patient, today: date) -> Future[Consult]:
        """Save the last typing and queue the consult for the hub, in one transaction."""
        actor = self._clinic.actor

        def run(session: Session) -> Consult:
            consult_repo.autosave(session, consult, actor)
            return consult_repo.mark_ready(session, consult.id, patient, today, actor)

        return self._clinic.write(
            run, lambda c: [_consult(c.id, "ready"), Change(Kind.OUTBOX, (), "queued")]
        )

    def add_addendum(self, consult_id: str, text: str) -> Future[Consult]:
        actor = self._clinic.actor
        now = datetime.now(UTC)
        return self._clinic.write(
            lambda s: consult_repo.add_addendum(s, consult_id, text, actor, now),
            lambda _: [_consult(consult_id, "addendum"), Change(Kind.OUTBOX, (), "queued")],
        )

    def queue_recording_segment(self, consult_id: str, ref: BlobRef) -> Future[None]:
        """Any thread (the recorder's): a finished segment joins the outbox."""
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: consult_repo.queue_recording_segment(s, consult_id, ref, actor),
            lambda _: [Change(Kind.OUTBOX, (), "queued")],
        )

    def worklist(self) -> Future[list[WorkItem]]:
        """Today's consults for the home page (audited read)."""
        actor = self._clinic.actor
        return self._clinic.write(lambda s: daybook.worklist(s, actor))
