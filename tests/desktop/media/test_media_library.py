"""A consult's recordings play after their segments were re-encrypted to the hub's key
before upload: the listing takes each segment's checksum from the database, not the
journal's first one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyrage import x25519

from desktop import paths
from desktop.media import library, offline, playback, sources
from desktop.media.encoders import PRESETS
from desktop.media.recorder import Recording
from desktop.storage import blob_records, migrate
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.db import Database
from desktop.storage.errors import BlobDamagedError
from desktop.storage.writer import DbWriter

CONSULT = "c" * 32


def test_recording_plays_after_its_segments_were_reencrypted_for_the_hub(
    store: BlobStore, tmp_path: Path, profile: paths.Locations
) -> None:
    manifest = offline.record(
        Recording(store, PRESETS["low"], consult_id=CONSULT),
        sources.test_pattern(640, 360, 15, realtime=False),
        sources.test_tone(realtime=False),
        4,
    )
    db = Database(tmp_path / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    writer = DbWriter(db)
    try:
        for seg in manifest.segments:
            ref = BlobRef(seg.blob_id, seg.sha256, seg.size, library.SEGMENT_KIND)
            writer.run(lambda s, ref=ref: blob_records.record(s, ref, "consult", CONSULT))
        store.add_recipient(x25519.Identity.generate().to_public())  # the hub, enrolled later
        for seg in manifest.segments:
            blob_records.ready_for_upload(store, writer, seg.blob_id)
        with db.read_session() as session:
            [listed] = library.consult_recordings(session, CONSULT)
    finally:
        writer.close()
        db.dispose()
    assert [s.sha256 for s in listed.segments] != [s.sha256 for s in manifest.segments]
    with pytest.raises(BlobDamagedError):  # the journal's checksum no longer fits the file
        next(playback.video_frames(store, manifest))
    assert sum(1 for _ in playback.video_frames(store, listed)) == 4 * 15
