"""Helpers shared by the media tests (imported by name: the tests folder has no package)."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from desktop.media.journal import RecordingManifest
from desktop.storage.blobs import BlobStore

AGE_HEADER = b"age-encryption.org/v1"
MP4_MARKERS = (b"ftyp", b"moof", b"mdat", b"moov")


def plaintext_media_on_disk(root: Path) -> list[str]:
    """Files under ``root`` that could be plaintext media; should be none.

    An age file (or the start of one) is ciphertext by its header, a deterministic test:
    searching megabytes of ciphertext for 4-byte box names would match by chance now and
    then. Every other file (journals, settings: small plaintext) must hold no box name."""
    found = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        head = data[: len(AGE_HEADER)]
        if head and AGE_HEADER.startswith(head):
            continue
        if data[4:8] == b"ftyp" or any(marker in data for marker in MP4_MARKERS):
            found.append(str(path.relative_to(root)))
    return found


def flash_onsets(frames: list[tuple[float, float]]) -> list[float]:
    """Times where the picture turns bright; ``frames`` holds (time, mean luminance)."""
    onsets = []
    previous = 0.0
    for at, mean in frames:
        if mean > 128 >= previous:
            onsets.append(at)
        previous = mean
    return onsets


def beep_onsets(chunks: list[tuple[float, np.ndarray]], rate: int = 48_000) -> list[float]:
    """Times where sound starts after at least 0.2 s of silence."""
    onsets: list[float] = []
    last_loud = -1.0
    for at, samples in chunks:
        loud = np.flatnonzero(np.abs(samples) > 0.1)
        for i in loud:
            t = at + i / rate
            if t - last_loud > 0.2:
                onsets.append(t)
            last_loud = t
    return onsets


def pair_offsets(video: list[float], audio: list[float]) -> list[float]:
    """For each flash, audio onset minus video onset of the nearest beep."""
    return [min((a - v for a in audio), key=abs) for v in video]


def damage_blob(store: BlobStore, blob_id: str) -> None:
    """Flip one byte in the middle of a stored blob (a bad disk sector, a stray write)."""
    path = store.path_of(blob_id)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def with_undecodable_segment(
    store: BlobStore, manifest: RecordingManifest, index: int
) -> RecordingManifest:
    """The manifest with segment ``index`` replaced by a blob that decrypts fine but holds
    no MP4 (its checksum matches: only the decoder can tell)."""
    ref = store.put("recording-segment", bytes(range(256)) * 200)
    segments = list(manifest.segments)
    segments[index] = dataclasses.replace(
        segments[index], blob_id=ref.blob_id, sha256=ref.sha256, size=ref.size
    )
    return dataclasses.replace(manifest, segments=segments)


class SteppedClock:
    """A pacing clock (``sources.PacingClock``) that moves only when the test says so.

    Sources paced by it release their media when the test advances it; the test can then
    wait until every paced thread has delivered all that is due (each waits for a later
    time), so live capture runs in step with the test, not with the machine's speed."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._cond = threading.Condition()
        self._waiting: dict[int, float] = {}  # thread id -> the time it waits for

    def monotonic(self) -> float:
        with self._cond:
            return self._now

    def sleep_until(self, due: float) -> None:
        me = threading.get_ident()
        with self._cond:
            self._waiting[me] = due
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._now >= due)
            del self._waiting[me]

    def advance_to(self, now: float) -> None:
        with self._cond:
            self._now = max(self._now, now)
            self._cond.notify_all()

    def wait_idle(self, threads: int, timeout: float = 60) -> None:
        """Wait until ``threads`` threads are waiting for a time after now: all they had
        due is delivered."""
        with self._cond:
            idle = self._cond.wait_for(
                lambda: sum(due > self._now for due in self._waiting.values()) >= threads,
                timeout,
            )
        assert idle, "the paced threads never caught up"


def wait_until(cond: Callable[[], bool], timeout: float = 60) -> None:
    """Poll ``cond`` until it holds (a thread with no event to wait on)."""
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "condition never held"
        time.sleep(0.001)
