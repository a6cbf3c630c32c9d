"""Playing recordings back: streaming decrypt -> PyAV decode, seek, and the audited export.

Segments are decrypted as they are read (the blob reader is PyAV's input file), so the
plaintext MP4 exists only in memory. A segment that cannot be read or decoded is reported
as a ``DamagedPart`` and skipped; the rest plays. Export to a plain MP4 file happens only
when the user asks for it, is reported to the audit hook before the file is written, and
leaves either the whole file or nothing at the destination.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import av.audio.frame
import av.packet
import av.video.frame
import numpy as np
import numpy.typing as npt

from desktop import logs, paths
from desktop.media.frames import Fanout, VideoFrame
from desktop.media.journal import RecordingManifest, SegmentInfo
from desktop.storage.blob_io import _fsync_dir
from desktop.storage.blobs import BlobStore
from desktop.storage.errors import StorageError

log = logs.get("media")

# Called as audit(action, details) before a recording leaves the encrypted store.
AuditHook = Callable[[str, dict[str, str]], None]


# What a damaged segment raises: its blob missing or failing its checksum or decryption
# (``StorageError``), or plaintext PyAV cannot demux or decode.
DAMAGE = (StorageError, av.error.FFmpegError, OSError, EOFError)


@dataclass(frozen=True)
class DecodedAudio:
    samples: npt.NDArray[np.float32]
    time: float


@dataclass(frozen=True)
class DamagedPart:
    """A segment that cannot be played: ``number`` counts from 1 as the operator would, of
    ``total``; ``start`` and ``end`` are seconds on the recording clock."""

    number: int
    total: int
    start: float
    end: float


class DamagedRecordingError(Exception):
    """An export stopped at a damaged part; nothing was written at the destination."""

    def __init__(self, part: DamagedPart) -> None:
        super().__init__(f"segment {part.number} of {part.total} is damaged")
        self.part = part


def damaged_part(manifest: RecordingManifest, index: int) -> DamagedPart:
    """The ``DamagedPart`` of ``manifest.segments[index]``."""
    seg = manifest.segments[index]
    return DamagedPart(index + 1, len(manifest.segments), seg.start, seg.start + seg.duration)


def _open_segment(store: BlobStore, seg: SegmentInfo) -> av.container.InputContainer:
    return av.open(store.open(seg.blob_id, seg.sha256), mode="r", format="mp4")


def _picture_time(seg: SegmentInfo, n: int, decoded: float | None) -> float:
    """Seconds from the segment start of its ``n``-th picture. The muxer puts a track's
    first sample at zero whatever its timestamp was, so the first one comes from the
    journal; the others are the decoded time corrected by the segment's offset."""
    if n == 0:
        return seg.video_start
    return max(0.0, float(decoded or 0.0) + seg.offset)


def segment_at(manifest: RecordingManifest, position: float) -> int:
    """Index into ``manifest.segments`` of the segment that holds ``position`` seconds."""
    for i, seg in enumerate(manifest.segments):
        if position < seg.start + seg.duration:
            return i
    return max(0, len(manifest.segments) - 1)


def video_frames(
    store: BlobStore, manifest: RecordingManifest, start: float = 0.0
) -> Iterator[VideoFrame]:
    """Decoded BGR frames from ``start`` seconds on, timed on the recording clock."""
    seq = 0
    for seg in manifest.segments[segment_at(manifest, start) :]:
        with _open_segment(store, seg) as container:
            for n, frame in enumerate(container.decode(video=0)):
                at = seg.start + _picture_time(seg, n, frame.time)
                if at + 1e-6 < start:
                    continue  # decoding forward from the segment's first key frame
                seq += 1
                image = np.asarray(frame.to_ndarray(format="bgr24"), dtype=np.uint8)
                yield VideoFrame(image, at, seq)


def media_frames(
    store: BlobStore, manifest: RecordingManifest, start: float = 0.0
) -> Iterator[VideoFrame | DecodedAudio | DamagedPart]:
    """Pictures and sound from ``start`` on, in file order (close to time order). A segment
    that cannot be read or decoded yields a ``DamagedPart`` and the next one follows."""
    seq = 0
    first = segment_at(manifest, start)
    for index in range(first, len(manifest.segments)):
        seg = manifest.segments[index]
        try:
            with _open_segment(store, seg) as container:
                pictures = 0
                streams = [*container.streams.video[:1], *container.streams.audio[:1]]
                for frame in container.decode(*streams):
                    if isinstance(frame, av.VideoFrame):
                        at = seg.start + _picture_time(seg, pictures, frame.time)
                        pictures += 1
                        if at + 1e-6 < start:
                            continue
                        seq += 1
                        image = np.asarray(frame.to_ndarray(format="bgr24"), dtype=np.uint8)
                        yield VideoFrame(image, at, seq)
                    elif isinstance(frame, av.AudioFrame):
                        chunk = _audio(seg, frame)
                        if chunk is not None and chunk.time + 1e-6 >= start:
                            yield chunk
        except DAMAGE as exc:
            log.warning(
                "segment %d of %d is damaged: %s",
                index + 1,
                len(manifest.segments),
                type(exc).__name__,
            )
            yield damaged_part(manifest, index)


