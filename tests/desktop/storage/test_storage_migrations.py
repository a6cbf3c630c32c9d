"""One test per migration, Signal Desktop style: build version N-1, insert edge-case rows,
migrate, assert exact contents. Plus: the chain is linear and its head matches the models."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desktop.storage import migrate
from desktop.storage.db import Database
from desktop.storage.models import Base


@pytest.fixture
def db(tmp_path: Path):
    database = Database(tmp_path / "clinic.db", os.urandom(32))
    yield database
    database.dispose()


def _rows(db: Database, sql: str) -> list[tuple]:
    with db.read_session() as s:
        return [tuple(r) for r in s.execute(text(sql))]


def _exec(db: Database, sql: str, **params) -> None:
    with db.write_engine.begin() as conn:
        conn.execute(text(sql), params)


def test_chain_is_linear_and_numbered() -> None:
    revs = migrate.revisions()
    assert revs[0] == "0001_accounts_audit"
    for n, rev in enumerate(revs, start=1):
        assert rev.startswith(f"{n:04d}_"), revs
    assert migrate.head() == revs[-1]


def test_head_schema_matches_the_models(db: Database) -> None:
    migrate.upgrade(db)
    with db.read_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_0001_accounts_audit_from_empty(db: Database) -> None:
    assert migrate.current_revision(db) is None
    migrate.upgrade(db, "0001_accounts_audit")
    assert migrate.current_revision(db) == "0001_accounts_audit"
    _exec(
        db,
        "INSERT INTO accounts VALUES ('a1', 'ravi.k', 'रवि कुमार (डॉ.)', 'doctor', '$argon2id$x',"
        " 4, '2026-11-25 10:00:00.000000', 1, '2026-11-01 00:00:00.000000', NULL)",
    )
    with pytest.raises(Exception, match="CHECK"):
        _exec(
            db,
            "INSERT INTO accounts VALUES ('a2', 'x', 'X', 'nurse', 'h', 0, NULL, 1,"
            " '2026-11-01 00:00:00.000000', NULL)",
        )
    assert _rows(db, "SELECT id, display_name, failed_attempts FROM accounts") == [
        ("a1", "रवि कुमार (डॉ.)", 4)
    ]
    triggers = _rows(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    assert triggers == [("audit_log_no_delete",), ("audit_log_no_update",)]


def test_0002_blobs_outbox_keeps_0001_rows_exactly(db: Database) -> None:
    migrate.upgrade(db, "0001_accounts_audit")
    # Edge cases at N-1: Devanagari, NULLs, a locked account, an inactive one, max lengths,
    # audit rows with and without a patient.
    accounts = [
        (
            "a1",
            "ravi.k",
            "रवि कुमार",
            "doctor",
            "$argon2id$h1",
            0,
            None,
            1,
            "2026-11-01 00:00:00.000000",
            None,
        ),
        (
            "a2",
            "u" * 64,
            "N" * 200,
            "operator",
            "$argon2id$h2",
            3,
            "2026-11-25 10:05:00.000000",
            1,
            "2026-11-02 00:00:00.000000",
            "2026-11-20 08:00:00.123456",
        ),
        (
            "a3",
            "old.admin",
            "Old Admin",
            "admin",
            "$argon2id$h3",
            0,
            None,
            0,
            "2020-02-29 23:59:59.999999",
            None,
        ),
    ]
    for row in accounts:
        _exec(
            db,
            "INSERT INTO accounts VALUES (:a,:b,:c,:d,:e,:f,:g,:h,:i,:j)",
            **dict(zip("abcdefghij", row, strict=True)),
        )
    facility = (
        1,
        "HWC सिरसा",
        "IN0610000001",
        "spoke",
        "Bihar",
        "Gaya",
        "",
        "2026-11-01 00:00:00.000000",
    )
    _exec(
        db,
        "INSERT INTO facility VALUES (:a,:b,:c,:d,:e,:f,:g,:h)",
        **dict(zip("abcdefgh", facility, strict=True)),
    )
    audit_rows = [
        (
            1,
            "2026-11-25 10:00:00.000001",
            "ravi.k",
            "doctor",
            "read",
            "p" * 32,
            "consult",
            "c1",
            "dev",
            "0" * 64,
            "1" * 64,
        ),
        (
            2,
            "2026-11-25 10:00:01.000000",
            "unknown",
            "none",
            "login-failed",
            None,
            None,
            None,
            "dev",
            "1" * 64,
            "2" * 64,
        ),
    ]
    for row in audit_rows:
        _exec(
            db,
            "INSERT INTO audit_log VALUES (:a,:b,:c,:d,:e,:f,:g,:h,:i,:j,:k)",
            **dict(zip("abcdefghijk", row, strict=True)),
        )
    _exec(db, "INSERT INTO audit_head VALUES (1, 2, :h)", h="2" * 64)

    migrate.upgrade(db, "0002_blobs_outbox")

    assert migrate.current_revision(db) == "0002_blobs_outbox"
    assert _rows(db, "SELECT * FROM accounts ORDER BY id") == accounts
    assert _rows(db, "SELECT * FROM facility") == [facility]
    assert _rows(db, "SELECT * FROM audit_log ORDER BY id") == audit_rows
    assert _rows(db, "SELECT * FROM audit_head") == [(1, 2, "2" * 64)]
    assert _rows(db, "SELECT count(*) FROM blobs") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM outbox") == [(0,)]
    # The new tables work with their constraints.
    _exec(
        db,
        "INSERT INTO outbox (entity_type, entity_id, operation, payload, created_at,"
        " attempts, state) VALUES ('patient', 'p1', 'create', '{\"n\": \"राम\"}',"
        " '2026-11-25 10:00:00.000000', 0, 'pending')",
    )
    with pytest.raises(Exception, match="FOREIGN KEY"):
        _exec(
            db,
            "INSERT INTO outbox (entity_type, entity_id, operation, payload, created_at,"
            " attempts, state, depends_on) VALUES ('c', 'c1', 'create', '{}',"
            " '2026-11-25 10:00:00.000000', 0, 'pending', 42)",
        )


def test_0004_account_admin_flags_the_first_account_and_admins(db: Database) -> None:
    migrate.upgrade(db, "0003_clinical")
    accounts = [
        # (id, username, display_name, role, hash, failed, locked_until, active, created, last)
        (
            "b2",
            "cho.later",
            "Later CHO",
            "operator",
            "$argon2id$h",
            0,
            None,
            1,
            "2026-11-02 09:00:00.000000",
            None,
        ),
        (
            "a1",
            "cho.first",
            "सुनीता देवी",
            "operator",
            "$argon2id$h",
            2,
            "2026-11-25 10:05:00.000000",
            1,
            "2026-11-01 09:00:00.000000",
            None,
        ),
        (
            "c3",
            "it.admin",
            "IT Admin",
            "admin",
            "$argon2id$h",
            0,
            None,
            0,
            "2026-11-03 09:00:00.000000",
            "2026-11-20 08:00:00.123456",
        ),
        (
            "d4",
            "dr.x",
            "Dr X",
            "doctor",
            "$argon2id$h",
            0,
            None,
            1,
            "2026-11-04 09:00:00.000000",
            None,
        ),
    ]
    for row in accounts:
        _exec(
            db,
            "INSERT INTO accounts VALUES (:a,:b,:c,:d,:e,:f,:g,:h,:i,:j)",
            **dict(zip("abcdefghij", row, strict=True)),
        )

    migrate.upgrade(db, "0004_account_admin")

    got = _rows(
        db,
        "SELECT id, username, display_name, role, password_hash, failed_attempts,"
        " locked_until, active, created_at, last_login_at, is_admin FROM accounts"
        " ORDER BY id",
    )
    flags = {"a1": 1, "b2": 0, "c3": 1, "d4": 0}  # the first created, and the admin role
    assert got == [(*row, flags[row[0]]) for row in sorted(accounts)]


def test_0005_hub_news_adds_hub_state_and_turns_queued_bundles_into_bodies(db: Database) -> None:
    migrate.upgrade(db, "0004_account_admin")
    pid, cid = "a" * 32, "c" * 32
    _exec(
        db,
        "INSERT INTO patients (id, code, given_name, family_name, sex, birth_estimated, mobile,"
        " no_mobile_reason, abha_number, abha_address, district, locality, address_line, pin,"
        " guardian_name, guardian_relation, photo_blob_id, key_name, key_family, key_skeleton,"
        " created_at, updated_at, created_by, updated_by, version) VALUES (:p, 'P-1', 'सीता',"
        " '', 'female', 0, '', '', '', '', '', '', '', '', '', '', NULL, 'a', 'a', 'a',"
        " '2026-01-01', '2026-01-01', 'x', 'x', 1)",
        p=pid,
    )
    _exec(
        db,
        "INSERT INTO consults (id, patient_id, status, specialty, priority, intake, created_by,"
        " created_at, updated_at, version) VALUES (:c, :p, 'ready', 'ent', 'urgent',"
        " '{\"allergies\": \"Penicillin\"}', 'x', '2026-01-01', '2026-01-02', 3)",
        c=cid,
        p=pid,
    )
    encounter = {
        "resourceType": "Encounter",
        "id": cid,
        "subject": {"reference": f"Patient/{pid}"},
        "priority": {"coding": [{"code": "UR"}]},
        "serviceType": {"coding": [{"code": "ent"}]},
    }
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": pid}},
            {"resource": encounter},
        ],
        "_sync": {"attempt": "नया"},
    }
    box = (
        "INSERT INTO outbox (entity_type, entity_id, operation, payload, created_at, attempts,"
        " state) VALUES (:t, :e, 'create', :p, '2026-01-01', 0, :s)"
    )
    _exec(db, box, t="patient", e=pid, p='{"resourceType": "Patient"}', s="done")
    _exec(db, box, t="patient", e=pid, p='{"resourceType": "Patient"}', s="pending")
    _exec(db, box, t="consult", e=cid, p=json.dumps(bundle, ensure_ascii=False), s="pending")
    _exec(db, box, t="consult", e="d" * 32, p=json.dumps(bundle), s="done")  # sent: as it was
    migrate.upgrade(db, "0005_hub_news")

    assert _rows(
        db,
        "SELECT id, status, hub_status, hub_position, hub_wait_seconds,"
        " hub_status_at, version FROM consults",
    ) == [(cid, "ready", "", None, None, None, 3)]
    rows = _rows(db, "SELECT id, entity_type, payload, depends_on, state FROM outbox ORDER BY id")
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        (1, "patient", None, "done"),
        (2, "patient", None, "pending"),
        (3, "consult", 2, "pending"),  # after the patient's latest row
        (4, "consult", None, "done"),
    ]
    assert json.loads(rows[2][2]) == {
        "patient_id": str(uuid.UUID(pid)),
        "specialty": "ent",
        "priority": "urgent",
        "resources": [encounter],
        "final": True,
        "_sync": {"attempt": "नया"},
    }
    assert json.loads(rows[3][2]) == bundle
    assert _rows(db, "SELECT count(*) FROM prescriptions") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM consult_status_changes") == [(0,)]


def test_head_is_read_from_the_migration_files_as_alembic_reads_it() -> None:
    from desktop.storage import migrate

    assert migrate.head_from_files() == migrate.head()


def test_a_database_at_the_head_opens_without_alembic(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Start-up: an up-to-date database is recognised by one query (Alembic's import and
    script walk cost ~0.25 s on the way to the sign-in dialog)."""
    import os

    from desktop.storage import migrate
    from desktop.storage.db import Database

    db = Database(tmp_path / "clinic.db", os.urandom(32))
    try:
        assert migrate.upgrade(db) == migrate.head()

        def no_alembic(*_args: object) -> None:
            raise AssertionError("Alembic was asked")

        for name in ("head", "revisions", "current_revision", "alembic_config"):
            monkeypatch.setattr(migrate, name, no_alembic)
        assert migrate.upgrade(db) == migrate.head_from_files()
        assert migrate.check_not_newer(db) == migrate.head_from_files()
    finally:
        db.dispose()


