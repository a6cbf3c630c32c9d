"""The spoke dashboard's figures follow a consult through its lifecycle: draft, ready
(waiting to sync), with a doctor, prescribed (to print), closed; median times from ready to
a doctor and to the prescription; the list behind a count is an audited read."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.core.duplicates import Decision
from desktop.storage import consult_repo, dashboard, daybook, hub_news, patient_repo, rx_repo
from desktop.storage.audit import Actor
from desktop.storage.dashboard import SpokeDay
from desktop.storage.hub_news import HubNews
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.clinical import ConsultRecord
from desktop.storage.models.hub_news import ConsultStatusChange, PrescriptionRecord
from desktop.storage.models.outbox import OutboxEntry
from tests.helpers.clinical import OPERATOR, TODAY, Clinic, clinic, person
from tests.helpers.rx import Doctor

_ = clinic
HUB = Actor("hub", "system", "sync")
RX = {
    "id": "6f1c2f4e-0d5c-4e44-9d0e-3b7a2f0c9a11",
    "doctor_id": "3d0b8c5e-7a61-4a54-9a3e-0f0c6b8a1d22",
    "registration_number": "MCI-12345",
    "content": {"medications": [{"name": "Paracetamol"}]},
    "signature": "c2lnbmF0dXJl",
    "payload_sha256": "ab" * 32,
    "created_at": "2026-11-25T10:30:00+00:00",
}


def figures(clinic: Clinic) -> SpokeDay:
    now = datetime.now(UTC) + timedelta(seconds=1)
    with clinic.db.read_session() as s:
        return dashboard.spoke_day(s, now - timedelta(hours=6), now - timedelta(days=20), now)


def test_the_counts_follow_a_consult_through_its_lifecycle(clinic: Clinic) -> None:
    w = clinic.writer
    p = person("Ramesh", "Kumar")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    empty = figures(clinic)
    assert empty.today == {} and empty.to_print == 0 and empty.to_doctor is None

    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    day = figures(clinic)
    assert day.today == {Status.DRAFT: 1} and day.month == {Status.DRAFT: 1}

    c.complaints, c.specialty = ["fever"], "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", day.now)
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    day = figures(clinic)
    assert day.today == {Status.READY: 1}
    assert day.waiting_to_sync >= 2  # the patient and the consult, at least
    assert day.oldest_waiting is not None and day.oldest_waiting >= timedelta(0)

    w.run(lambda s: hub_news.apply(s, HubNews(c.id, "assigned"), HUB))
    day = figures(clinic)
    assert day.today == {Status.ASSIGNED: 1} and day.to_doctor is not None

    rx = Doctor().prescription(c.id)
    altered = copy.deepcopy(rx)
    altered["content"]["advice"] = "changed on the way"
    w.run(lambda s: hub_news.apply(s, HubNews(c.id, "in_progress", prescriptions=[altered]), HUB))
    day = figures(clinic)
    assert day.today == {Status.IN_PROGRESS: 1} and day.to_prescription is not None
    assert day.to_print == 0  # not verified: not prescribed, nothing can be printed
    w.run(lambda s: hub_news.apply(s, HubNews(c.id, "in_progress", prescriptions=[rx]), HUB))
    day = figures(clinic)
    assert day.today == {Status.PRESCRIBED: 1} and day.to_print == 1

    # Exact medians: ready at T, with a doctor at T + 10 min, prescription at T + 25 min.
    ready_at = datetime(2026, 11, 25, 9, tzinfo=UTC)

    def backdate(s):  # type: ignore[no-untyped-def]
        s.execute(
            update(OutboxEntry).where(OutboxEntry.entity_id == c.id).values(created_at=ready_at)
        )
        s.execute(update(ConsultStatusChange).values(at=ready_at + timedelta(minutes=10)))
        s.execute(update(PrescriptionRecord).values(received_at=ready_at + timedelta(minutes=25)))

    w.run(backdate)
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    with clinic.db.read_session() as s:
        day = dashboard.spoke_day(s, now - timedelta(hours=12), now - timedelta(days=20), now)
    assert (day.to_doctor, day.to_prescription) == (timedelta(minutes=10), timedelta(minutes=25))

    # The doctor completes it (closed here): its prescription is still to print, and its
    # consult is in the list behind the count, until the operator prints it.
    w.run(lambda s: hub_news.apply(s, HubNews(c.id, "completed", prescriptions=[rx]), HUB))
    day = figures(clinic)
    assert day.today == {Status.CLOSED: 1} and day.to_print == 1
    behind = w.run(lambda s: dashboard.consults_behind(s, OPERATOR, to_print=True))
    assert [i.consult_id for i in behind] == [c.id]
    w.run(lambda s: rx_repo.record_print(s, rx["id"], OPERATOR, "prescription"))
    assert figures(clinic).to_print == 0


def test_the_list_behind_a_count_is_an_audited_read(clinic: Clinic) -> None:
    w = clinic.writer
    p = person("Sita", "Devi")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    items = w.run(lambda s: dashboard.consults_behind(s, OPERATOR, [Status.DRAFT]))
    assert [(i.consult_id, i.patient_name) for i in items] == [(c.id, "Sita Devi")]
    assert w.run(lambda s: dashboard.consults_behind(s, OPERATOR, [Status.PRESCRIBED])) == []
    with clinic.db.read_session() as s:
        entries = list(
            s.scalars(select(AuditEntry).where(AuditEntry.entity_type == dashboard.DASHBOARD))
        )
    assert [(e.action, e.entity_id) for e in entries] == [("read", "1"), ("read", "0")]


def test_follow_ups_due_are_counted_without_names(clinic: Clinic) -> None:
    w = clinic.writer
    p = person("Meera", "Bai")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    w.run(lambda s: hub_news.apply(s, HubNews(c.id, "in_progress", prescriptions=[RX]), HUB))
    assert figures(clinic).follow_ups_due == 0
    due = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()

    def verified_with_a_date(s):  # type: ignore[no-untyped-def]
        s.execute(
            update(PrescriptionRecord).values(
                verification="verified", content={**RX["content"], "follow_up_date": due}
            )
        )

    w.run(verified_with_a_date)
    with clinic.db.read_session() as s:
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
    assert figures(clinic).follow_ups_due == 1
    with clinic.db.read_session() as s:  # a count names nobody: no audit entry for it
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_the_worklist_keeps_a_prescription_until_it_is_printed(clinic: Clinic) -> None:
    """The doctor usually completes the consult right after prescribing (closed here): the
    operator's worklist still says "print it" until the prescription is printed; then the
    consult leaves the worklist."""
    w = clinic.writer
    p = person("Radha", "Bai")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    w.run(lambda s: hub_news.apply(s, HubNews(c.id, "completed", prescriptions=[RX]), HUB))
    w.run(lambda s: s.execute(update(PrescriptionRecord).values(verification="verified")))
    closed = update(ConsultRecord).where(ConsultRecord.id == c.id).values(status="closed")
    w.run(lambda s: s.execute(closed))  # as the hub's news leaves a sent consult
    items = w.run(lambda s: daybook.worklist(s, OPERATOR))
    assert [(i.consult_id, i.status, i.printable) for i in items] == [
        (c.id, Status.PRESCRIBED, True)
    ]
    w.run(lambda s: rx_repo.record_print(s, RX["id"], OPERATOR, "prescription"))
    assert w.run(lambda s: daybook.worklist(s, OPERATOR)) == []
