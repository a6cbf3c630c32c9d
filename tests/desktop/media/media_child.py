"""The recording process the kill test shoots: records a test pattern until killed."""

from __future__ import annotations

from pyrage import x25519

from desktop import paths
from desktop.media import offline, sources
from desktop.media.encoders import PRESETS
from desktop.media.recorder import Recording
from desktop.storage.blobs import BlobStore


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
