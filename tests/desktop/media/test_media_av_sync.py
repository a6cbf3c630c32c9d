"""Audio and video stay within 40 ms: a flash and a beep at the same moments, recorded,
decoded back, and their onsets compared."""

from __future__ import annotations

import pytest

from desktop import paths
from desktop.media import capture, offline, playback, sources
from desktop.media.encoders import PRESETS
from desktop.media.journal import RecordingManifest
from desktop.media.recorder import Recorder, Recording
from desktop.storage.blobs import BlobStore
from tests.helpers.media import (
    SteppedClock,
    beep_onsets,
    flash_onsets,
    pair_offsets,
    wait_until,
)

TOLERANCE = 0.040


def _onsets(store: BlobStore, manifest: RecordingManifest) -> tuple[list[float], list[float]]:
    frames = [(f.time, float(f.image.mean())) for f in playback.video_frames(store, manifest)]
    chunks = [(c.time, c.samples) for c in playback.audio_chunks(store, manifest)]
    return flash_onsets(frames), beep_onsets(chunks)


CAMERA = {"low": (640, 480), "standard": (640, 480), "high": (1280, 720)}


@pytest.mark.parametrize("name", ["low", "standard", "high"])
def test_flash_and_beep_line_up_after_recording(name: str, store: BlobStore) -> None:
    preset = PRESETS[name]
    width, height = CAMERA[name]  # "high" records 720p only from a 720p camera
    # Flashes every 0.8 s (on frame times at 15 and 30 fps); the tenth lands exactly on
    # the 8 s segment boundary.
    video = sources.flash_pattern(width, height, preset.fps, period=0.8, first=0.8, realtime=False)
    audio = sources.beep_pattern(period=0.8, first=0.8, realtime=False)
    manifest = offline.record(Recording(store, preset), video, audio, 10)
    assert (manifest.width, manifest.height) == preset.frame_size(width, height)
    flashes, beeps = _onsets(store, manifest)
    expected = [0.8 * k for k in range(1, 13)]
    assert len(flashes) == len(expected) and len(beeps) == len(expected)
    # Each stream on its own is where it belongs...
    for got, want in zip(flashes, expected, strict=True):
        assert abs(got - want) < 1 / preset.fps + 0.002
    for got, want in zip(beeps, expected, strict=True):
        assert abs(got - want) < 0.005
    # ...and together they are within 40 ms.
    offsets = pair_offsets(flashes, beeps)
    print(f"A/V offsets at {name}: max {1000 * max(abs(o) for o in offsets):.1f} ms")
    assert max(abs(o) for o in offsets) < TOLERANCE, offsets


def test_live_pipeline_keeps_sync(store: BlobStore, profile: paths.Locations) -> None:
    """Capture threads feeding the recorder thread, as in a consult, with the sources paced
    by a clock the test moves one camera frame at a time: the threads interleave as live,
    but what is recorded does not depend on the machine's speed (real-time behaviour is
    measured in bench/media_recording_lag.py and bench/media_pipeline_cpu.py)."""
    clock = SteppedClock()
    paced = {"origin": 0.0, "clock": clock}  # both sources start their clocks together
    video_cap = capture.video_capture(
        sources.flash_pattern(640, 480, 30, period=1.0, first=0.5, **paced),
        stall_after=3600,  # the stepped clock stands still for the watchdog's clock
    )
    audio_cap = capture.audio_capture(
        sources.beep_pattern(period=1.0, first=0.5, **paced), stall_after=3600
    )
    recording = Recording(store, PRESETS["standard"])
    recorder = Recorder(recording, video_cap.media, audio_cap.media)
    recorder.start()
    audio_cap.start()
    video_cap.start()
    frames = 117  # 3.9 s at 30 fps
    for n in range(frames):
        clock.advance_to(n / 30)
        clock.wait_idle(2)  # frame n and the sound up to it are published
        wait_until(lambda n=n: round(recorder.elapsed * 30) == n + 1)  # and frame n recorded
    manifest = recorder.stop()
    clock.advance_to(float("inf"))  # the paced threads wake, see the stop and end
    video_cap.stop()
    audio_cap.stop()
    assert not video_cap.running and not audio_cap.running  # no capture thread outlives the test
    assert manifest is not None and recorder.error is None
    assert recording.dropped_video == recording.dropped_audio == 0
    flashes, beeps = _onsets(store, manifest)
    expected = [0.5, 1.5, 2.5, 3.5]
    assert len(flashes) == len(beeps) == len(expected)
    for got, want in zip(flashes, expected, strict=True):
        assert abs(got - want) < 1 / 30 + 0.002
    for got, want in zip(beeps, expected, strict=True):
        assert abs(got - want) < 0.005
    offsets = pair_offsets(flashes, beeps)
    print(f"A/V offsets live: max {1000 * max(abs(o) for o in offsets):.1f} ms")
    assert max(abs(o) for o in offsets) < TOLERANCE, offsets
