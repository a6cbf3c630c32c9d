"""Prescriptions verified when the spoke stores them: the hub's key is checked and cached
per doctor (so a later answer without it, or a paper copy, verifies offline), tampered and
unverifiable ones are kept with their reason and never printed, a correction supersedes
the version it replaces, and a follow-up date puts the patient on the due list."""

from __future__ import annotations

import copy
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.storage import consult_repo, hub_news, patient_repo, rx_repo
from desktop.storage.audit import Actor
from desktop.storage.hub_news import HubNews
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.clinical import ConsultRecord
from desktop.storage.models.outbox import OutboxEntry
from protocol.schemas import ConsultIn
from tests.desktop.storage.test_hub_news import NOW, _ready
from tests.helpers.clinical import OPERATOR, TODAY, Clinic, clinic
from tests.helpers.rx import CONTENT, Doctor

_ = clinic
HUB = Actor("hub", "system", "sync")


def _receive(clinic: Clinic, cid: str, *rx: dict, status: str = "completed") -> hub_news.Applied:
    news = HubNews(cid, status, prescriptions=list(rx))
    return clinic.writer.run(lambda s: hub_news.apply(s, news, HUB))


def _stored(clinic: Clinic, cid: str) -> list[hub_news.StoredPrescription]:
    with clinic.db.read_session() as s:
        return hub_news.prescriptions_of(s, cid)


def test_verified_with_the_hubs_key_which_is_cached_for_offline(clinic: Clinic) -> None:
    cid = _ready(clinic)
    doc = Doctor()
    applied = _receive(clinic, cid, doc.prescription(cid))
    assert Status.PRESCRIBED in applied.moved_to
    (rx,) = _stored(clinic, cid)
    assert (rx.verification, rx.verify_reason, rx.verified, rx.printable) == (
        "verified",
        "",
        True,
        True,
    )
    with clinic.db.read_session() as s:
        assert hub_news.doctor_key(s, doc.id) == doc.public
    # A later prescription from a hub that does not send the key verifies from the cache.
    second = _ready(clinic)
    _receive(clinic, second, doc.prescription(second, serve_key=False))
    (rx2,) = _stored(clinic, second)
    assert rx2.verification == "verified" and rx2.signing_key == doc.public


def test_tampered_content_or_another_doctors_key_is_kept_and_not_printable(
    clinic: Clinic,
) -> None:
    cid = _ready(clinic)
    doc = Doctor()
    changed = doc.prescription(cid)
    changed["content"]["medications"][1]["frequency"] = "1-1-1"  # after signing
    wrong_key = doc.prescription(cid)
    wrong_key["signing_key"] = Doctor().public
    _receive(clinic, cid, changed, wrong_key)
    rows = {r.id: r for r in _stored(clinic, cid)}
    assert {(r.verification, r.verify_reason) for r in rows.values()} == {
        ("tampered", "signature_mismatch")
    }
    with clinic.db.read_session() as s:
        assert hub_news.doctor_key(s, doc.id) is None  # a key that failed is not cached
    for rid in rows:
        with pytest.raises(rx_repo.NotPrintable) as err:
            clinic.writer.run(lambda s, rid=rid: rx_repo.record_print(s, rid, OPERATOR, "rx"))
        assert err.value.code == "tampered"
    sheet = clinic.writer.run(lambda s: rx_repo.sheet(s, cid, OPERATOR))
    assert sheet is not None and sheet.current is None and sheet.shown is not None


def test_no_key_at_all_is_unverifiable(clinic: Clinic) -> None:
    cid = _ready(clinic)
    _receive(clinic, cid, Doctor().prescription(cid, serve_key=False))
    (rx,) = _stored(clinic, cid)
    assert (rx.verification, rx.verify_reason, rx.verified) == ("unverifiable", "no_key", None)


def test_a_correction_supersedes_and_history_keeps_both(clinic: Clinic) -> None:
    cid = _ready(clinic)
    doc = Doctor()
    first = doc.prescription(cid, created_at="2026-12-05T10:00:00+00:00")
    fixed = copy.deepcopy(CONTENT)
    fixed["medications"][0]["strength"] = "2.5 mg"
    fixed["replaces"] = first["id"]
    second = doc.prescription(cid, fixed, created_at="2026-12-05T10:20:00+00:00")
    forged = copy.deepcopy(fixed)
    forged["replaces"] = second["id"]
    third = doc.prescription(cid, forged, created_at="2026-12-05T10:40:00+00:00")
    third["content"]["medications"][0]["strength"] = "50 mg"  # tampered: cannot supersede
    _receive(clinic, cid, first, second, third)
    sheet = clinic.writer.run(lambda s: rx_repo.sheet(s, cid, OPERATOR))
    assert sheet is not None and sheet.current is not None
    assert sheet.current.id == second["id"]
    assert sheet.current.content["medications"][0]["strength"] == "2.5 mg"
    assert [r.id for r in sheet.history] == [first["id"], second["id"], third["id"]]


