"""The note at start about recordings cut off by a crash counts only those of which something
was kept: a recording cut off before its first segment was saved (a full disk, a kill in the
first seconds) is finalized, but nothing of it was recovered."""

from __future__ import annotations

import os

from pyrage import x25519

from desktop import paths
from desktop.media import journal
from desktop.media.journal import Journal, SegmentInfo
from desktop.media.recovery import recover_interrupted_recordings
from desktop.settings import Settings
from desktop.storage.blobs import BlobStore
from desktop.ui.clinic_app import ClinicApp
from desktop.ui.shell import build_shell


def _orphan(store: BlobStore, segments: int) -> None:
    """A recording journal left by a process that was killed, with ``segments`` saved."""
    j = Journal.start(journal.recordings_dir(), "standard", 640, 480, 30, 48000)
    for i in range(segments):
        ref = store.put("recording-segment", os.urandom(1000))
        j.segment(SegmentInfo(i, ref.blob_id, ref.sha256, ref.size, 4.0 * i, 4.0, 120, 192000))
    journal._live.discard(j.manifest.recording_id)


def test_only_recordings_with_something_kept_are_counted(profile: paths.Locations, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = BlobStore(profile.blobs, x25519.Identity.generate())
    clinic = ClinicApp(Settings())
    clinic.shell = build_shell(Settings())
    qtbot.addWidget(clinic.shell.window)
    status = clinic.shell.window.statusBar()

    _orphan(store, segments=0)  # disk full before the first segment
    recovered = recover_interrupted_recordings(store).finalized
    assert len(recovered) == 1
    clinic.on_recordings_recovered(recovered)
    assert status.currentMessage() == ""

    _orphan(store, segments=0)
    _orphan(store, segments=2)
    recovered = recover_interrupted_recordings(store).finalized
    assert len(recovered) == 2
    clinic.on_recordings_recovered(recovered)
    assert status.currentMessage() == "1 interrupted recording was recovered and kept."
