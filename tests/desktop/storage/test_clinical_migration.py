"""Migration 0003_clinical: built on 0002 with edge-case rows in every table (facility,
accounts, audit log, blobs, outbox), the old rows survive exactly, the audit chain still
verifies, and the clinical tables arrive empty, with their indexes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.storage import audit, migrate
from desktop.storage.audit import Actor
from desktop.storage.db import Database


def test_0003_adds_clinical_tables_and_keeps_rows(tmp_path: Path) -> None:
    db = Database(tmp_path / "clinic.db", os.urandom(32))
    try:
        migrate.upgrade(db, "0002_blobs_outbox")
        with db.write_engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO blobs (blob_id, kind, sha256, size, plaintext_size, recipients,"
                    " owner_type, owner_id, created_at, damaged) VALUES ('ab' || hex(zeroblob(15)),"
                    " 'photo', 'ff', 10, 5, '[\"age1x\"]', NULL, NULL, '2026-01-01 00:00:00', 0)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO outbox (entity_type, entity_id, operation, payload, created_at,"
                    " attempts, state) VALUES ('t', 'e1', 'create', '{\"नाम\": 1}',"
                    " '2026-01-01 00:00:00', 3, 'failed')"
                )
            )
        migrate.upgrade(db, "0003_clinical")
        assert migrate.current_revision(db) == "0003_clinical"
        with db.read_engine.connect() as conn:
            blob = conn.execute(text("SELECT kind, size, recipients FROM blobs")).one()
            assert tuple(blob) == ("photo", 10, '["age1x"]')
            box = conn.execute(text("SELECT payload, attempts, state FROM outbox")).one()
            assert tuple(box) == ('{"नाम": 1}', 3, "failed")
            for table in (
                "patients",
                "patient_history",
                "consults",
                "consult_consents",
                "consult_attachments",
                "consult_addenda",
            ):
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
            indexes = {
                r[0]
                for r in conn.execute(
                    text("SELECT name FROM sqlite_master WHERE tbl_name = 'patients'")
                )
            }
            assert {
                "ix_patients_key_name",
                "ix_patients_key_skeleton",
                "ix_patients_mobile",
            } <= indexes
        with pytest.raises(IntegrityError), db.write_engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO patients (id, code, given_name, family_name, sex, birth_estimated,"
                    " mobile, no_mobile_reason, abha_number, abha_address, district, locality,"
                    " address_line, pin, guardian_name, guardian_relation, photo_blob_id, key_name,"
                    " key_family, key_skeleton, created_at, updated_at, created_by, updated_by,"
                    " version) VALUES ('p1', 'P-1', 'A', '', 'male', 0, '', '', '', '', '', '',"
                    " '', '', '', '', 'nope', 'a', 'a', 'a', '2026-01-01', '2026-01-01', 'x', 'x',"
                    " 1)"
                )
            )
        # the photo must point at a real blob
    finally:
        db.dispose()


N_MINUS_1_ROWS = {
    "facility": [
        (1, "उप स्वास्थ्य केंद्र रामपुर", "", "spoke", "Bihar", "Gaya", "", "2026-01-01 08:00:00"),
    ],
    "accounts": [
        # username, display name in Devanagari, locked out with failures, last login
        (
            "a1",
            "asha",
            "आशा देवी",
            "operator",
            "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
            5,
            "2026-01-02 09:05:00",
            1,
            "2026-01-01 08:00:00",
            "2026-01-02 09:00:00",
        ),
        # switched off, never signed in, no lockout
        (
            "d2",
            "dr.o'brien",
            "Dr O'Brien; DROP TABLE accounts",
            "doctor",
            "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
            0,
            None,
            0,
            "2026-01-01 08:01:00",
            None,
        ),
    ],
    "blobs": [
        (
            "ab" * 16,
            "photo",
            "ff" * 32,
            10,
            5,
            '["age1x"]',
            None,
            None,
            "2026-01-01 00:00:00",
            None,
            0,
        ),
        (
            "cd" * 16,
            "recording-segment",
            "00" * 32,
            2**40,
            2**40 - 1024,
            '["age1x", "age1hub"]',
            "consult",
            "c" * 32,
            "2026-01-01 00:00:01",
            "2026-01-03 00:00:00",
            1,
        ),
    ],
    "outbox": [
        (
            1,
            "patient",
            "p1",
            "create",
            '{"नाम": 1}',
            "2026-01-01 00:00:00",
            3,
            "failed",
            None,
            "2026-01-01 00:05:00",
            "HTTP 503",
        ),
        (2, "consult", "c1", "create", "{}", "2026-01-01 00:00:02", 0, "pending", 1, None, None),
    ],
}


def _rows(db: Database, table: str) -> list[tuple[object, ...]]:
    with db.read_engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY rowid"))]


def test_0003_keeps_accounts_audit_blobs_and_outbox_exactly(tmp_path: Path) -> None:
    db = Database(tmp_path / "clinic.db", os.urandom(32))
    try:
        migrate.upgrade(db, "0002_blobs_outbox")
        with db.write_engine.begin() as conn:
            for table, rows in N_MINUS_1_ROWS.items():
                marks = ", ".join(f":c{i}" for i in range(len(rows[0])))
                for row in rows:
                    params = {f"c{i}": v for i, v in enumerate(row)}
                    conn.execute(text(f"INSERT INTO {table} VALUES ({marks})"), params)
        actors = [Actor("asha", "operator", "dev-1"), Actor("unknown", "none", "dev-1")]
        with Session(db.write_engine) as s, s.begin():
            audit.record(s, actors[0], "setup")
            audit.record(s, actors[1], "login-failed")
            audit.record(s, actors[0], "write", patient_id="p" * 32, entity_type="patient")
        audit_before = _rows(db, "audit_log")
        head_before = _rows(db, "audit_head")

        migrate.upgrade(db, "0003_clinical")

        assert migrate.current_revision(db) == "0003_clinical"
        for table, rows in N_MINUS_1_ROWS.items():
            assert _rows(db, table) == rows, table
        assert _rows(db, "audit_log") == audit_before and len(audit_before) == 3
        assert _rows(db, "audit_head") == head_before == [(1, 3, audit_before[-1][-1])]
        with Session(db.read_engine) as s:
            assert audit.verify(s) == 3
        # The append-only triggers of 0001 are still there.
        with pytest.raises(IntegrityError), db.write_engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'x' WHERE id = 1"))
        with pytest.raises(IntegrityError), db.write_engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE id = 3"))
        assert _rows(db, "audit_log") == audit_before
    finally:
        db.dispose()
