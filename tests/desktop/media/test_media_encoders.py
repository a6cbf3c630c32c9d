"""Encoder choice: hardware encoders only when they really open; libx264 set up as asked."""

from __future__ import annotations

import av
import pytest

from desktop.media import encoders, offline, playback, sources
from desktop.media.encoders import PRESETS
from desktop.media.microphones import MicrophoneSource, device_url
from desktop.media.recorder import Recording
from desktop.media.segmenter import SegmentEncoder
from desktop.media.sources import SourceUnavailable, Unavailable
from desktop.storage.blobs import BlobStore


class _Sink:
    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data: bytes) -> int:
        self.data += data
        return len(data)


def test_probe_opens_encoders_for_real() -> None:
    assert encoders._opens("libx264", 640, 360, 30)
    assert not encoders._opens("no_such_encoder", 640, 360, 30)
    usable = encoders.usable_hardware_encoders()
    # Compiled in is not enough: only encoders that opened and encoded a frame are listed.
    assert set(usable) <= set(encoders.HARDWARE_ENCODERS)
    assert all(name in av.codecs_available for name in encoders.HARDWARE_ENCODERS[:3])
    for name in usable:
        assert encoders._opens(name, 1280, 720, 30)
    expected = usable[0] if usable else "libx264"
    assert encoders.choose_encoder() == expected
    assert encoders.choose_encoder(prefer_hardware=False) == "libx264"


@pytest.mark.parametrize("name", ["low", "standard", "high"])
def test_segment_encoder_settings(name: str) -> None:
    preset = PRESETS[name]
    enc = SegmentEncoder(_Sink(), preset, 640, 360, encoder="libx264")
    ctx = enc.video.codec_context
    assert ctx.thread_type.name == "AUTO"  # set before the codec opens (first frame)
    assert not ctx.is_open
    assert ctx.bit_rate == preset.video_bitrate and ctx.gop_size == preset.fps
    assert ctx.options["preset"] == preset.x264_preset
    enc.abort()


def test_preset_sizes_keep_the_camera_aspect_and_never_upscale() -> None:
    assert PRESETS["low"].frame_size(1280, 720) == (640, 360)
    assert PRESETS["low"].frame_size(640, 480) == (480, 360)
    assert PRESETS["high"].frame_size(640, 480) == (640, 480)
    assert PRESETS["standard"].frame_size(1920, 1080) == (852, 480)


def test_microphone_devices_per_os_and_a_clean_failure_here() -> None:
    assert device_url("Microphone (USB Audio)", 1, "win32") == (
        "dshow",
        "audio=Microphone (USB Audio)",
    )
    assert device_url("MacBook Microphone", 2, "darwin") == ("avfoundation", ":2")
    assert device_url("Built-in Audio", 0, "linux") == ("alsa", "default")
    mic = MicrophoneSource("Built-in Audio")
    with pytest.raises(SourceUnavailable) as err:  # this machine has no sound card
        mic.open()
    assert err.value.reason is Unavailable.MISSING
    mic.close()


def test_a_hardware_encoder_failing_on_the_stream_falls_back_to_libx264(store: BlobStore) -> None:
    """NVENC is compiled into PyAV's FFmpeg but cannot open here (no NVIDIA GPU)."""
    assert "h264_nvenc" in av.codecs_available
    recording = Recording(store, PRESETS["low"], encoder="h264_nvenc")
    manifest = offline.record(
        recording,
        sources.test_pattern(320, 240, 15, realtime=False),
        sources.test_tone(realtime=False),
        5,
    )
    assert recording._encoder == "libx264"
    assert len(list(playback.frame_times(store, manifest))) == 75
    assert [s.index for s in manifest.segments] == [0, 1]
    assert list(store.partial_dir.iterdir()) == []  # the failed attempt left nothing
