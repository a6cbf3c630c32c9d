"""The consult recorder: frames and audio in, encrypted fragmented-MP4 segments out.

``Recording`` does the work synchronously (tests and benches drive it directly, faster
than real time); ``Recorder`` runs one on its own named thread, fed by the capture
fan-outs. Segments cover fixed slices of the recording clock, which starts at the first
picture; each segment is committed to the journal only once its blob is durable.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt

from desktop import logs
from desktop.media.encoders import SOFTWARE_ENCODER, Preset, choose_encoder
from desktop.media.frames import AudioChunk, BufferSlot, Fanout, VideoFrame
from desktop.media.journal import Journal, RecordingManifest, SegmentInfo, recordings_dir
from desktop.media.segmenter import AUDIO_FRAME, SegmentEncoder
from desktop.storage.blobs import BlobRef, BlobStore, BlobWriter

log = logs.get("media")

SAMPLE_RATE = 48_000
SEGMENT_SECONDS = 4.0
# How far one stream may run past a segment's end before the segment is closed without
# waiting for the other (a microphone or camera that stopped delivering).
GRACE_SECONDS = 1.0
# Audio arriving more than this much off its expected position is re-aligned (gap filled
# with silence, or overlap dropped); smaller jitter is ignored so the audio stays continuous.
REALIGN_SECONDS = 0.1


def lower_thread_priority(steps: int = 5) -> None:
    """Make the calling thread (and the threads it starts: x264's, the encryptor's) yield
    the CPU to the UI thread when cores are scarce. Linux only: threads there have their
    own nice value; elsewhere the OS default stays."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), steps)
        except OSError:
            pass


def to_i420(image: npt.NDArray[np.uint8], width: int, height: int) -> npt.NDArray[np.uint8]:
    """BGR frame to planar I420 at the output size: one resize, one OpenCV conversion."""
    if image.shape[1] != width or image.shape[0] != height:
        image = np.asarray(cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA))
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420), dtype=np.uint8)


@dataclass
class _OpenSegment:
    index: int
    writer: BlobWriter
    encoder: SegmentEncoder


