"""A camera unplugged in the middle of a recording: the sound goes on, segments keep
closing, and the pictures continue in the same recording when the camera is back."""

from __future__ import annotations

import pytest

from desktop.media import playback, sources
from desktop.media.encoders import PRESETS
from desktop.media.frames import VideoFrame
from desktop.media.recorder import Recording
from desktop.storage.blobs import BlobStore


def test_camera_gap_mid_recording(store: BlobStore) -> None:
    preset = PRESETS["low"]
    video = sources.test_pattern(320, 240, 15, realtime=False)
    audio = sources.test_tone(realtime=False)
    video.open()
    audio.open()
    recording = Recording(store, preset)
    gap = (3.0, 9.5)  # no pictures at all from 3 s to 9.5 s (a whole segment without video)
    frames = [video.read() for _ in range(15)]
    audio_due = 0.0
    for n in range(12 * 15):
        t = n / 15
        while audio_due <= t:
            chunk = audio.read()
            recording.add_audio(chunk)
            audio_due = chunk.time + chunk.duration
        if not gap[0] <= t < gap[1]:
            recording.add_video(VideoFrame(frames[n % 15].image, t, n + 1))
    video.close()
    audio.close()
    manifest = recording.finish()
    assert manifest is not None

    assert [s.index for s in manifest.segments] == [0, 1, 2]
    assert manifest.duration == pytest.approx(12.0, abs=0.1)
    times = list(playback.frame_times(store, manifest))
    expected = [n / 15 for n in range(180) if not gap[0] <= n / 15 < gap[1]]
    assert len(times) == len(expected)
    assert max(abs(a - b) for a, b in zip(times, expected, strict=True)) < 0.002
    samples = sum(len(c.samples) for c in playback.audio_chunks(store, manifest))
    assert samples / 48_000 == pytest.approx(12.0, abs=0.1)  # the sound never stopped
