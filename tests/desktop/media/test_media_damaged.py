"""Damaged recordings: a segment that cannot be read or decoded is reported (which part,
which time range) and skipped, the rest plays, and the playback thread never dies; an
export that fails leaves nothing at the destination."""

from __future__ import annotations

import errno
import threading
from collections.abc import Iterator
from pathlib import Path

import av
import pytest

from desktop.media import offline, playback, sources
from desktop.media.encoders import PRESETS
from desktop.media.frames import VideoFrame
from desktop.media.journal import RecordingManifest
from desktop.media.recorder import Recording
from desktop.storage.blobs import BlobStore
from tests.helpers.media import damage_blob, with_undecodable_segment


@pytest.fixture
def recorded(store: BlobStore) -> RecordingManifest:
    """Three 4-second segments (0-4, 4-8, 8-9 s)."""
    return offline.record(
        Recording(store, PRESETS["low"]),
        sources.test_pattern(320, 240, 15, realtime=False),
        sources.test_tone(realtime=False),
        9,
        pool=15,
    )


@pytest.fixture
def thread_errors() -> Iterator[list[threading.ExceptHookArgs]]:
    """Exceptions that kill a thread (the app writes a crash report for each)."""
    caught: list[threading.ExceptHookArgs] = []
    previous = threading.excepthook
    threading.excepthook = caught.append
    yield caught
    threading.excepthook = previous


class Watch:
    """What a player publishes, with events to wait on."""

    def __init__(self, player: playback.Player) -> None:
        self.frames: list[VideoFrame] = []
        self.damaged: list[playback.DamagedPart] = []
        self.shown = threading.Event()
        self.ended = threading.Event()
        self.reported = threading.Event()
        player.frames.subscribe(self._frame)
        player.damaged.subscribe(self._damaged)
        player.finished.subscribe(lambda _pos: self.ended.set())
        player.start()

    def _frame(self, frame: VideoFrame) -> None:
        self.frames.append(frame)
        self.shown.set()

    def _damaged(self, part: playback.DamagedPart) -> None:
        self.damaged.append(part)
        self.reported.set()


def test_a_damaged_first_segment_is_reported_and_play_plays_the_rest(
    store: BlobStore,
    recorded: RecordingManifest,
    thread_errors: list[threading.ExceptHookArgs],
) -> None:
    damage_blob(store, recorded.segments[0].blob_id)
    player = playback.Player(store, recorded, start=False)
    watch = Watch(player)
    try:
        assert watch.shown.wait(10)  # a picture from the second part, not a black screen
        assert watch.damaged == [playback.DamagedPart(1, 3, 0.0, 4.0)]
        assert watch.frames[0].time == pytest.approx(4.0, abs=1 / 15)
        assert not player.playing
        player.play()  # it was here that the thread died with an AssertionError
        assert watch.ended.wait(15)
        assert watch.frames[-1].time == pytest.approx(9.0 - 1 / 15, abs=0.01)
        assert player._thread.is_alive()
    finally:
        player.close()
    assert thread_errors == []


def test_a_damaged_later_segment_is_skipped_and_playback_goes_on(
    store: BlobStore,
    recorded: RecordingManifest,
    thread_errors: list[threading.ExceptHookArgs],
) -> None:
    manifest = with_undecodable_segment(store, recorded, 1)
    player = playback.Player(store, manifest, start=False)
    watch = Watch(player)
    try:
        assert watch.shown.wait(10)
        player.play()
        assert watch.ended.wait(20)
    finally:
        player.close()
    assert watch.damaged == [playback.DamagedPart(2, 3, 4.0, 8.0)]
    times = [f.time for f in watch.frames]
    assert times == sorted(times)
    assert not [t for t in times if 4.0 - 1e-6 <= t < 8.0]  # the damaged part is skipped
    assert [t for t in times if t >= 8.0]  # and the part after it played
    assert times[-1] == pytest.approx(9.0 - 1 / 15, abs=0.01)
    assert thread_errors == []


