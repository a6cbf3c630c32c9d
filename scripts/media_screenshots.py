"""Renders the media screenshots in docs/screenshots/ offscreen, from synthetic sources.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/media_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyrage import x25519  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.media import offline, sources  # noqa: E402
from desktop.media.encoders import PRESETS  # noqa: E402
from desktop.media.frames import VideoFrame  # noqa: E402
from desktop.media.recorder import Recording  # noqa: E402
from desktop.media.sources import SourceUnavailable, Unavailable  # noqa: E402
from desktop.storage.blobs import BlobStore  # noqa: E402
from desktop.ui.media.capture_panel import CapturePanel  # noqa: E402
from desktop.ui.media.player import PlayerWidget  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


class Unplugged:
    """A test pattern that stops after 10 frames and stays away (for the message)."""

    label, is_test_pattern, fps = "camera", False, 30.0

    def __init__(self) -> None:
        self.inner = sources.test_pattern(640, 480, 30)
        self.reads = 0

    def open(self) -> None:
        if self.reads > 10:
            raise SourceUnavailable(Unavailable.MISSING)
        self.inner.open()

    def read(self) -> VideoFrame:
        self.reads += 1
        if self.reads > 10:
            raise SourceUnavailable(Unavailable.LOST)
        return self.inner.read()

    def close(self) -> None:
        self.inner.close()


def main() -> None:
    app = QApplication([])
    with tempfile.TemporaryDirectory() as scratch:
        locs = paths.init(Path(scratch) / "profile")
        store = BlobStore(locs.blobs, x25519.Identity.generate())

        panel = CapturePanel(store, cameras=[], microphones=[])
        panel.resize(760, 680)
        panel.show()
        panel.start_capture(sources.test_pattern(640, 480, 30), sources.test_tone())
        wait(1500)
        save(panel, "media-capture-panel.png")
        panel.set_recording_allowed(True)
        panel.start_recording()
        wait(2600)
        save(panel, "media-recording.png")
        panel.stop_recording()
        wait(1500)
        panel.start_capture(Unplugged(), None)
        wait(1500)
        save(panel, "media-camera-lost.png")
        panel.stop_capture()
        panel.close()

        manifest = offline.record(
            Recording(store, PRESETS["standard"]),
            sources.test_pattern(640, 480, 30, realtime=False),
            sources.test_tone(realtime=False),
            10,
        )
        player = PlayerWidget(store, manifest, audit=lambda action, details: None, sound=False)
        player.resize(760, 600)
        player.show()
        player.seek(6.4)
        wait(1200)
        player.on_refresh()
        save(player, "media-playback.png")
        player.close_player()
        player.close()
    app.quit()


if __name__ == "__main__":
    main()
