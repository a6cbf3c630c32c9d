"""The recording processes the kill tests shoot: a test pattern recorded until killed."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from pyrage import x25519

from desktop import paths
from desktop.media import offline, sources
from desktop.media.encoders import PRESETS
from desktop.media.journal import Journal, SegmentInfo
from desktop.media.recorder import Recording
from desktop.storage import consult_repo
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter


def record_until_killed(profile: str, identity: str) -> None:
    locs = paths.init(profile)
    store = BlobStore(locs.blobs, x25519.Identity.from_str(identity))
    recording = Recording(store, PRESETS["low"], segment_seconds=0.4)
    offline.feed(
        recording,
        sources.test_pattern(320, 240, 15, realtime=False),
        sources.test_tone(realtime=False),
        seconds=3600,
        pool=15,
    )


def record_and_die_after_journal_line(
    profile: str, identity: str, db_path: str, key_hex: str, consult_id: str, die_at: int
) -> None:
    """Record for a consult as the app does (each finished segment filed in the database
    and queued for upload by the segment hook) and SIGKILL this process the moment the
    journal line of segment ``die_at`` is on disk, before its hook runs."""
    locs = paths.init(profile)
    store = BlobStore(locs.blobs, x25519.Identity.from_str(identity))
    writer = DbWriter(Database(Path(db_path), bytes.fromhex(key_hex)))
    actor = Actor("cho.meena", "operator", "spoke-test")
    journaled = Journal.segment

    def segment_then_die(self: Journal, info: SegmentInfo) -> None:
        journaled(self, info)  # written and fsynced when it returns
        if info.index == die_at:
            os.kill(os.getpid(), signal.SIGKILL)

    Journal.segment = segment_then_die  # type: ignore[method-assign]

    def file_segment(ref: BlobRef) -> None:  # the app's hook, waited for here
        writer.run(lambda s: consult_repo.queue_recording_segment(s, consult_id, ref, actor))

    recording = Recording(
        store, PRESETS["low"], segment_seconds=0.4, on_segment=file_segment, consult_id=consult_id
    )
    offline.feed(
        recording,
        sources.test_pattern(320, 240, 15, realtime=False),
        sources.test_tone(realtime=False),
        seconds=60,
        pool=15,
    )
