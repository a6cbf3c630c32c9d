"""SIGKILL a recording process at chosen points of its segments (before the first, while a
segment's encrypted file is written, between its blob and its journal line, half-way through
the journal line, just after it): exactly the segments journaled before the kill survive and
decode, the orphan is finalized at the next start, and nothing on disk is plaintext media."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

import av
import media_child
import pytest
from pyrage import x25519

from desktop import paths
from desktop.media import journal
from desktop.media.recovery import recover_interrupted_recordings
from desktop.storage.blobs import BlobStore
from tests.helpers.media import AGE_HEADER, plaintext_media_on_disk

# (where the process is held for the kill, segment k, segments the journal keeps). A
# segment's file is opened when the first picture or sound past the previous one's end
# arrives, before the previous one is closed (its other stream may still be short): what a
# kill there keeps is what was journaled at that moment, k - 1 or k (None: either).
KILLS: list[tuple[str, int, int | None]] = [
    ("started", 0, 0),
    ("blob-writing", 0, 0),
    ("blob-writing", 2, None),
    ("blob-durable", 0, 0),
    ("blob-durable", 1, 1),
    ("journal-torn", 0, 0),
    ("journal-torn", 2, 2),
    ("journaled", 0, 1),
    ("journaled", 3, 4),
]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_recording_loses_at_most_the_segment_in_progress(
    profile: paths.Locations,
) -> None:
    identity = x25519.Identity.generate()
    store = BlobStore(profile.blobs, identity)
    folder = journal.recordings_dir()
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["media_child"])  # import PyAV/OpenCV once, fork per kill
    total_segments = 0
    for point, k, kept in KILLS:
        known = {m.recording_id for m in journal.list_recordings(folder)}
        ours, theirs = ctx.Pipe(duplex=False)
        child = ctx.Process(
            target=media_child.record_until_held,
            args=(str(profile.data.parent), str(identity), point, k, theirs),
        )
        child.start()
        theirs.close()
        try:
            assert ours.poll(120), f"{point} {k}: the recording never got there"
            held = ours.recv()
            assert (held["point"], held["k"]) == (point, k)
            journaled = held["journaled"]
            if kept is not None:
                assert journaled == kept, (point, k)
            else:
                assert k - 1 <= journaled <= k, (point, k)
            if point == "blob-writing":  # the segment's file is on disk, unfinished
                assert (store.partial_dir / held["partial"]).exists()
            if point == "blob-durable":  # a whole blob the journal never mentions
                assert store.path_of(held["blob_id"]).exists()
        finally:
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            child.join()
            ours.close()
        assert child.exitcode == -signal.SIGKILL

        # Whatever was being written is either an age file in progress or nothing.
        for partial in store.partial_dir.iterdir():
            head = partial.read_bytes()[: len(AGE_HEADER)]
            assert AGE_HEADER.startswith(head)
        assert plaintext_media_on_disk(profile.data.parent) == []

        # "Next start": opening the profile's storage drops partial blobs (Storage does
        # it before any writer exists), then the orphan is found and finalized.
        store.remove_partials()
        recovered = recover_interrupted_recordings(store).finalized
        assert len(recovered) == 1 and recovered[0].finished and recovered[0].recovered
        assert recovered[0].recording_id not in known
        assert list(store.partial_dir.iterdir()) == []
        manifest = recovered[0]
        # Exactly what was journaled before the kill: nothing lost, nothing half-made.
        assert [s.index for s in manifest.segments] == list(range(journaled)), (point, k)
        for seg in manifest.segments:
            with av.open(store.open(seg.blob_id, seg.sha256)) as container:
                frames = sum(1 for _ in container.decode(video=0))
            assert frames == seg.video_frames == 6  # 0.4 s at 15 fps: every one complete
        # A torn journal line is dropped, and the end line after it still reads.
        (reread,) = [
            m for m in journal.list_recordings(folder) if m.recording_id == manifest.recording_id
        ]
        assert reread.finished and len(reread.segments) == journaled
        total_segments += journaled

    print(f"{len(KILLS)} kills, {total_segments} committed segments, all decoded")
    assert total_segments >= sum(kept or 0 for _, _, kept in KILLS)
    assert all(m.finished for m in journal.list_recordings(folder))
    assert journal.recover_orphans(folder) == []  # a second start finds nothing to do