def _audio(seg: SegmentInfo, frame: av.AudioFrame) -> DecodedAudio | None:
    samples = frame.to_ndarray().reshape(-1).astype(np.float32, copy=False)
    at = float(frame.time or 0.0) + seg.offset
    if at < -1e-6:  # the encoder's priming frame
        skip = min(len(samples), round(-at * frame.sample_rate))
        samples, at = samples[skip:], 0.0
    # A segment's last AAC frame is padded to full length; the padding is not sound.
    keep = max(0, round((seg.duration - at) * frame.sample_rate))
    samples = samples[:keep]
    return DecodedAudio(samples, seg.start + at) if len(samples) else None


def frame_times(store: BlobStore, manifest: RecordingManifest) -> Iterator[float]:
    """The time of every decoded picture (decoded, not converted): a cheap full check."""
    for seg in manifest.segments:
        with _open_segment(store, seg) as container:
            for n, frame in enumerate(container.decode(video=0)):
                yield seg.start + _picture_time(seg, n, frame.time)


def audio_chunks(store: BlobStore, manifest: RecordingManifest) -> Iterator[DecodedAudio]:
    """Decoded mono audio of the whole recording, timed on the recording clock."""
    for seg in manifest.segments:
        with _open_segment(store, seg) as container:
            if not container.streams.audio:
                continue
            for frame in container.decode(audio=0):
                chunk = _audio(seg, frame)
                if chunk is not None:
                    yield chunk


class Player:
    """Plays a recording on the named thread ``playback``; pictures go to ``frames`` at
    their time, sound to ``audio`` as soon as it is decoded (an output device buffers it).

    ``play``, ``pause`` and ``seek`` may be called from any thread. ``position`` is the
    time of the last frame shown; ``finished`` is published once at the end; ``damaged``
    gets each ``DamagedPart`` met on the way (skipped: playback goes on after it).
    With ``start=False`` the thread waits for ``start()``: subscribe first, miss nothing.
    """

    def __init__(self, store: BlobStore, manifest: RecordingManifest, start: bool = True) -> None:
        self.store = store
        self.manifest = manifest
        self.frames: Fanout[VideoFrame] = Fanout()
        self.audio: Fanout[DecodedAudio] = Fanout()
        self.finished: Fanout[float] = Fanout()
        self.damaged: Fanout[DamagedPart] = Fanout()
        self.position = 0.0
        self._cond = threading.Condition()
        self._playing = False
        self._seek_to: float | None = 0.0
        self._quit = False
        self._thread = threading.Thread(target=self._run, name="playback", daemon=True)
        if start:
            self.start()

    def start(self) -> None:
        """Start decoding: the first picture is shown (paused)."""
        self._thread.start()

    @property
    def duration(self) -> float:
        return self.manifest.duration

    @property
    def playing(self) -> bool:
        return self._playing

    def play(self) -> None:
        with self._cond:
            if self.position >= self.duration - 0.05:
                self._seek_to = 0.0
            self._playing = True
            self._cond.notify_all()

    def pause(self) -> None:
        with self._cond:
            self._playing = False
            self._cond.notify_all()

    def seek(self, position: float) -> None:
        """Show the frame at ``position`` (also while paused)."""
        with self._cond:
            self._seek_to = min(max(0.0, position), self.duration)
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._quit = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        frames: Iterator[VideoFrame | DecodedAudio | DamagedPart] | None = None
        clock_origin = 0.0  # wall time at which recording time 0 would have played
        show_one = False
        while True:
            with self._cond:
                if not self._playing and self._seek_to is None:
                    clock_origin = 0.0  # resuming after a pause restarts the clock
                # After a seek, go on (sound, damaged parts) to the first picture.
                while (
                    not self._quit and not self._playing and self._seek_to is None and not show_one
                ):
                    self._cond.wait()
                if self._quit:
                    return
                if self._seek_to is not None:
                    frames = media_frames(self.store, self.manifest, self._seek_to)
                    self._seek_to = None
                    show_one = True
                    clock_origin = 0.0
                elif frames is None:  # playing again after a failure: go on from here
                    frames = media_frames(self.store, self.manifest, self.position)
                    clock_origin = 0.0
            try:
                item = next(frames)
            except StopIteration:
                self._playing = False
                self.finished.publish(self.position)
                frames = None
                show_one = False
                with self._cond:
                    while not self._quit and self._seek_to is None and not self._playing:
                        self._cond.wait()
                    if self._seek_to is None and self._playing:
                        self._seek_to = 0.0
                continue
            except Exception:
                # Not a damaged segment (those are items): a fault of ours. Stop and say so
                # (the thread lives on; Play tries again from the position shown).
                log.exception("playback failed")
                self._playing = False
                frames = None
                show_one = False
                self.finished.publish(self.position)
                continue
            if isinstance(item, DamagedPart):
                self.damaged.publish(item)
                clock_origin = 0.0  # the next good part plays at once, not after the gap
                continue
            if isinstance(item, DecodedAudio):
                if self._playing and not show_one:
                    self.audio.publish(item)
                continue
            if self._playing and not show_one:
                if clock_origin == 0.0:
                    clock_origin = time.monotonic() - item.time
                delay = clock_origin + item.time - time.monotonic()
                if delay > 0:
                    with self._cond:
                        self._cond.wait(delay)
            else:
                clock_origin = 0.0
            self.position = item.time
            self.frames.publish(item)
            if show_one and not self._playing:
                with self._cond:  # paused after a seek: hold this frame
                    while not self._quit and self._seek_to is None and not self._playing:
                        self._cond.wait()
            show_one = False


