"""The recording journal: which encrypted segments make up a recording, durable per line.

One small JSON-lines file per recording under ``data/recordings``. It holds only ids,
checksums, sizes and times (no patient data), one fsynced line per committed segment,
so a kill loses at most the segment in progress. A journal without an ``end`` line is an
orphan: ``recover_orphans`` finalizes it at the next start.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop import logs, paths

log = logs.get("media")
SUFFIX = ".journal"
# Recordings this process is writing now: never "orphans", whenever recovery runs.
_live: set[str] = set()


@dataclass(frozen=True)
class SegmentInfo:
    """One committed segment; ``start``/``duration`` are seconds on the recording clock."""

    index: int
    blob_id: str
    sha256: str
    size: int
    start: float
    duration: float
    video_frames: int
    audio_samples: int
    offset: float = 0.0  # add to times decoded from the segment file (see segmenter)
    # When the first picture is due (from the segment start). A fragmented MP4 cannot say
    # it: the muxer starts each track's first sample at zero.
    video_start: float = 0.0


@dataclass
class RecordingManifest:
    """Everything needed to play, export or upload one recording."""

    recording_id: str
    preset: str
    width: int
    height: int
    fps: int
    sample_rate: int
    started_at: str
    segments: list[SegmentInfo] = field(default_factory=list)
    finished: bool = False
    recovered: bool = False
    # The consult it was recorded in (an opaque id, not patient data), if one was open.
    consult_id: str | None = None

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.segments)


def recordings_dir() -> Path:
    folder = paths.get().data / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Journal:
    """Appends events for one recording; every append is on disk before it returns."""

    def __init__(self, folder: Path, manifest: RecordingManifest) -> None:
        self.manifest = manifest
        self.path = folder / f"{manifest.recording_id}{SUFFIX}"
        _live.add(manifest.recording_id)
        head = {k: v for k, v in asdict(manifest).items() if k not in ("segments", "finished")}
        self._append({"event": "start", **head}, create=True)

    @classmethod
    def start(
        cls,
        folder: Path,
        preset: str,
        width: int,
        height: int,
        fps: int,
        sample_rate: int,
        consult_id: str | None = None,
    ) -> Journal:
        manifest = RecordingManifest(
            recording_id=uuid.uuid4().hex,
            preset=preset,
            width=width,
            height=height,
            fps=fps,
            sample_rate=sample_rate,
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
            consult_id=consult_id,
        )
        return cls(folder, manifest)

    def _append(self, event: dict[str, Any], create: bool = False) -> None:
        line = (json.dumps(event, separators=(",", ":")) + "\n").encode()
        if create:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        self._append_raw(line)

    def _append_raw(self, data: bytes) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def segment(self, info: SegmentInfo) -> None:
        self._append({"event": "segment", **asdict(info)})
        self.manifest.segments.append(info)

    def end(self, recovered: bool = False) -> RecordingManifest:
        self._append({"event": "end", "recovered": recovered})
        _live.discard(self.manifest.recording_id)
        self.manifest.finished = True
        self.manifest.recovered = recovered
        return self.manifest


def load(path: Path) -> RecordingManifest:
    """Read a journal; a torn last line (killed mid-append) is ignored."""
    manifest: RecordingManifest | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        kind = event.pop("event", None)
        if kind == "start":
            event.pop("recovered", None)
            manifest = RecordingManifest(**event)
        elif kind == "segment" and manifest is not None:
            manifest.segments.append(SegmentInfo(**event))
        elif kind == "end" and manifest is not None:
            manifest.finished = True
            manifest.recovered = bool(event.get("recovered"))
    if manifest is None:
        raise ValueError("not a recording journal")
    return manifest


def is_live(recording_id: str) -> bool:
    """True while this process is still writing that recording."""
    return recording_id in _live


def list_recordings(folder: Path) -> list[RecordingManifest]:
    found = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            found.append(load(path))
        except (OSError, ValueError, TypeError):
            log.warning("unreadable recording journal skipped")
    return found


def recover_orphans(folder: Path) -> list[RecordingManifest]:
    """Finalize recordings cut off by a crash or kill; returns the ones finalized now.

    Their committed segments are complete blobs already; the segment that was being
    written never reached the journal and its partial blob is the blob store's to clean.
    """
    recovered = []
    for manifest in list_recordings(folder):
        if manifest.finished or manifest.recording_id in _live:
            continue
        journal = Journal.__new__(Journal)
        journal.manifest = manifest
        journal.path = folder / f"{manifest.recording_id}{SUFFIX}"
        with open(journal.path, "rb") as fh:  # a line torn by the kill gets its own line
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                journal._append_raw(b"\n")
        recovered.append(journal.end(recovered=True))
        log.info("finalized an interrupted recording with %d segments", len(manifest.segments))
    return recovered