def test_0006_rx_verification_marks_old_prescriptions_unverifiable(db: Database) -> None:
    migrate.upgrade(db, "0005_hub_news")
    pid, cid = "a" * 32, "c" * 32
    _exec(
        db,
        "INSERT INTO patients (id, code, given_name, family_name, sex, birth_estimated, mobile,"
        " no_mobile_reason, abha_number, abha_address, district, locality, address_line, pin,"
        " guardian_name, guardian_relation, photo_blob_id, key_name, key_family, key_skeleton,"
        " created_at, updated_at, created_by, updated_by, version) VALUES (:p, 'P-1', 'सीता',"
        " '', 'female', 0, '', '', '', '', '', '', '', '', '', '', NULL, 'a', 'a', 'a',"
        " '2026-01-01', '2026-01-01', 'x', 'x', 1)",
        p=pid,
    )
    _exec(
        db,
        "INSERT INTO consults (id, patient_id, status, specialty, priority, intake, created_by,"
        " created_at, updated_at, version, hub_status) VALUES (:c, :p, 'prescribed', 'ent',"
        " 'routine', '{}', 'x', '2026-01-01', '2026-01-02', 3, 'completed')",
        c=cid,
        p=pid,
    )
    _exec(
        db,
        "INSERT INTO prescriptions (id, consult_id, doctor_id, registration_number, content,"
        " signature, payload_sha256, verified, created_at, received_at) VALUES ('r1', :c, 'd1',"
        " 'MP-1', '{\"advice\": \"आराम\"}', 'sig', 'ab', NULL, '2026-01-02', '2026-01-02')",
        c=cid,
    )
    migrate.upgrade(db, "0006_rx_verification")
    assert _rows(
        db,
        "SELECT id, content, verified, signing_key, verification, verify_reason, replaces,"
        " referral_status, referral_status_at FROM prescriptions",
    ) == [("r1", '{"advice": "आराम"}', None, "", "unverifiable", "no_key", "", "", None)]
    assert _rows(db, "SELECT id, status, follow_up_of FROM consults") == [(cid, "prescribed", None)]
    assert _rows(db, "SELECT count(*) FROM doctor_keys") == [(0,)]


