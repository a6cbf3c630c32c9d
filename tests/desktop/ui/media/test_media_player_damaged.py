"""The player with a damaged recording: it names the damaged part (which part, which
minutes), shows a picture from the next one, plays the rest, and a failed export says
why and leaves nothing behind. Renders the message in English and Hindi."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.media import offline, playback, sources
from desktop.media.encoders import PRESETS
from desktop.media.journal import RecordingManifest
from desktop.media.recorder import Recording
from desktop.storage.blobs import BlobStore
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.media.player import PlayerWidget
from desktop.ui.media.recordings import PlayerDialog
from tests.helpers.media import damage_blob

# Set to a folder to also write the screenshots there (docs/screenshots).
SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")


@pytest.fixture
def manifest(store: BlobStore) -> RecordingManifest:
    """Three segments: 0-4, 4-8 and 8-10 s."""
    return offline.record(
        Recording(store, PRESETS["low"]),
        sources.test_pattern(640, 480, 15, realtime=False),
        sources.test_tone(realtime=False),
        10,
    )


@pytest.fixture
def thread_errors() -> Iterator[list[threading.ExceptHookArgs]]:
    caught: list[threading.ExceptHookArgs] = []
    previous = threading.excepthook
    threading.excepthook = caught.append
    yield caught
    threading.excepthook = previous


def _player(store: BlobStore, manifest: RecordingManifest, qtbot) -> PlayerWidget:  # type: ignore[no-untyped-def]
    widget = PlayerWidget(store, manifest, lambda _a, _d: None, sound=False)
    qtbot.addWidget(widget)
    widget.resize(720, 520)
    widget.show()
    return widget


def test_a_damaged_first_part_is_named_and_play_plays_the_rest(
    store: BlobStore,
    manifest: RecordingManifest,
    thread_errors: list[threading.ExceptHookArgs],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    damage_blob(store, manifest.segments[0].blob_id)
    player = _player(store, manifest, qtbot)
    try:
        qtbot.waitUntil(lambda: player.preview.frame is not None, timeout=10_000)
        assert player.preview.frame.time == pytest.approx(4.0, abs=1 / 15)  # not black
        qtbot.waitUntil(lambda: player.damage_note.isVisible(), timeout=5000)
        assert player.damaged_parts == [playback.DamagedPart(1, 3, 0.0, 4.0)]
        assert player.damage_note.text() == (
            "Damaged and skipped: part 1 of 3 (00:00 to 00:04). The rest of the recording plays."
        )
        assert player.play_button.text() == "Play"  # paused on the picture, not "Pause"
        qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
        assert player.play_button.text() == "Pause"
        qtbot.waitUntil(lambda: player.player.position > 5.0, timeout=10_000)
        assert player.player._thread.is_alive()
    finally:
        player.close_player()
    assert thread_errors == []


def test_a_damaged_later_part_is_named_when_playback_reaches_it(
    store: BlobStore,
    manifest: RecordingManifest,
    thread_errors: list[threading.ExceptHookArgs],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    store.delete(manifest.segments[1].blob_id)
    player = _player(store, manifest, qtbot)
    try:
        qtbot.waitUntil(lambda: player.preview.frame is not None, timeout=10_000)
        player.seek(3.5)
        qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(player.damaged, timeout=10_000) as got:
            pass
        assert got.args == [playback.DamagedPart(2, 3, 4.0, 8.0)]
        assert "part 2 of 3 (00:04 to 00:08)" in player.damage_note.text()
        qtbot.waitUntil(lambda: player.player.position >= 8.0, timeout=10_000)  # goes on
    finally:
        player.close_player()
    assert thread_errors == []


@pytest.mark.expected_errors("export failed")
def test_a_failed_export_says_which_part_and_leaves_nothing(
    store: BlobStore,
    manifest: RecordingManifest,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    damage_blob(store, manifest.segments[2].blob_id)
    player = _player(store, manifest, qtbot)
    folder = tmp_path / "usb"
    folder.mkdir()
    try:
        with qtbot.waitSignal(player.export_failed, timeout=10_000) as failed:
            player.export_to(folder / "consult.mp4")
    finally:
        player.close_player()
    message = (
        "The recording could not be exported: part 3 of 3 (00:08 to 00:10) is damaged. "
        "Nothing was saved."
    )
    assert failed.args == [message]
    assert player.note.text() == message
    assert list(folder.iterdir()) == []


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # the dialog opens a sink
@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_damaged_part_message_renders(
    store: BlobStore,
    manifest: RecordingManifest,
    lang: str,
    size: tuple[int, int],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    create_application()  # the app's style sheet (the warning colour)
    damage_blob(store, manifest.segments[0].blob_id)
    store.delete(manifest.segments[2].blob_id)
    assert i18n.install(lang)
    dialog = PlayerDialog(store, manifest, lambda _a, _d: None)
    qtbot.addWidget(dialog)
    player = dialog.player
    try:
        dialog.resize(*size)
        dialog.show()
        qtbot.waitUntil(lambda: player.preview.frame is not None, timeout=10_000)
        player.seek(9.0)  # into the missing last part: named too
        qtbot.waitUntil(lambda: len(player.damaged_parts) == 2, timeout=10_000)
        player.on_refresh()
        label = player.time_label
        qtbot.waitUntil(lambda: label.width() >= label.sizeHint().width(), timeout=5000)
        note = player.damage_note
        assert note.isVisible()
        assert ("भाग 1" in note.text()) if lang == "hi" else ("part 1 of 3" in note.text())
        # Nothing clipped: the note gets the height its wrapped text needs.
        assert note.height() >= note.heightForWidth(note.width())
        if SCREENSHOT_DIR:
            suffix = "" if size == (1366, 768) else f"-{size[0]}"
            dialog.grab().save(
                str(Path(SCREENSHOT_DIR) / f"media-playback-damaged-{lang}{suffix}.png")
            )
    finally:
        dialog.reject()
        i18n.install("en")
