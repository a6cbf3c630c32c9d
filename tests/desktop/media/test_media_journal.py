"""The recording journal: durable lines, torn last line, and orphan recovery."""

from __future__ import annotations

import json

from pyrage import x25519

from desktop import paths
from desktop.media import journal, recovery
from desktop.media.journal import Journal, SegmentInfo
from desktop.storage.blobs import BlobStore


def _segment(i: int) -> SegmentInfo:
    return SegmentInfo(i, f"{i:032x}", "ab" * 32, 100, 4.0 * i, 4.0, 120, 192000, -0.02)


def test_orphan_with_a_torn_last_line_is_finalized(profile: paths.Locations) -> None:
    folder = journal.recordings_dir()
    j = Journal.start(folder, "standard", 640, 480, 30, 48000)
    j.segment(_segment(0))
    j.segment(_segment(1))
    with open(j.path, "ab") as fh:  # killed in the middle of writing the third line
        fh.write(b'{"event":"segment","index":2,"blob_id":"00')
    done = Journal.start(folder, "low", 480, 360, 15, 48000)
    done.end()
    journal._live.clear()  # "the next start": this process is writing no recording

    recovered = journal.recover_orphans(folder)
    assert [m.recording_id for m in recovered] == [j.manifest.recording_id]
    again = journal.load(j.path)
    assert again.finished and again.recovered
    assert [s.index for s in again.segments] == [0, 1]
    assert again.duration == 8.0 and again.segments[0].offset == -0.02
    assert journal.recover_orphans(folder) == []


def test_journal_holds_no_patient_data(profile: paths.Locations) -> None:
    j = Journal.start(journal.recordings_dir(), "high", 1280, 720, 30, 48000)
    j.segment(_segment(0))
    j.end()
    keys = set()
    for line in j.path.read_text().splitlines():
        keys |= set(json.loads(line))
    assert keys <= {
        "event", "recording_id", "preset", "width", "height", "fps", "sample_rate",
        "started_at", "recovered", "index", "blob_id", "sha256", "size", "start",
        "duration", "video_frames", "audio_samples", "offset", "video_start", "consult_id",
    }  # fmt: skip


def test_a_recording_still_being_written_is_never_taken_for_an_orphan(
    profile: paths.Locations,
) -> None:
    """Recovery runs in the background at start; a recording begun meanwhile must go on."""
    folder = journal.recordings_dir()
    live = Journal.start(folder, "standard", 640, 480, 30, 48000, consult_id="c" * 32)
    live.segment(_segment(0))
    assert journal.is_live(live.manifest.recording_id)
    assert journal.recover_orphans(folder) == []
    assert not journal.load(live.path).finished
    live.segment(_segment(1))
    manifest = live.end()
    assert not journal.is_live(manifest.recording_id)
    again = journal.load(live.path)
    assert again.finished and not again.recovered and again.consult_id == "c" * 32
    assert [s.index for s in again.segments] == [0, 1]


def test_recovery_leaves_blobs_being_written_alone(profile: paths.Locations) -> None:
    """Start-up recovery runs in the background while other work may be writing blobs (a
    sync pull, an attachment): their partial files must survive it."""
    store = BlobStore(profile.blobs, x25519.Identity.generate())
    orphan = Journal.start(journal.recordings_dir(), "low", 480, 360, 15, 48000)
    journal._live.clear()  # left by a process that is gone
    writer = store.create("attachment")
    writer.write(b"x" * 100_000)
    assert list(store.partial_dir.iterdir())  # a write in progress
    result = recovery.recover_interrupted_recordings(store)
    (recovered,) = result.finalized
    assert result.kept == []  # no segment: nothing to tell the operator was kept
    assert recovered.recording_id == orphan.manifest.recording_id
    writer.write(b"y" * 1000)
    ref = writer.close()
    with store.open(ref.blob_id, ref.sha256) as reader:
        assert reader.read() == b"x" * 100_000 + b"y" * 1000
