"""Feeding a recording from synthetic sources faster than real time (tests, benches, demo).

Video and audio are interleaved by their media time, exactly as live capture would
deliver them, but without waiting: a 30-second recording takes as long as encoding it.
"""

from __future__ import annotations

from desktop.media.frames import VideoFrame
from desktop.media.journal import RecordingManifest
from desktop.media.recorder import Recording
from desktop.media.sources import AudioSource, VideoSource


def feed(
    recording: Recording,
    video: VideoSource,
    audio: AudioSource | None,
    seconds: float,
    pool: int = 0,
) -> None:
    """Push ``seconds`` of media. ``pool`` > 0 decodes only that many distinct pictures
    and repeats them (with fresh timestamps), which keeps large test patterns cheap."""
    video.open()
    if audio is not None:
        audio.open()
    try:
        audio_due = 0.0
        frames: list[VideoFrame] = []
        count = round(seconds * video.fps)
        for n in range(count):
            if pool and len(frames) >= pool:
                src = frames[n % pool]
                frame = VideoFrame(src.image, n / video.fps, n + 1)
            else:
                frame = video.read()
                if pool:
                    frames.append(frame)
            while audio is not None and audio_due <= frame.time:
                chunk = audio.read()
                recording.add_audio(chunk)
                audio_due = chunk.time + chunk.duration
            recording.add_video(frame)
        # The audio that belongs with the last picture.
        while audio is not None and audio_due < count / video.fps:
            chunk = audio.read()
            recording.add_audio(chunk)
            audio_due = chunk.time + chunk.duration
    finally:
        video.close()
        if audio is not None:
            audio.close()


def record(
    recording: Recording,
    video: VideoSource,
    audio: AudioSource | None,
    seconds: float,
    pool: int = 0,
) -> RecordingManifest:
    feed(recording, video, audio, seconds, pool)
    manifest = recording.finish()
    assert manifest is not None
    return manifest
