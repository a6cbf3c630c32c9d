"""Synthetic media as the doctor fetches it: recording segments encoded by the spoke's own
segment encoder from FFmpeg lavfi sources (testsrc2, sine), all in memory."""

from __future__ import annotations

import io
from collections.abc import Mapping

import av
import numpy as np

from desktop.media.encoders import PRESETS
from desktop.media.segmenter import AUDIO_FRAME, SegmentEncoder

WIDTH, HEIGHT, FPS = 320, 240, 10


def recording_segments(
    count: int = 2, seconds: int = 1, width: int = WIDTH, height: int = HEIGHT
) -> list[bytes]:
    """``count`` fragmented-MP4 segments of ``seconds`` each (H.264 + AAC), as bytes."""
    preset = PRESETS["low"]
    preset = type(preset)(preset.name, height, FPS, 200_000, 32_000, preset.x264_preset)
    pictures = av.open(f"testsrc2=size={width}x{height}:rate={FPS}", format="lavfi")
    sound = av.open("sine=frequency=440:sample_rate=48000:samples_per_frame=1024", format="lavfi")
    video_iter = pictures.decode(video=0)
    audio_iter = sound.decode(audio=0)
    out: list[bytes] = []
    try:
        for _ in range(count):
            sink = io.BytesIO()
            enc = SegmentEncoder(sink, preset, width, height)
            for n in range(seconds * FPS):
                frame = next(video_iter).reformat(format="yuv420p")
                enc.add_video(np.ascontiguousarray(frame.to_ndarray()), n)
            for k in range(seconds * 48_000 // AUDIO_FRAME):
                chunk = next(audio_iter).to_ndarray().reshape(-1)[:AUDIO_FRAME]
                enc.add_audio((chunk.astype(np.float32) / 32768.0), k * AUDIO_FRAME)
            enc.close()
            out.append(sink.getvalue())
    finally:
        pictures.close()
        sound.close()
    return out


class MemoryMedia:
    """The doctor's media source for tests: ``fetch(upload_id) -> bytes`` from a dict,
    counting calls and the thread each ran on."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = dict(files)
        self.calls: list[str] = []
        self.threads: list[str] = []

    def fetch(self, upload_id: str) -> bytes:
        import threading

        self.calls.append(upload_id)
        self.threads.append(threading.current_thread().name)
        if upload_id not in self.files:
            raise KeyError("no such upload")
        return self.files[upload_id]
