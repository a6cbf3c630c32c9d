"""SIGKILL a recording process at random moments: committed segments survive and decode,
the orphan is finalized at the next start, and nothing on disk is plaintext media."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time
from pathlib import Path

import av
import media_child
import pytest
from pyrage import x25519

from desktop import paths
from desktop.media import journal
from desktop.media.recovery import recover_interrupted_recordings
from desktop.storage.blobs import BlobStore
from tests.helpers.media import AGE_HEADER, plaintext_media_on_disk

KILLS = 12


def _wait_for_new_journal(folder: Path, known: set[Path], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if set(folder.glob("*.journal")) - known:
            return
        time.sleep(0.005)
    raise AssertionError("the recording process never started recording")


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
    rng = random.Random(7)
    total_segments = 0
    for _ in range(KILLS):
        known = set(folder.glob("*.journal"))
        child = ctx.Process(
            target=media_child.record_until_killed,
            args=(str(profile.data.parent), str(identity)),
        )
        child.start()
        assert child.pid is not None
        _wait_for_new_journal(folder, known)
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
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
        assert list(store.partial_dir.iterdir()) == []
        manifest = recovered[0]
        assert [s.index for s in manifest.segments] == list(range(len(manifest.segments)))
        for seg in manifest.segments:
            with av.open(store.open(seg.blob_id, seg.sha256)) as container:
                frames = sum(1 for _ in container.decode(video=0))
            assert frames == seg.video_frames == 6  # 0.4 s at 15 fps: every one complete
        total_segments += len(manifest.segments)

    print(f"{KILLS} kills, {total_segments} committed segments, all decoded")
    assert total_segments > 0
    assert all(m.finished for m in journal.list_recordings(folder))
    assert journal.recover_orphans(folder) == []  # a second start finds nothing to do
