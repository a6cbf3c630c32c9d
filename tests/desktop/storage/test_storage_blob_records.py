"""Blob rows and the upload gate: damaged blobs are flagged and refused, blobs written before
the hub key was known are re-encrypted to include it and their row updated."""

from __future__ import annotations

import os
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from desktop.storage import blob_records, migrate
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.errors import BlobDamagedError
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.writer import DbWriter


@pytest.fixture
def parts(tmp_path: Path):
    db = Database(tmp_path / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    writer = DbWriter(db)
    store = BlobStore(tmp_path / "blobs", x25519.Identity.generate())
    yield store, writer, db
    writer.close()
    db.dispose()


def test_blob_from_before_the_hub_key_is_reencrypted_for_upload(parts) -> None:
    store, writer, db = parts
    ref = store.put("recording-segment", b"segment" * 5000)
    writer.run(lambda s: blob_records.record(s, ref, "consult", "c1"))
    hub = x25519.Identity.generate()
    store.add_recipient(hub.to_public())
    up = blob_records.ready_for_upload(store, writer, ref.blob_id)
    assert up.sha256 != ref.sha256
    assert pyrage.decrypt(store.path_of(ref.blob_id).read_bytes(), [hub]) == b"segment" * 5000
    with db.read_session() as s:
        row = s.get(BlobRecord, ref.blob_id)
        assert row.sha256 == up.sha256 and str(hub.to_public()) in row.recipients
    assert blob_records.ready_for_upload(store, writer, ref.blob_id) == up  # now a no-op


@pytest.mark.expected_errors("failed its checksum")
def test_damaged_blob_is_flagged_and_never_handed_out(parts) -> None:
    store, writer, db = parts
    ref = store.put("photo", os.urandom(10_000))
    writer.run(lambda s: blob_records.record(s, ref, "attachment", "a1"))
    path = store.path_of(ref.blob_id)
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(BlobDamagedError):
        blob_records.ready_for_upload(store, writer, ref.blob_id)
    with db.read_session() as s:
        assert s.get(BlobRecord, ref.blob_id).damaged
    with pytest.raises(BlobDamagedError):
        blob_records.ready_for_upload(store, writer, ref.blob_id)
