"""A kill between a segment's journal line and its database row: the segment is journaled
(kept on the PC) but never filed or queued for upload. Start-up recovery finds it in the
journal without a row and files it under its consult with its upload row, once."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import media_child
import pytest
from pyrage import x25519
from sqlalchemy import select

from desktop import paths
from desktop.media import journal
from desktop.media.recovery import recover_interrupted_recordings
from desktop.storage import blob_records, consult_repo, migrate, patient_repo
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.writer import DbWriter
from tests.helpers.clinical import person

ACTOR = Actor("cho.meena", "operator", "spoke-test")
DIE_AT = 2  # the third segment: the first two are filed, the third only journaled


@dataclass
class Clinic:
    store: BlobStore
    identity: x25519.Identity
    key: bytes
    consult_id: str


@pytest.fixture
def clinic(profile: paths.Locations) -> Iterator[Clinic]:
    identity = x25519.Identity.generate()
    key = os.urandom(32)
    db = Database(profile.database, key)
    migrate.upgrade(db)
    writer = DbWriter(db)
    try:
        reg = writer.run(
            lambda s: patient_repo.register(
                s, person("Sunita", "Devi", sex="female"), ACTOR, date(2026, 11, 25)
            )
        )
        assert reg.patient is not None
        patient_id = reg.patient.id
        consult = writer.run(lambda s: consult_repo.create_draft(s, patient_id, ACTOR))
    finally:
        writer.close()
        db.dispose()
    yield Clinic(BlobStore(profile.blobs, identity), identity, key, consult.id)


def _segment_rows(db: Database) -> tuple[list[str], list[str]]:
    """Blob ids with a database row, and blob ids with an upload row (sorted)."""
    with db.read_session() as s:
        blobs = s.scalars(
            select(BlobRecord.blob_id).where(BlobRecord.kind == "recording-segment")
        ).all()
        uploads = s.scalars(
            select(OutboxEntry.entity_id).where(
                OutboxEntry.entity_type == "blob", OutboxEntry.operation == "upload"
            )
        ).all()
    return sorted(blobs), sorted(uploads)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_segment_killed_after_its_journal_line_is_queued_for_upload_at_start(
    profile: paths.Locations, clinic: Clinic
) -> None:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["media_child"])
    child = ctx.Process(
        target=media_child.record_and_die_after_journal_line,
        args=(
            str(profile.data.parent),
            str(clinic.identity),
            str(profile.database),
            clinic.key.hex(),
            clinic.consult_id,
            DIE_AT,
        ),
    )
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL

    (manifest,) = journal.list_recordings(journal.recordings_dir())
    assert not manifest.finished and manifest.consult_id == clinic.consult_id
    journaled = [s.blob_id for s in manifest.segments]
    assert len(journaled) == DIE_AT + 1

    # Next start: the database has the first two segments; the third is on disk only.
    db = Database(profile.database, clinic.key)
    writer = DbWriter(db)
    try:
        blobs, uploads = _segment_rows(db)
        assert blobs == uploads == sorted(journaled[:DIE_AT])

        result = recover_interrupted_recordings(clinic.store, writer, ACTOR)
        assert [m.recording_id for m in result.kept] == [manifest.recording_id]
        assert result.queued == 1
        blobs, uploads = _segment_rows(db)
        assert blobs == uploads == sorted(journaled)  # every journaled segment will be sent
        with db.read_session() as s:
            row = s.get(BlobRecord, journaled[DIE_AT])
            assert row is not None
            assert (row.owner_type, row.owner_id) == ("consult", clinic.consult_id)
        # And it is a sendable blob: checksum right, encrypted to whoever must read it.
        ref = blob_records.ready_for_upload(clinic.store, writer, journaled[DIE_AT])
        with clinic.store.open(ref.blob_id, ref.sha256) as reader:
            assert reader.read(8)[4:8] == b"ftyp"

        again = recover_interrupted_recordings(clinic.store, writer, ACTOR)
        assert again.finalized == [] and again.queued == 0  # idempotent
        assert _segment_rows(db) == (sorted(journaled), sorted(journaled))
    finally:
        writer.close()
        db.dispose()
