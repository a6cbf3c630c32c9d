"""Playback (streaming decrypt -> decode, seek) and the explicit, audited MP4 export."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import av
import pytest
from pyrage import x25519
from sqlalchemy import select

from desktop import paths
from desktop.media import offline, playback, sources
from desktop.media.audit_hook import storage_audit
from desktop.media.encoders import PRESETS
from desktop.media.frames import VideoFrame
from desktop.media.journal import RecordingManifest
from desktop.media.recorder import Recording
from desktop.storage import migrate
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.models.audit import AuditEntry
from desktop.storage.writer import DbWriter


@pytest.fixture
def recorded(store: BlobStore) -> RecordingManifest:
    return offline.record(
        Recording(store, PRESETS["low"]),
        sources.test_pattern(640, 480, 15, realtime=False),
        sources.test_tone(realtime=False),
        9,
    )


def test_seek_starts_at_the_asked_position(store: BlobStore, recorded: RecordingManifest) -> None:
    assert len(recorded.segments) == 3
    for position in (0.0, 3.2, 4.0, 6.5, 8.9):
        first = next(playback.video_frames(store, recorded, position))
        assert first.time == pytest.approx(position, abs=1 / 15)


def test_player_shows_the_frame_after_a_seek_and_plays_on(
    store: BlobStore, recorded: RecordingManifest
) -> None:
    player = playback.Player(store, recorded)
    shown: list[VideoFrame] = []
    got = threading.Event()

    def on_frame(frame: VideoFrame) -> None:
        shown.append(frame)
        got.set()

    player.frames.subscribe(on_frame)
    try:
        assert got.wait(5)  # the first picture appears without pressing play
        got.clear()
        player.seek(7.0)
        assert got.wait(5)
        assert shown[-1].time == pytest.approx(7.0, abs=1 / 15)
        ended = threading.Event()
        player.finished.subscribe(lambda _pos: ended.set())
        player.play()
        assert ended.wait(10)  # 2 s left to play in real time
        assert shown[-1].time == pytest.approx(9.0 - 1 / 15, abs=0.01)
        times = [f.time for f in shown[2:]]
        assert times == sorted(times)
    finally:
        player.close()


def test_export_is_audited_first_and_plays_as_plain_mp4(
    store: BlobStore, recorded: RecordingManifest, tmp_path: Path, profile: paths.Locations
) -> None:
    db = Database(tmp_path / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    writer = DbWriter(db)
    actor = Actor(username="cho.demo", role="operator", device="spoke-test")
    audited = storage_audit(writer, actor, patient_id="p" * 32)
    order: list[str] = []

    def hook(action: str, details: dict[str, str]) -> None:
        order.append("audit")
        assert not destination.exists()  # audited before a byte leaves the store
        audited(action, details)

    destination = tmp_path / "export.mp4"
    try:
        playback.export_mp4(store, recorded, destination, hook)
        with db.read_session() as session:
            rows = session.scalars(select(AuditEntry)).all()
    finally:
        writer.close()
        db.dispose()
    assert order == ["audit"]
    assert [(r.action, r.entity_type, r.entity_id) for r in rows] == [
        ("export", "recording", recorded.recording_id)
    ]
    with av.open(str(destination)) as container:
        assert container.duration is not None
        assert container.duration / 1e6 == pytest.approx(9.0, abs=0.1)
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == 9 * 15
    assert destination.read_bytes()[4:8] == b"ftyp"


def test_other_installation_cannot_play(recorded: RecordingManifest, store: BlobStore) -> None:
    stranger = BlobStore(store.root, x25519.Identity.generate())
    with pytest.raises(Exception):  # noqa: B017 -- any refusal will do, no frames
        next(playback.video_frames(stranger, recorded))


def test_player_sends_the_sound_from_the_seek_position(
    store: BlobStore, recorded: RecordingManifest
) -> None:
    player = playback.Player(store, recorded)
    sound: list[playback.DecodedAudio] = []
    ended = threading.Event()
    player.audio.subscribe(sound.append)
    player.finished.subscribe(lambda _pos: ended.set())
    try:
        player.seek(7.0)
        player.play()
        assert ended.wait(10)
    finally:
        player.close()
    assert sound and sound[0].time == pytest.approx(7.0, abs=0.05)
    for a, b in zip(sound, sound[1:], strict=False):  # continuous, in order
        assert b.time == pytest.approx(a.time + len(a.samples) / 48_000, abs=0.002)
    total = sum(len(c.samples) for c in sound) / 48_000
    assert total == pytest.approx(9.0 - sound[0].time, abs=0.05)