def test_every_print_is_an_audit_entry(clinic: Clinic) -> None:
    cid = _ready(clinic)
    rx = Doctor().prescription(cid)
    _receive(clinic, cid, rx)
    for what in ("prescription", "prescription", "referral"):
        clinic.writer.run(lambda s, w=what: rx_repo.record_print(s, rx["id"], OPERATOR, w))
    with clinic.db.read_session() as s:
        prints = s.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all()
        assert [(a.entity_type, a.entity_id, a.actor) for a in prints] == [
            ("prescription", rx["id"], "cho.meena"),
            ("prescription", rx["id"], "cho.meena"),
            ("referral", rx["id"], "cho.meena"),
        ]


def test_a_follow_up_appears_on_its_date_and_leaves_once_started(clinic: Clinic) -> None:
    cid = _ready(clinic)
    _receive(clinic, cid, Doctor().prescription(cid))  # follow_up_date 2026-12-19
    due_on = date(2026, 12, 19)

    def due(today: date) -> list[rx_repo.DueItem]:
        return clinic.writer.run(lambda s: rx_repo.follow_ups_due(s, today, OPERATOR))

    assert due(due_on - timedelta(days=1)) == []
    (item,) = due(due_on)
    assert (item.follow_up.consult_id, item.follow_up.due, item.patient_name) == (
        cid,
        due_on,
        "Ramesh Kumar",
    )
    assert [i.follow_up.consult_id for i in due(due_on + timedelta(days=3))] == [cid]  # overdue
    new = clinic.writer.run(lambda s: rx_repo.start_follow_up(s, cid, OPERATOR))
    with clinic.db.read_session() as s:
        rec = s.get(ConsultRecord, new.id)
        assert rec is not None and rec.follow_up_of == cid and rec.status == "draft"
    assert due(due_on) == []


def test_referral_status_moves_on(clinic: Clinic) -> None:
    cid = _ready(clinic)
    content = copy.deepcopy(CONTENT)
    content["referral"] = {
        "facility": "District Hospital Sehore",
        "reason": "ECG",
        "urgency": "urgent",
    }
    rx = Doctor().prescription(cid, content)
    _receive(clinic, cid, rx)
    assert _stored(clinic, cid)[0].referral_status == "referred"
    for status in ("reached", "closed"):
        clinic.writer.run(
            lambda s, st=status: rx_repo.set_referral_status(s, rx["id"], st, OPERATOR)
        )
        assert _stored(clinic, cid)[0].referral_status == status
    with pytest.raises(ValueError):
        clinic.writer.run(lambda s: rx_repo.set_referral_status(s, rx["id"], "lost", OPERATOR))


def test_a_follow_up_consult_is_sent_with_its_link(clinic: Clinic) -> None:

    cid = _ready(clinic)
    new = clinic.writer.run(lambda s: rx_repo.start_follow_up(s, cid, OPERATOR))
    with clinic.db.read_session() as s:
        rec = s.get(ConsultRecord, new.id)
        assert rec is not None
        p = patient_repo.get(s, rec.patient_id)
    assert p is not None
    new.complaints, new.specialty = ["fever"], "general_medicine"
    clinic.writer.run(lambda s: consult_repo.autosave(s, new, OPERATOR))
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    clinic.writer.run(lambda s: consult_repo.record_consent(s, new.id, given, p, TODAY, OPERATOR))
    clinic.writer.run(lambda s: consult_repo.mark_ready(s, new.id, p, TODAY, OPERATOR))
    with clinic.db.read_session() as s:
        row = s.scalars(
            select(OutboxEntry).where(
                OutboxEntry.entity_type == "consult", OutboxEntry.entity_id == new.id
            )
        ).one()
    assert row.payload["follow_up_of"] == str(uuid.UUID(cid))
    assert str(ConsultIn.model_validate(row.payload).follow_up_of) == str(uuid.UUID(cid))


def test_stored_without_a_key_is_checked_once_the_doctors_key_arrives(clinic: Clinic) -> None:
    doc = Doctor()
    old = _ready(clinic)
    _receive(clinic, old, doc.prescription(old, serve_key=False))
    assert _stored(clinic, old)[0].verification == "unverifiable"
    new = _ready(clinic)
    _receive(clinic, new, doc.prescription(new))  # this one comes with the key
    (rx,) = _stored(clinic, old)
    assert (rx.verification, rx.verify_reason, rx.signing_key) == ("verified", "", doc.public)


def test_only_the_current_versions_follow_up_date_counts(clinic: Clinic) -> None:
    cid = _ready(clinic)
    doc = Doctor()
    first = doc.prescription(cid, created_at="2026-12-05T10:00:00+00:00")  # due 2026-12-19
    later = copy.deepcopy(CONTENT)
    later["follow_up_date"] = "2027-01-09"
    later["replaces"] = first["id"]
    _receive(
        clinic, cid, first, doc.prescription(cid, later, created_at="2026-12-05T11:00:00+00:00")
    )
    no_date = _ready(clinic)
    undated = copy.deepcopy(CONTENT)
    undated["follow_up_date"] = ""
    _receive(clinic, no_date, doc.prescription(no_date, undated))

    def due(today: date) -> list[str]:
        items = clinic.writer.run(lambda s: rx_repo.follow_ups_due(s, today, OPERATOR))
        return [i.follow_up.consult_id for i in items]

    assert due(date(2026, 12, 19)) == []  # corrected to a later date
    assert due(date(2027, 1, 9)) == [cid]
