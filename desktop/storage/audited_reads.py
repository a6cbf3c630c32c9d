"""Reads of patient data that leave a "read" entry in the audit log: opening a patient or a
consult (one entry naming it), and each search or list page (one entry with the number of
rows shown, never the query text). The entry is committed before the data is handed out.
An opened patient's names are registered with ``desktop.redact`` (masked in logs from then on)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.core.consult import Consult
from desktop.core.patient import Patient
from desktop.storage import audit, consult_repo, patient_repo, patient_search
from desktop.storage.audit import Actor
from desktop.storage.db import Database
from desktop.storage.patient_search import PatientSummary
from desktop.storage.writer import DbWriter

SEARCH = "patient-search"
LIST = "patient-list"


def open_patient(session: Session, patient_id: str, actor: Actor) -> Patient | None:
    """The patient, with a read entry in the same transaction (run on the writer)."""
    patient = patient_repo.get(session, patient_id)
    if patient is not None:
        audit.record(
            session,
            actor,
            "read",
            patient_id=patient_id,
            entity_type="patient",
            entity_id=patient_id,
        )
        patient_repo.remember(patient)
    return patient


def open_consult(session: Session, consult_id: str, actor: Actor) -> Consult:
    """The consult, with a read entry in the same transaction (run on the writer)."""
    consult = consult_repo.load(session, consult_id)
    audit.record(
        session,
        actor,
        "read",
        patient_id=consult.patient_id,
        entity_type="consult",
        entity_id=consult_id,
    )
    patient = patient_repo.get(session, consult.patient_id)
    if patient is not None:
        patient_repo.remember(patient)
    return consult


def record_results(session: Session, actor: Actor, kind: str, count: int) -> None:
    """One entry for a whole result list: which list (``SEARCH`` or ``LIST``) and how many rows.
    The query is not stored: it may hold a name or a mobile number."""
    if kind not in (SEARCH, LIST):
        raise ValueError(f"unknown result list {kind!r}")
    audit.record(session, actor, "read", entity_type=kind, entity_id=str(count))


class PatientFinder:
    """Search and browse on a WAL read session; the audit entry goes through the writer and is
    committed before the rows are returned. Blocks: call it off the UI thread (an Operation)."""

    def __init__(self, db: Database, writer: DbWriter, actor: Actor) -> None:
        self._db = db
        self._writer = writer
        self._actor = actor

    def search(self, query: str, limit: int = 100) -> list[PatientSummary]:
        if patient_search.classify(query) == "empty":
            return []  # nothing was looked up
        with self._db.read_session() as session:
            rows = patient_search.search(session, query, limit)
        self._record(SEARCH, len(rows))
        return rows

    def browse(
        self,
        sort: str = "updated_at",
        descending: bool = True,
        offset: int = 0,
        limit: int = 100,
        after: PatientSummary | None = None,
    ) -> list[PatientSummary]:
        with self._db.read_session() as session:
            rows = patient_search.browse(session, sort, descending, offset, limit, after)
        self._record(LIST, len(rows))
        return rows

    def _record(self, kind: str, count: int) -> None:
        actor = self._actor
        self._writer.run(lambda s: record_results(s, actor, kind, count))