class Recording:
    """One recording in progress. Not thread-safe: one thread feeds it."""

    def __init__(
        self,
        store: BlobStore,
        preset: Preset,
        *,
        folder: Path | None = None,
        audio: bool = True,
        segment_seconds: float = SEGMENT_SECONDS,
        encoder: str | None = None,
        on_segment: Callable[[BlobRef], None] | None = None,
        consult_id: str | None = None,
    ) -> None:
        self.store = store
        self._on_segment = on_segment
        self._consult_id = consult_id  # kept in the journal: lists it with its consult
        self.preset = preset
        self._folder = folder
        self._audio = audio
        self._encoder = encoder or ""  # probed at the first picture, on the recording thread
        self._seg_frames = max(1, round(segment_seconds * preset.fps))
        self._seg_samples = round(self._seg_frames / preset.fps * SAMPLE_RATE)
        self.journal: Journal | None = None
        self.width = self.height = 0
        self._t0: float | None = None
        self._open: dict[int, _OpenSegment] = {}
        self._closed_upto = -1
        self._video_pts = -1
        self._audio_pos: int | None = None  # recording-clock sample of the next sample
        self._pending = np.zeros(0, np.float32)
        self._pending_start = 0
        self.dropped_video = 0
        self.dropped_audio = 0

    @property
    def elapsed(self) -> float:
        return max(0, self._video_pts + 1) / self.preset.fps

    # -- input -------------------------------------------------------------------
    def add_video(self, frame: VideoFrame) -> None:
        if self._t0 is None:
            self._begin(frame)
        assert self._t0 is not None
        pts = round((frame.time - self._t0) * self.preset.fps)
        segment = pts // self._seg_frames
        if pts <= self._video_pts or segment <= self._closed_upto:
            self.dropped_video += 1  # camera faster than the preset's rate, or late
            return
        i420 = to_i420(frame.image, self.width, self.height)
        seg = self._segment(segment)
        try:
            seg.encoder.add_video(i420, pts - segment * self._seg_frames)
        except av.error.FFmpegError:
            # A hardware encoder that passed the probe can still fail on the real stream
            # (driver, session limit): fall back to libx264 once, in this same segment.
            if self._encoder == SOFTWARE_ENCODER or seg.encoder.video_frames > 1:
                raise
            log.warning("encoder %s failed on the first frame; using libx264", self._encoder)
            self._open.pop(segment)
            seg.encoder.abort()
            seg.writer.abort()
            self._encoder = SOFTWARE_ENCODER
            self._segment(segment).encoder.add_video(i420, pts - segment * self._seg_frames)
        self._video_pts = pts
        self._close_finished()

    def add_audio(self, chunk: AudioChunk) -> None:
        if self._t0 is None or not self._audio:
            return  # the recording clock starts with the first picture
        samples = chunk.samples
        start = round((chunk.time - self._t0) * SAMPLE_RATE)
        if self._audio_pos is None:
            if start < 0:
                samples, start = samples[-start:], 0
            self._audio_pos = self._pending_start = start
        else:
            gap = start - self._audio_pos
            if gap > REALIGN_SECONDS * SAMPLE_RATE:
                samples = np.concatenate([np.zeros(gap, np.float32), samples])
            elif gap < -REALIGN_SECONDS * SAMPLE_RATE:
                samples = samples[-gap:]
        if len(samples) == 0:
            return
        self._pending = np.concatenate([self._pending, samples])
        self._audio_pos += len(samples)
        self._drain_audio(final=False)
        self._close_finished()

    def _drain_audio(self, final: bool) -> None:
        while len(self._pending) >= AUDIO_FRAME or (final and len(self._pending)):
            start = self._pending_start
            segment = start // self._seg_samples
            boundary = (segment + 1) * self._seg_samples
            n = min(AUDIO_FRAME, boundary - start, len(self._pending))
            frame, self._pending = self._pending[:n], self._pending[n:]
            self._pending_start += n
            if segment <= self._closed_upto:
                self.dropped_audio += n
                continue
            # AAC takes a shorter frame only as a stream's last: a segment's end qualifies.
            self._segment(segment).encoder.add_audio(frame, start - segment * self._seg_samples)

    # -- segments ------------------------------------------------------------------
    def _begin(self, frame: VideoFrame) -> None:
        self._t0 = frame.time
        self._encoder = self._encoder or choose_encoder()
        self.width, self.height = self.preset.frame_size(frame.width, frame.height)
        self.journal = Journal.start(
            self._folder or recordings_dir(),
            self.preset.name,
            self.width,
            self.height,
            self.preset.fps,
            SAMPLE_RATE if self._audio else 0,
            consult_id=self._consult_id,
        )
        log.info(
            "recording %s at %dx%d with %s",
            self.preset.name,
            self.width,
            self.height,
            self._encoder,
        )

    def _segment(self, index: int) -> _OpenSegment:
        seg = self._open.get(index)
        if seg is None:
            writer = self.store.create("recording-segment")
            try:
                encoder = SegmentEncoder(
                    writer,
                    self.preset,
                    self.width,
                    self.height,
                    encoder=self._encoder,
                    sample_rate=SAMPLE_RATE if self._audio else None,
                )
            except BaseException:
                writer.abort()
                raise
            seg = self._open[index] = _OpenSegment(index, writer, encoder)
        return seg

    def _close_finished(self) -> None:
        grace_frames = GRACE_SECONDS * self.preset.fps
        grace_samples = GRACE_SECONDS * SAMPLE_RATE
        audio_at = self._pending_start if self._audio_pos is not None else -1
        for index in sorted(self._open):
            end_frames = (index + 1) * self._seg_frames
            end_samples = (index + 1) * self._seg_samples
            video_done = self._video_pts >= end_frames
            audio_done = not self._audio or audio_at >= end_samples
            video_gone = self._video_pts >= end_frames + grace_frames
            audio_gone = audio_at >= end_samples + grace_samples
            if (video_done or audio_gone) and (audio_done or video_gone):
                self._commit(self._open.pop(index))
            else:
                break

    def _commit(self, seg: _OpenSegment) -> None:
        assert self.journal is not None
        seg.encoder.close()
        ref = seg.writer.close()  # durable and renamed before the journal mentions it
        start = seg.index * self._seg_frames / self.preset.fps
        video_end = (self._video_pts + 1) / self.preset.fps
        audio_end = self._pending_start / SAMPLE_RATE
        end = min(start + self._seg_frames / self.preset.fps, max(video_end, audio_end))
        self.journal.segment(
            SegmentInfo(
                index=seg.index,
                blob_id=ref.blob_id,
                sha256=ref.sha256,
                size=ref.size,
                start=start,
                duration=round(end - start, 6),
                video_frames=seg.encoder.video_frames,
                audio_samples=seg.encoder.audio_samples,
                offset=seg.encoder.offset,
                video_start=seg.encoder.first_video or 0.0,
            )
        )
        self._closed_upto = seg.index
        if self._on_segment is not None:
            try:
                self._on_segment(ref)  # e.g. queue it for upload while recording goes on
            except Exception:  # noqa: BLE001 -- the recording itself must go on
                log.exception("segment hook failed; the segment is kept")

    def finish(self) -> RecordingManifest | None:
        """Flush and commit every open segment; None if no picture ever arrived."""
        if self.journal is None:
            return None
        self._drain_audio(final=True)
        for index in sorted(self._open):
            self._commit(self._open.pop(index))
        return self.journal.end()

    def abort(self) -> RecordingManifest | None:
        """After an error: drop open segments, keep the committed ones."""
        for seg in self._open.values():
            seg.encoder.abort()
            seg.writer.abort()
        self._open.clear()
        return self.journal.end() if self.journal is not None else None


