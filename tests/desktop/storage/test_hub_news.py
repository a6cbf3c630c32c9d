"""What the hub says, stored: one writer transaction per consult (status, prescriptions,
lifecycle moves, audit rows), idempotent, and all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.core.duplicates import Decision
from desktop.storage import consult_repo, hub_news, patient_repo
from desktop.storage.audit import Actor
from desktop.storage.hub_news import HubNews
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.hub_news import PrescriptionRecord
from desktop.storage.models.outbox import OutboxEntry
from tests.helpers.clinical import OPERATOR, TODAY, Clinic, clinic, person
from tests.helpers.rx import Doctor

_ = clinic
HUB = Actor("hub", "system", "sync")
NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
RX = {
    "id": "6f1c2f4e-0d5c-4e44-9d0e-3b7a2f0c9a11",
    "doctor_id": "3d0b8c5e-7a61-4a54-9a3e-0f0c6b8a1d22",
    "registration_number": "MCI-12345",
    "content": {"medications": [{"name": "Paracetamol"}]},
    "signature": "c2lnbmF0dXJl",
    "payload_sha256": "ab" * 32,
    "created_at": "2026-11-25T10:30:00+00:00",
}


def _ready(clinic: Clinic) -> str:
    p = person("Ramesh", "Kumar")
    w = clinic.writer
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints, c.specialty = ["fever"], "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    return c.id


def _count(s: Session, model: type) -> int:
    return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_news_is_stored_once_with_its_moves_and_audit_rows(clinic: Clinic) -> None:
    cid = _ready(clinic)
    with clinic.db.read_session() as s:
        audits, rows = _count(s, AuditEntry), _count(s, OutboxEntry)
    rx_in = Doctor(registration_number="MCI-12345").prescription(cid)  # signed: it verifies
    news = HubNews(cid.upper(), "completed", prescriptions=[rx_in])  # any id spelling
    first = clinic.writer.run(lambda s: hub_news.apply(s, news, HUB))
    assert first.consult_id == cid and first.new_prescriptions == (rx_in["id"],)
    assert first.moved_to == (Status.WITH_HUB, Status.PRESCRIBED, Status.CLOSED)
    again = clinic.writer.run(lambda s: hub_news.apply(s, news, HUB))
    assert (again.status_changed, again.new_prescriptions, again.moved_to) == (False, (), ())
    with clinic.db.read_session() as s:
        assert hub_news.status_changes(s, cid) == [("completed", "closed")]
        (rx,) = hub_news.prescriptions_of(s, cid)
        assert (rx.signature, rx.registration_number, rx.verified) == (
            rx_in["signature"],
            "MCI-12345",
            True,
        )
        new_audits = list(s.scalars(select(AuditEntry).where(AuditEntry.id > audits)))
        # One per move and one for the prescription, all by the hub; nothing queued for it.
        assert [(a.actor, a.entity_type) for a in new_audits] == [("hub", "prescription")] + [
            ("hub", "consult")
        ] * 3
        assert _count(s, OutboxEntry) == rows


def test_an_unsigned_prescription_is_stored_but_never_prescribed(clinic: Clinic) -> None:
    cid = _ready(clinic)
    news = HubNews(cid, "completed", prescriptions=[RX])  # a signature that cannot verify
    first = clinic.writer.run(lambda s: hub_news.apply(s, news, HUB))
    assert first.new_prescriptions == (RX["id"],)
    assert first.moved_to == (Status.WITH_HUB, Status.IN_PROGRESS)  # held: not prescribed
    with clinic.db.read_session() as s:
        (rx,) = hub_news.prescriptions_of(s, cid)
        assert (rx.signature, rx.verified) == ("c2lnbmF0dXJl", None)


def test_a_failure_in_the_transaction_stores_nothing(clinic: Clinic) -> None:
    cid = _ready(clinic)

    def apply_then_fail(s: Session) -> None:
        hub_news.apply(s, HubNews(cid, "in_progress", prescriptions=[RX]), HUB)
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        clinic.writer.run(apply_then_fail)
    with clinic.db.read_session() as s:
        assert _count(s, PrescriptionRecord) == 0
        assert hub_news.status_changes(s, cid) == []
        state = hub_news.hub_state(s, cid)
        assert state is not None and (state.hub_status, state.status) == ("", Status.READY)


def test_news_of_a_consult_this_spoke_does_not_hold_is_ignored(clinic: Clinic) -> None:
    applied = clinic.writer.run(
        lambda s: hub_news.apply(s, HubNews("0" * 32, "queued", prescriptions=[RX]), HUB)
    )
    assert applied.consult_id is None
    with clinic.db.read_session() as s:
        assert _count(s, PrescriptionRecord) == 0
