"""Player widget: first picture, seek with the slider, play, and export only when audited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.media import offline, sources
from desktop.media.encoders import PRESETS
from desktop.media.journal import RecordingManifest
from desktop.media.recorder import Recording
from desktop.storage.blobs import BlobStore
from desktop.ui.media.player import PlayerWidget


@pytest.fixture
def manifest(store: BlobStore) -> RecordingManifest:
    return offline.record(
        Recording(store, PRESETS["low"]),
        sources.test_pattern(640, 480, 15, realtime=False),
        sources.test_tone(realtime=False),
        6,
    )


@pytest.fixture
def audit_log() -> list[tuple[str, dict[str, str]]]:
    return []


@pytest.fixture
def player(
    store: BlobStore,
    manifest: RecordingManifest,
    audit_log: list[tuple[str, dict[str, str]]],
    qtbot,  # type: ignore[no-untyped-def]
) -> Iterator[PlayerWidget]:
    widget = PlayerWidget(store, manifest, lambda a, d: audit_log.append((a, d)), sound=False)
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    yield widget
    widget.close_player()


def test_seek_with_the_slider_shows_that_moment(player: PlayerWidget, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: player.preview.frame is not None, timeout=5000)
    assert player.slider.maximum() == 6000
    player.slider.setSliderDown(True)
    player.slider.setValue(4500)
    player.slider.setSliderDown(False)  # emits sliderReleased
    qtbot.waitUntil(
        lambda: player.preview.frame is not None and abs(player.preview.frame.time - 4.5) < 0.07,
        timeout=5000,
    )
    qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
    assert player.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: player.player.position > 5.5, timeout=5000)


def test_export_asks_for_a_file_and_is_audited(
    player: PlayerWidget,
    audit_log: list[tuple[str, dict[str, str]]],
    manifest: RecordingManifest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "consult.mp4"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    assert audit_log == []  # nothing leaves the store by itself
    with qtbot.waitSignal(player.exported, timeout=10000):
        qtbot.mouseClick(player.export_button, Qt.MouseButton.LeftButton)
    assert audit_log == [
        ("recording.export", {"recording_id": manifest.recording_id, "segments": "2"})
    ]
    assert target.read_bytes()[4:8] == b"ftyp"


def test_no_export_without_an_audit_hook(
    store: BlobStore,
    manifest: RecordingManifest,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    widget = PlayerWidget(store, manifest, audit=None, sound=False)
    qtbot.addWidget(widget)
    try:
        assert not widget.export_button.isEnabled()
    finally:
        widget.close_player()


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_without_a_sound_device_playback_is_silent_not_broken(
    store: BlobStore,
    manifest: RecordingManifest,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    widget = PlayerWidget(store, manifest)
    qtbot.addWidget(widget)
    try:
        assert widget.audio_out is not None and not widget.audio_out.available
        widget.seek(4.0)
        qtbot.mouseClick(widget.play_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: widget.player.position > 5.0, timeout=5000)
    finally:
        widget.close_player()