class Recorder:
    """Runs a ``Recording`` on the named thread ``recorder``, fed by capture fan-outs.

    ``on_finished(manifest)`` or ``on_error(exc)`` is called on the recorder thread.
    """

    def __init__(
        self,
        recording: Recording,
        video: Fanout[VideoFrame],
        audio: Fanout[AudioChunk] | None = None,
        on_finished: Callable[[RecordingManifest | None], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.recording = recording
        self._video = video
        self._audio = audio
        self._on_finished = on_finished
        self._on_error = on_error
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.manifest: RecordingManifest | None = None
        self.error: BaseException | None = None

    def start(self) -> None:
        self._video_slot = self._video.slot()
        self._audio_slot: BufferSlot[AudioChunk] = BufferSlot()
        if self._audio is not None:
            self._audio.subscribe(self._audio_slot.put)
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> RecordingManifest | None:
        """Stop taking media, commit the last segment, and wait for the thread."""
        self._stop.set()
        self._video_slot.close()
        if self._thread is not None:
            self._thread.join(timeout)
        return self.manifest

    @property
    def elapsed(self) -> float:
        return self.recording.elapsed

    def _run(self) -> None:
        lower_thread_priority()
        try:
            while not self._stop.is_set():
                frame = self._video_slot.take(timeout=0.05)
                for chunk in self._audio_slot.take_all(timeout=0):
                    self.recording.add_audio(chunk)
                if frame is not None:
                    self.recording.add_video(frame)
            for chunk in self._audio_slot.take_all(timeout=0):
                self.recording.add_audio(chunk)
            self.manifest = self.recording.finish()
        except Exception as exc:
            log.exception("recording failed; committed segments are kept")
            self.error = exc
            self.manifest = self.recording.abort()
        finally:
            self._video.drop_slot(self._video_slot)
            if self._audio is not None:
                self._audio.unsubscribe(self._audio_slot.put)
        if self.error is not None and self._on_error is not None:
            self._on_error(self.error)
        elif self._on_finished is not None:
            self._on_finished(self.manifest)
