"""Patients in storage: one transaction with outbox and audit rows, duplicate check that
never merges without the operator's choice, edit history, search in both scripts."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.core.duplicates import Decision, Reason
from desktop.core.issues import ValidationError
from desktop.storage import audit, patient_repo, patient_search
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.clinical import PatientChange, PatientRecord
from desktop.storage.models.outbox import OutboxEntry
from tests.helpers.clinical import OPERATOR, TODAY, Clinic, clinic, person  # noqa: F401

_ = clinic


def _count(c: Clinic, model: type) -> int:
    with c.db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_register_writes_record_outbox_and_audit_together(clinic: Clinic) -> None:
    p = person("Ramesh", "Kumar", mobile="9876543210", abha_number="91-5046-6137-2897")
    result = clinic.writer.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY))
    assert result.saved and result.candidates == []
    with clinic.db.read_session() as s:
        rec = s.get(PatientRecord, p.id)
        assert rec is not None and rec.abha_number == "91504661372897"
        assert rec.key_name == "rames kumar"
        box = s.scalars(select(OutboxEntry)).one()
        assert (box.entity_type, box.entity_id, box.operation) == ("patient", p.id, "create")
        assert box.payload["resource"]["resourceType"] == "Patient"
        entry = s.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.patient_id) == ("write", p.id)
        assert audit.verify(s) == 1


def test_invalid_patient_is_refused_and_nothing_is_written(clinic: Clinic) -> None:
    bad = person("R2D2", mobile="12345")
    with pytest.raises(ValidationError) as info:
        clinic.writer.run(lambda s: patient_repo.register(s, bad, OPERATOR, TODAY))
    assert {"name.digits", "mobile.length"} <= {i.code for i in info.value.issues}
    assert "R2D2" not in str(info.value) and "12345" not in str(info.value)
    assert _count(clinic, PatientRecord) == _count(clinic, OutboxEntry) == 0


def test_duplicates_wait_for_the_operator_and_never_merge(clinic: Clinic) -> None:
    first = person("रमेश", "कुमार", mobile="9876543210", no_mobile_reason="")
    clinic.writer.run(lambda s: patient_repo.register(s, first, OPERATOR, TODAY))
    second = person("Ramesh", "Kumar", birth_date=date(1982, 1, 1))

    pending = clinic.writer.run(lambda s: patient_repo.register(s, second, OPERATOR, TODAY))
    assert not pending.saved
    assert [c.patient.id for c in pending.candidates] == [first.id]
    assert Reason.NAME_SEX_AGE in pending.candidates[0].reasons
    assert _count(clinic, PatientRecord) == 1 and _count(clinic, OutboxEntry) == 1

    same = clinic.writer.run(
        lambda s: patient_repo.register(
            s, second, OPERATOR, TODAY, Decision.SAME_PERSON, same_as=first.id
        )
    )
    assert not same.saved and same.patient.id == first.id
    with clinic.db.read_session() as s:
        stored = patient_repo.get(s, first.id)
    assert stored is not None and stored.given_name == "रमेश" and stored.mobile == "9876543210"
    assert _count(clinic, PatientRecord) == 1 and _count(clinic, PatientChange) == 0

    new = clinic.writer.run(
        lambda s: patient_repo.register(s, second, OPERATOR, TODAY, Decision.NEW_PATIENT)
    )
    assert new.saved and _count(clinic, PatientRecord) == 2


def test_edits_keep_a_history_of_who_changed_what(clinic: Clinic) -> None:
    p = person("Sunita", "Devi", sex="female")
    clinic.writer.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY))
    other = dataclasses.replace(OPERATOR, username="cho.ravi")
    edited = dataclasses.replace(p, mobile="9123456780", no_mobile_reason="", locality="Pipariya")
    clinic.writer.run(lambda s: patient_repo.update(s, edited, other, TODAY))
    clinic.writer.run(lambda s: patient_repo.update(s, edited, other, TODAY))  # no change
    with clinic.db.read_session() as s:
        changes = patient_repo.history(s, p.id)
        assert len(changes) == 1
        assert changes[0].changed_by == "cho.ravi" and changes[0].version == 2
        assert changes[0].changes["locality"] == ["Rampur", "Pipariya"]
        assert changes[0].changes["mobile"] == ["", "9123456780"]
        assert s.get(PatientRecord, p.id).key_name == "sunit devi"  # type: ignore[union-attr]
        kinds = [e.operation for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.id))]
        assert kinds == ["create", "update"]


def test_search_by_name_in_both_scripts_mobile_abha_and_id(clinic: Clinic) -> None:
    people = [
        person("Ramesh", "Kumar", mobile="9876543210", no_mobile_reason=""),
        person("सुनीता", "देवी", sex="female", abha_number="91504661372897"),
        person("Mahesh", "Yadav", birth_date=date(1960, 1, 1)),
        person("Priya", "Sharma", sex="female", abha_address="priya.s@abdm"),
    ]
    for p in people:
        clinic.writer.run(
            lambda s, p=p: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT)
        )
    ramesh, sunita, mahesh, priya = people

    def ids(q: str) -> list[str]:
        with clinic.db.read_session() as s:
            return [r.id for r in patient_search.search(s, q)]

    assert ids("Rame") == [ramesh.id]
    assert ids("रमेश") == [ramesh.id]  # Devanagari query, Latin record
    assert ids("Sunita") == [sunita.id]  # Latin query, Devanagari record
    assert ids("devi") == [sunita.id]  # family name first
    assert ids("Ramseh")[:1] == [ramesh.id]  # typo: fuzzy
    assert ids("98765") == [ramesh.id]
    assert ids("+91 98765 43210") == [ramesh.id]
    assert ids("91-5046") == [sunita.id]
    assert ids("priya.s@") == [priya.id]
    assert ids(mahesh.code.lower()) == [mahesh.id]
    assert ids("") == [] and ids("zz") == []


def test_browse_pages_in_any_sort_order(clinic: Clinic) -> None:
    for i, name in enumerate(["Asha", "Bina", "Chetan", "Deepa", "Esha"]):
        p = person(name, birth_date=date(1970 + i, 1, 1))
        clinic.writer.run(
            lambda s, p=p: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT)
        )
    with clinic.db.read_session() as s:
        assert patient_search.count(s) == 5
        page1 = patient_search.browse(s, "name", False, 0, 3)
        page2 = patient_search.browse(s, "name", False, 3, 3)
        assert [r.given_name for r in page1 + page2] == ["Asha", "Bina", "Chetan", "Deepa", "Esha"]
        newest = patient_search.browse(s, "birth_date", True, 0, 1)
        assert newest[0].given_name == "Esha"


def test_a_common_name_does_not_hide_the_real_duplicate(clinic: Clinic) -> None:
    from sqlalchemy import insert

    from desktop.core.patient import Patient

    rows = []
    for i in range(600):  # many "Ramesh Kumar"s, none of them the same age and sex
        other = Patient("Ramesh", "Kumar", "female" if i % 2 else "male", date(1930 + i % 20, 1, 1))
        rows.append(
            {c: getattr(other, c) for c in patient_repo.FIELDS}
            | patient_repo.search_keys(other)
            | {
                "photo_blob_id": None,
                "created_by": "t",
                "updated_by": "t",
                "version": 1,
            }
        )
    with clinic.db.write_engine.begin() as conn:
        conn.execute(insert(PatientRecord.__table__), rows)
    real = person("रमेश", "कुमार", birth_date=date(1981, 3, 3))
    clinic.writer.run(
        lambda s: patient_repo.register(s, real, OPERATOR, TODAY, Decision.NEW_PATIENT)
    )
    new = person("Ramesh", "Kumar", birth_date=date(1982, 6, 1))
    pending = clinic.writer.run(lambda s: patient_repo.register(s, new, OPERATOR, TODAY))
    assert [c.patient.id for c in pending.candidates] == [real.id]


@pytest.mark.parametrize("sort", ["name", "code", "birth_date", "updated_at", "mobile"])
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_match_offset_pages(clinic: Clinic, sort: str, descending: bool) -> None:
    names = ["Asha", "आशा", "Bina", "Asha", "Chetan", "चेतन", "Deepa", "Esha", "Asha"]
    for i, name in enumerate(names * 2):
        p = person(name, birth_date=date(1970 + i % 5, 1, 1), mobile=f"98{i:08d}")
        p.no_mobile_reason = ""
        clinic.writer.run(
            lambda s, p=p: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT)
        )
    with clinic.db.read_session() as s:
        everything = patient_search.browse(s, sort, descending, 0, 100)
        paged: list[patient_search.PatientSummary] = []
        while True:
            page = patient_search.browse(
                s, sort, descending, limit=4, after=paged[-1] if paged else None
            )
            if not page:
                break
            paged += page
    assert [r.id for r in paged] == [r.id for r in everything] and len(paged) == 18