def test_0007_stock_and_mode_marks_old_consults_video_and_starts_an_empty_stock(
    db: Database,
) -> None:
    migrate.upgrade(db, "0006_rx_verification")
    pid, cid = "a" * 32, "c" * 32
    _exec(
        db,
        "INSERT INTO patients (id, code, given_name, family_name, sex, birth_estimated, mobile,"
        " no_mobile_reason, abha_number, abha_address, district, locality, address_line, pin,"
        " guardian_name, guardian_relation, photo_blob_id, key_name, key_family, key_skeleton,"
        " created_at, updated_at, created_by, updated_by, version) VALUES (:p, 'P-1', 'सीता',"
        " '', 'female', 0, '', '', '', '', '', '', '', '', '', '', NULL, 'a', 'a', 'a',"
        " '2026-01-01', '2026-01-01', 'x', 'x', 1)",
        p=pid,
    )
    _exec(
        db,
        "INSERT INTO consults (id, patient_id, status, specialty, priority, intake, created_by,"
        " created_at, updated_at, version, hub_status) VALUES (:c, :p, 'ready', 'ent',"
        " 'urgent', '{\"complaint_text\": \"खांसी\"}', 'x', '2026-01-01', '2026-01-02', 3, '')",
        c=cid,
        p=pid,
    )
    migrate.upgrade(db, "0007_stock_and_mode")
    assert _rows(db, "SELECT id, status, priority, intake, mode FROM consults") == [
        (cid, "ready", "urgent", '{"complaint_text": "खांसी"}', "video")
    ]
    assert _rows(db, "SELECT count(*) FROM stock_items") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM stock_dispensed") == [(0,)]
