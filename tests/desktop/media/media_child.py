"""The recording processes the kill tests shoot: a test pattern recorded until killed."""

from __future__ import annotations

import json
import os
import signal
import threading
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyrage import x25519

from desktop import paths
from desktop.media import offline, sources
from desktop.media.encoders import PRESETS
from desktop.media.journal import Journal, SegmentInfo
from desktop.media.recorder import Recording, _OpenSegment
from desktop.storage import consult_repo
from desktop.storage.audit import Actor
from desktop.storage.blob_io import BlobWriter
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter

# Where ``record_until_held`` stops for the kill, for segment ``k`` (``started``: k is 0).
KILL_POINTS = (
    "started",  # the journal exists, no segment yet
    "blob-writing",  # segment k's encrypted file is being written (a partial file)
    "blob-durable",  # segment k's blob is fsynced and renamed, its journal line not written
    "journal-torn",  # half of segment k's journal line is on disk
    "journaled",  # segment k's journal line is on disk (fsynced)
)


def record_until_held(profile: str, identity: str, point: str, k: int, conn: Connection) -> None:
    """Record a test pattern in 0.4 s segments and, at ``point`` of segment ``k``, tell the
    parent (one message on ``conn``) and hold still there until it kills this process. The
    recording thread stops at that point; the others (x264's, the encryptor) go on."""
    if point not in KILL_POINTS:
        raise ValueError(point)
    locs = paths.init(profile)
    store = BlobStore(locs.blobs, x25519.Identity.from_str(identity))
    segment_of: dict[int, int] = {}  # id(BlobWriter) -> segment index
    journaled = 0  # segment lines on disk

    def hold(**detail: Any) -> None:
        conn.send({"point": point, "k": k, "journaled": journaled, **detail})
        threading.Event().wait()  # until SIGKILL

    open_segment = Recording._segment

    def tracked_segment(self: Recording, index: int) -> _OpenSegment:
        seg = open_segment(self, index)
        segment_of[id(seg.writer)] = index
        return seg

    write, close = BlobWriter.write, BlobWriter.close

    def write_then_hold(self: BlobWriter, data: bytes | bytearray | memoryview) -> int:
        n = write(self, data)
        if point == "blob-writing" and segment_of.get(id(self)) == k:
            hold(partial=self._temp.name)
        return n

    def close_then_hold(self: BlobWriter) -> BlobRef:
        ref = close(self)
        if point == "blob-durable" and segment_of.get(id(self)) == k:
            hold(blob_id=ref.blob_id)
        return ref

    start, segment = Journal.start.__func__, Journal.segment  # type: ignore[attr-defined]

    def start_then_hold(cls: type[Journal], *args: Any, **kw: Any) -> Journal:
        journal = start(cls, *args, **kw)
        if point == "started":
            hold()
        return journal  # type: ignore[no-any-return]

    def segment_then_hold(self: Journal, info: SegmentInfo) -> None:
        nonlocal journaled
        if point == "journal-torn" and info.index == k:
            event = {"event": "segment", **asdict(info)}
            line = (json.dumps(event, separators=(",", ":")) + "\n").encode()
            self._append_raw(line[: len(line) // 2])
            hold()
        segment(self, info)
        journaled += 1
        if point == "journaled" and info.index == k:
            hold()

    Recording._segment = tracked_segment  # type: ignore[method-assign]
    BlobWriter.write = write_then_hold  # type: ignore[method-assign]
    BlobWriter.close = close_then_hold  # type: ignore[method-assign]
    Journal.start = classmethod(start_then_hold)  # type: ignore[assignment,method-assign]
    Journal.segment = segment_then_hold  # type: ignore[method-assign]
    recording = Recording(store, PRESETS["low"], segment_seconds=0.4)
    offline.feed(
        recording,
        sources.test_pattern(320, 240, 15, realtime=False),
        sources.test_tone(realtime=False),
        seconds=60,
        pool=15,
    )
    conn.send({"point": "never reached"})


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
