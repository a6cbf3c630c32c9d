"""Reads of patient data are audited: opening a patient or a consult leaves one "read" entry
naming it; a search or a list page leaves one entry with the row count and no query text."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop import redact
from desktop.core.duplicates import Decision
from desktop.storage import audit, audited_reads, consult_repo, patient_repo
from desktop.storage.audited_reads import PatientFinder
from desktop.storage.models.audit import AuditEntry
from tests.helpers.clinical import OPERATOR, TODAY, Clinic, clinic, person

_ = clinic


def _entries(c: Clinic, after: int = 0) -> list[AuditEntry]:
    with c.db.read_session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.id > after)))


def _last_id(c: Clinic) -> int:
    entries = _entries(c)
    return entries[-1].id if entries else 0


def _register(c: Clinic, given: str, family: str, mobile: str = ""):
    p = person(given, family, mobile=mobile, no_mobile_reason="" if mobile else "none_owned")
    c.writer.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    return p


def _fields(e: AuditEntry) -> tuple[str, str | None, str | None, str | None]:
    return (e.action, e.patient_id, e.entity_type, e.entity_id)


def test_opening_a_consult_and_a_patient_is_audited(clinic: Clinic) -> None:
    p = _register(clinic, "Ramesh", "Kumar")
    draft = clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    before = _last_id(clinic)

    opened = clinic.writer.run(lambda s: audited_reads.open_consult(s, draft.id, OPERATOR))
    with clinic.db.read_session() as s:
        assert opened == consult_repo.load(s, draft.id)
    patient = clinic.writer.run(lambda s: audited_reads.open_patient(s, p.id, OPERATOR))
    assert patient is not None and patient.id == p.id

    new = _entries(clinic, before)
    assert [_fields(e) for e in new] == [
        ("read", p.id, "consult", draft.id),
        ("read", p.id, "patient", p.id),
    ]
    assert all((e.actor, e.role, e.device) == ("cho.meena", "operator", "spoke-test") for e in new)
    with clinic.db.read_session() as s:
        assert audit.verify(s) == before + 2


def test_an_unknown_patient_or_consult_leaves_no_entry(clinic: Clinic) -> None:
    assert clinic.writer.run(lambda s: audited_reads.open_patient(s, "0" * 32, OPERATOR)) is None
    with pytest.raises(LookupError):
        clinic.writer.run(lambda s: audited_reads.open_consult(s, "0" * 32, OPERATOR))
    assert _entries(clinic) == []


def test_a_search_is_one_entry_with_the_count_and_no_query(clinic: Clinic) -> None:
    for given in ("Ramesh", "Ramesh", "Ramesh"):
        _register(clinic, given, "Kumar")
    _register(clinic, "Sita", "Devi", mobile="9876543210")
    finder = PatientFinder(clinic.db, clinic.writer, OPERATOR)
    before = _last_id(clinic)

    rows = finder.search("Ramesh Kumar")
    assert len(rows) == 3
    assert finder.search("9876543210")[0].given_name == "Sita"
    assert finder.search("Nobody Matches") == []
    assert finder.search("   ") == []  # nothing looked up, nothing to audit

    new = _entries(clinic, before)
    assert [_fields(e) for e in new] == [
        ("read", None, "patient-search", "3"),
        ("read", None, "patient-search", "1"),
        ("read", None, "patient-search", "0"),
    ]
    stored = " ".join(str(v) for e in new for v in (*_fields(e), e.actor, e.device))
    for secret in ("Ramesh", "Kumar", "Nobody", "9876543210"):
        assert secret.lower() not in stored.lower()


def test_each_list_page_is_one_entry_with_its_row_count(clinic: Clinic) -> None:
    for i in range(5):
        _register(clinic, f"Patient{'abcde'[i]}", "Test")
    finder = PatientFinder(clinic.db, clinic.writer, OPERATOR)
    before = _last_id(clinic)
    first = finder.browse("name", False, 0, 3)
    second = finder.browse("name", False, 3, 3, after=first[-1])
    assert len(first) == 3 and len(second) == 2
    assert [_fields(e) for e in _entries(clinic, before)] == [
        ("read", None, "patient-list", "3"),
        ("read", None, "patient-list", "2"),
    ]


def test_no_rows_are_handed_out_when_the_read_cannot_be_audited(clinic: Clinic) -> None:
    _register(clinic, "Ramesh", "Kumar")
    finder = PatientFinder(clinic.db, clinic.writer, OPERATOR)
    clinic.writer.close()
    with pytest.raises(RuntimeError):
        finder.search("Ramesh")
    with pytest.raises(ValueError):
        audited_reads.record_results(None, OPERATOR, "everything", 1)  # type: ignore[arg-type]


def test_an_opened_patient_is_kept_out_of_logs(clinic: Clinic) -> None:
    p = _register(clinic, "Zorawarcanary", "Qelvintest")
    draft = clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    line = "opened Zorawarcanary Qelvintest of Rampur"
    masked = f"opened {redact.MASK} {redact.MASK} of {redact.MASK}"
    try:
        for opener in (
            lambda s: audited_reads.open_patient(s, p.id, OPERATOR),
            lambda s: audited_reads.open_consult(s, draft.id, OPERATOR),
            lambda s: patient_repo.record_read(s, OPERATOR, p.id),  # the workspace's path
        ):
            redact.forget_all()  # each opener on its own
            assert redact.scrub(line) == line
            clinic.writer.run(opener)
            assert redact.scrub(line) == masked
    finally:
        redact.forget_all()
