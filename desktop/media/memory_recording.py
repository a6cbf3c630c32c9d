"""A recording whose segments are bytes in memory (a doctor's copy fetched from the hub).

``MemorySegments`` stands in for the blob store when ``playback.Player`` reads segments:
each is opened as a ``BytesIO`` for PyAV, so the plaintext never reaches a file.
``probe_manifest`` builds the manifest the player needs by decoding the segments' headers
and packets (sizes, frame rate, durations), since the hub's record holds no journal.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import av
import av.error

from desktop.media.journal import RecordingManifest, SegmentInfo
from desktop.storage.errors import BlobDamagedError, BlobMissingError

if TYPE_CHECKING:
    from desktop.storage.blobs import BlobStore


@dataclass(frozen=True)
class SegmentBytes:
    """One fetched segment; ``start``/``duration`` when the hub's record says them."""

    key: str
    data: bytes
    start: float | None = None
    duration: float | None = None


class MemorySegments:
    """Segments by key, opened for reading the way ``BlobStore.open`` is."""

    def __init__(self, segments: Sequence[SegmentBytes]) -> None:
        self._data = {s.key: s.data for s in segments}

    def open(self, blob_id: str, expected_sha256: str | None = None) -> io.BytesIO:
        if blob_id not in self._data:
            raise BlobMissingError("segment not fetched")
        if expected_sha256:
            self.verify(blob_id, expected_sha256)
        return io.BytesIO(self._data[blob_id])

    def verify(self, blob_id: str, expected_sha256: str) -> None:
        data = self._data.get(blob_id)
        if data is None:
            raise BlobMissingError("segment not fetched")
        if hashlib.sha256(data).hexdigest() != expected_sha256.lower():
            raise BlobDamagedError("segment checksum differs")

    def as_store(self) -> BlobStore:
        """This, typed as the blob store ``playback`` reads (it only opens and verifies)."""
        return cast("BlobStore", self)


@dataclass(frozen=True)
class _Probe:
    width: int
    height: int
    fps: int
    frames: int
    samples: int
    sample_rate: int
    duration: float
    first_picture: float  # decoded time of the first picture


def _probe(data: bytes) -> _Probe:
    with av.open(io.BytesIO(data), mode="r", format="mp4") as container:
        video = container.streams.video[0] if container.streams.video else None
        audio = container.streams.audio[0] if container.streams.audio else None
        width = video.codec_context.width if video is not None else 0
        height = video.codec_context.height if video is not None else 0
        rate = video.average_rate if video is not None else None
        fps = round(float(rate)) if rate else 0
        sample_rate = audio.codec_context.sample_rate if audio is not None else 0
        frames = samples = 0
        end = 0.0
        pictures: list[float] = []
        streams = [s for s in (video, audio) if s is not None]
        for packet in container.demux(*streams):
            if packet.pts is None or packet.time_base is None:
                continue
            length = float((packet.duration or 0) * packet.time_base)
            end = max(end, float(packet.pts * packet.time_base) + length)
            if packet.stream.type == "video":
                frames += 1
                pictures.append(float(packet.pts * packet.time_base))
            elif packet.stream.type == "audio" and audio is not None:
                frame_size = audio.codec_context.frame_size or 1024
                samples += frame_size
    duration = frames / fps if frames and fps else end
    # The MP4 muxer puts a track's first sample at zero whatever its time was; the second
    # picture still tells where the pictures began (one frame interval before it).
    pictures.sort()
    if len(pictures) >= 2 and fps:
        first_picture = max(0.0, pictures[1] - 1 / fps)
    else:
        first_picture = pictures[0] if pictures else 0.0
    return _Probe(width, height, fps, frames, samples, sample_rate, duration, first_picture)


def probe_manifest(recording_id: str, segments: Sequence[SegmentBytes]) -> RecordingManifest:
    """The manifest of a recording held in memory, segments in the order given.

    Raises ``av.error.FFmpegError`` when no segment can be read at all."""
    infos: list[SegmentInfo] = []
    first: _Probe | None = None
    clock = 0.0
    for index, seg in enumerate(segments):
        try:
            probe = _probe(seg.data)
        except (av.error.FFmpegError, IndexError, EOFError):
            probe = None  # played as a damaged part: the others still play
        if probe is not None and first is None:
            first = probe
        duration = seg.duration if seg.duration is not None else (probe.duration if probe else 0)
        start = seg.start if seg.start is not None else clock
        infos.append(
            SegmentInfo(
                index=index,
                blob_id=seg.key,
                sha256="",
                size=len(seg.data),
                start=start,
                duration=duration,
                video_frames=probe.frames if probe else 0,
                audio_samples=probe.samples if probe else 0,
                # No journal: the first picture is taken to open the segment, and sound is
                # moved by as much (the AAC priming before it is then skipped as such).
                offset=-probe.first_picture if probe else 0.0,
            )
        )
        clock = start + duration
    if first is None and segments:
        raise av.error.InvalidDataError(0, "no readable segment")
    return RecordingManifest(
        recording_id=recording_id,
        preset="hub",
        width=first.width if first else 0,
        height=first.height if first else 0,
        fps=first.fps if first else 0,
        sample_rate=first.sample_rate if first else 0,
        started_at="",
        segments=infos,
        finished=True,
    )