def export_mp4(
    store: BlobStore, manifest: RecordingManifest, destination: Path, audit: AuditHook
) -> Path:
    """Write the recording as one plain MP4 (no re-encoding). Call only on a user's request.

    Every segment's checksum is checked before anything is audited or written; the MP4 is
    written to a hidden temporary file beside ``destination`` and renamed into place only
    when complete. On any failure the temporary file is removed: the destination holds the
    whole recording or nothing. Raises ``DamagedRecordingError`` for a damaged segment."""
    for index, seg in enumerate(manifest.segments):
        try:
            store.verify(seg.blob_id, seg.sha256)
        except StorageError as exc:
            raise DamagedRecordingError(damaged_part(manifest, index)) from exc
    audit(
        "recording.export",
        {"recording_id": manifest.recording_id, "segments": str(len(manifest.segments))},
    )
    log.info("exporting a recording of %d segments", len(manifest.segments))
    partial = paths.export_partial(destination)
    try:
        _write_mp4(store, manifest, partial)
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync_dir(destination.parent)
    return destination


def _write_mp4(store: BlobStore, manifest: RecordingManifest, target: Path) -> None:
    out = av.open(str(target), mode="w", format="mp4", options={"movflags": "faststart"})
    try:
        streams: dict[str, av.stream.Stream] = {}
        last_dts: dict[str, int] = {}
        for index, seg in enumerate(manifest.segments):
            try:
                src = _open_segment(store, seg)
            except DAMAGE as exc:
                raise DamagedRecordingError(damaged_part(manifest, index)) from exc
            with src:
                for in_stream in src.streams:
                    if in_stream.type not in streams and in_stream.type in ("video", "audio"):
                        streams[in_stream.type] = out.add_stream_from_template(in_stream)
                packets = src.demux()
                while True:
                    try:
                        packet = next(packets)
                    except StopIteration:
                        break
                    except DAMAGE as exc:  # reading the segment, not writing the export
                        raise DamagedRecordingError(damaged_part(manifest, index)) from exc
                    _remux(packet, seg.start, streams, last_dts, out)
    except BaseException:
        try:  # the file is removed anyway; a failing close must not hide why it stopped
            out.close()
        except Exception:  # noqa: BLE001
            log.debug("closing a failed export failed too")
        raise
    out.close()  # writes the index (faststart): a failure here fails the export too


def _remux(
    packet: av.packet.Packet[av.stream.Stream],
    offset: float,
    streams: dict[str, av.stream.Stream],
    last_dts: dict[str, int],
    out: av.container.OutputContainer,
) -> None:
    kind = packet.stream.type
    if packet.dts is None or kind not in streams or packet.time_base is None:
        return
    shift = round(offset / packet.time_base)
    packet.dts += shift
    if packet.pts is not None:
        packet.pts += shift
    # A segment's AAC priming overlaps the previous segment's end by a frame: drop it.
    if packet.dts <= last_dts.get(kind, -(2**62)):
        return
    last_dts[kind] = packet.dts
    packet.stream = streams[kind]
    out.mux(packet)
