"""Migration 0003_clinical: built on 0002 with rows in place, the old rows survive exactly
and the clinical tables arrive empty, with their indexes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop.storage import migrate
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
