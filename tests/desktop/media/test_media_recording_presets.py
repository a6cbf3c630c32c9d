"""A 30-second recording at each preset decodes fully, and only ciphertext is on disk."""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest

from desktop import paths
from desktop.media import offline, playback, sources
from desktop.media.encoders import PRESETS
from desktop.media.recorder import Recording, to_i420
from desktop.storage.blobs import BlobStore
from tests.helpers.media import AGE_HEADER, plaintext_media_on_disk

SECONDS = 30
CAMERA = {"low": (640, 480), "standard": (640, 480), "high": (1280, 720)}
SIZE = {"low": (480, 360), "standard": (640, 480), "high": (1280, 720)}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["low", "standard", "high"])
def test_thirty_seconds_at_each_preset_decode_fully(
    name: str, store: BlobStore, profile: paths.Locations
) -> None:
    preset = PRESETS[name]
    width, height = CAMERA[name]
    video = sources.test_pattern(width, height, preset.fps, realtime=False)
    audio = sources.test_tone(realtime=False)
    manifest = offline.record(Recording(store, preset), video, audio, SECONDS, pool=preset.fps)

    # Segments of a few seconds each, back to back.
    assert len(manifest.segments) == SECONDS // 4 + (SECONDS % 4 > 0)
    assert [s.index for s in manifest.segments] == list(range(len(manifest.segments)))
    assert manifest.duration == pytest.approx(SECONDS, abs=0.05)

    # Every frame comes back, at the preset's size, and the timeline covers 30 s.
    times = list(playback.frame_times(store, manifest))
    assert len(times) == SECONDS * preset.fps
    assert times[-1] == pytest.approx(SECONDS - 1 / preset.fps, abs=0.01)
    assert all(b > a for a, b in zip(times, times[1:], strict=False))
    first = next(playback.video_frames(store, manifest, 12.0))
    assert (first.width, first.height) == SIZE[name]
    samples = sum(len(chunk.samples) for chunk in playback.audio_chunks(store, manifest))
    assert samples / 48_000 == pytest.approx(SECONDS, abs=0.1)

    # Bit rate near the preset's target (video + audio, container overhead included).
    total_bits = 8 * sum(s.size for s in manifest.segments)
    target = preset.video_bitrate + preset.audio_bitrate
    assert 0.4 * target < total_bits / SECONDS < 1.6 * target

    # Nothing but age ciphertext on disk: each segment file is age from its first byte and
    # decrypts to a fragmented MP4; no other file in the profile holds an MP4 box.
    for seg in manifest.segments:
        with open(store.path_of(seg.blob_id), "rb") as fh:
            assert fh.read(len(AGE_HEADER)) == AGE_HEADER
        with store.open(seg.blob_id, seg.sha256) as reader:
            head = reader.read(4096)
        assert head[4:8] == b"ftyp" and b"moov" in head
    assert plaintext_media_on_disk(profile.data.parent) == []


def test_recorded_colours_match_the_source(store: BlobStore) -> None:
    """A decoded frame matches its source picture channel by channel: catches swapped or
    misaligned I420 planes in the BGR->I420 conversion."""
    preset = PRESETS["standard"]
    manifest = offline.record(
        Recording(store, preset, audio=False),
        sources.test_pattern(640, 480, preset.fps, realtime=False),
        None,
        2,
    )
    source = sources.test_pattern(640, 480, preset.fps, realtime=False)
    source.open()
    try:
        originals = [source.read().image for _ in range(45)]
    finally:
        source.close()
    decoded = list(playback.video_frames(store, manifest, 1.0))[0]
    index = round(decoded.time * preset.fps)
    assert index == preset.fps  # the frame at 1.0 s
    original = originals[index].astype(np.int16)
    got = decoded.image.astype(np.int16)
    per_channel = np.abs(got - original).mean(axis=(0, 1))
    assert per_channel.max() < 10, per_channel  # B, G, R each close to the source
    # The same measure does see swapped chroma planes: U and V exchanged is far off.
    i420 = to_i420(originals[index], 640, 480)
    u = i420[480 : 480 + 120].copy()
    i420[480 : 480 + 120], i420[480 + 120 :] = i420[480 + 120 :], u
    swapped = cv2.cvtColor(i420, cv2.COLOR_YUV2BGR_I420).astype(np.int16)
    assert np.abs(swapped - original).mean(axis=(0, 1)).max() > 3 * per_channel.max() + 10


def test_segment_decodes_on_its_own(store: BlobStore) -> None:
    """Each segment is a complete fragmented MP4: H.264 + AAC, starting at a key frame."""
    preset = PRESETS["low"]
    manifest = offline.record(
        Recording(store, preset),
        sources.test_pattern(640, 480, 15, realtime=False),
        sources.test_tone(realtime=False),
        5,
    )
    second = manifest.segments[1]
    with store.open(second.blob_id, second.sha256) as reader:
        data = reader.read()
    assert data[4:8] == b"ftyp" and b"moof" in data
    with av.open(store.open(second.blob_id)) as container:
        codecs = sorted(s.codec_context.name for s in container.streams)
        first = next(container.decode(video=0))
    assert codecs == ["aac", "h264"]
    assert first.key_frame
    assert second.video_frames == 15 and second.start == pytest.approx(4.0)


def test_each_finished_segment_is_handed_on_as_it_is_committed(store: BlobStore) -> None:
    """The upload hook sees every committed segment, in order, while recording goes on."""
    handed: list[str] = []
    manifest = offline.record(
        Recording(store, PRESETS["low"], on_segment=lambda ref: handed.append(ref.blob_id)),
        sources.test_pattern(640, 480, 15, realtime=False),
        sources.test_tone(realtime=False),
        9,
    )
    assert handed == [s.blob_id for s in manifest.segments]
    assert len(handed) >= 2


@pytest.mark.expected_errors("segment hook failed")
def test_a_failing_segment_hook_does_not_stop_the_recording(store: BlobStore) -> None:
    def broken(_ref: object) -> None:
        raise OSError("queue unavailable")

    manifest = offline.record(
        Recording(store, PRESETS["low"], on_segment=broken),
        sources.test_pattern(640, 480, 15, realtime=False),
        None,
        5,
    )
    assert len(manifest.segments) >= 1