def test_seeking_into_a_missing_segment_shows_the_next_part(
    store: BlobStore, recorded: RecordingManifest
) -> None:
    store.delete(recorded.segments[1].blob_id)
    items = list(playback.media_frames(store, recorded, 5.0))
    damaged = [i for i in items if isinstance(i, playback.DamagedPart)]
    pictures = [i for i in items if isinstance(i, VideoFrame)]
    assert damaged == [playback.DamagedPart(2, 3, 4.0, 8.0)]
    assert pictures[0].time == pytest.approx(8.0, abs=1 / 15)


@pytest.mark.expected_errors("playback failed")
def test_a_failed_playback_does_not_kill_the_thread_and_play_tries_again(
    store: BlobStore,
    recorded: RecordingManifest,
    monkeypatch: pytest.MonkeyPatch,
    thread_errors: list[threading.ExceptHookArgs],
) -> None:
    """Any other failure (not a damaged segment) stops playback; Play tries again."""
    real = playback.media_frames
    calls = 0

    def failing_once(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("decoder fault")
        yield from real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(playback, "media_frames", failing_once)
    player = playback.Player(store, recorded, start=False)
    watch = Watch(player)
    try:
        assert watch.ended.wait(10)  # the failure ends playback and says so
        watch.ended.clear()
        player.play()
        assert watch.ended.wait(20)
        assert watch.frames and watch.frames[-1].time == pytest.approx(9.0 - 1 / 15, abs=0.01)
        assert player._thread.is_alive()
    finally:
        player.close()
    assert thread_errors == []


def _no_export_left(folder: Path) -> None:
    assert list(folder.iterdir()) == []  # neither the file nor a temporary part of it


def test_exporting_a_damaged_recording_leaves_nothing(
    store: BlobStore, recorded: RecordingManifest, tmp_path: Path
) -> None:
    audited: list[str] = []
    folder = tmp_path / "usb"
    folder.mkdir()
    damage_blob(store, recorded.segments[2].blob_id)
    with pytest.raises(Exception) as failed:  # noqa: B017,PT011 -- its type is checked below
        playback.export_mp4(
            store, recorded, folder / "consult.mp4", lambda a, _d: audited.append(a)
        )
    _no_export_left(folder)
    assert isinstance(failed.value, playback.DamagedRecordingError)
    assert failed.value.part == playback.DamagedPart(3, 3, 8.0, 9.0)
    assert audited == []  # refused before anything left the store


def test_an_undecodable_segment_found_while_exporting_leaves_nothing(
    store: BlobStore, recorded: RecordingManifest, tmp_path: Path
) -> None:
    manifest = with_undecodable_segment(store, recorded, 1)  # its checksum is fine
    folder = tmp_path / "usb"
    folder.mkdir()
    with pytest.raises(Exception) as failed:  # noqa: B017,PT011 -- its type is checked below
        playback.export_mp4(store, manifest, folder / "consult.mp4", lambda _a, _d: None)
    _no_export_left(folder)
    assert isinstance(failed.value, playback.DamagedRecordingError)
    assert failed.value.part.number == 2


def test_a_write_failure_during_export_leaves_nothing(
    store: BlobStore,
    recorded: RecordingManifest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk (or USB stick) fills up after the first seconds have been written."""
    real = playback._remux
    written = 0

    def remux_until_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal written
        written += 1
        if written > 100:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(*args, **kwargs)

    monkeypatch.setattr(playback, "_remux", remux_until_full)
    folder = tmp_path / "usb"
    folder.mkdir()
    with pytest.raises(OSError):
        playback.export_mp4(store, recorded, folder / "consult.mp4", lambda _a, _d: None)
    assert written > 100
    _no_export_left(folder)


def test_a_finished_export_is_the_only_file_left(
    store: BlobStore, recorded: RecordingManifest, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    target = playback.export_mp4(store, recorded, folder / "consult.mp4", lambda _a, _d: None)
    assert list(folder.iterdir()) == [target]
    with av.open(str(target)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 9 * 15
