"""Capture-to-preview latency: from the moment a frame is captured to the moment the
preview has painted it, 720p30, with the UI thread kept busy (a 30 ms task every 100 ms,
like a form relayout). Ours: latest-only bridge (one queued signal in flight) + QImage
drawn straight from the numpy frame. Reference, same run: the common approach of one
queued signal per frame into a QLabel via QPixmap.fromImage.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/media_preview_latency.py
"""

from __future__ import annotations

import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtGui import QPaintEvent, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from desktop.media import capture, sources  # noqa: E402
from desktop.media.frames import VideoFrame  # noqa: E402
from desktop.ui.media.bridge import LatestBridge  # noqa: E402
from desktop.ui.media.preview import PreviewWidget, to_qimage  # noqa: E402

SECONDS = 6.0


class MeasuredPreview(PreviewWidget):
    def __init__(self) -> None:
        super().__init__()
        self.samples: list[float] = []

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.frame is not None:
            self.samples.append(time.monotonic() - self.frame.time)


class NaiveLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setScaledContents(True)
        self.frame: VideoFrame | None = None
        self.samples: list[float] = []

    def show_frame(self, frame: VideoFrame) -> None:
        self.frame = frame
        self.setPixmap(QPixmap.fromImage(to_qimage(frame)))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.frame is not None:
            self.samples.append(time.monotonic() - self.frame.time)


class NaiveBridge(QObject):
    frame = Signal(object)


def busy() -> None:
    end = time.perf_counter() + 0.030
    while time.perf_counter() < end:
        pass


def run(app: QApplication, naive: bool) -> tuple[list[float], int]:
    cam = capture.video_capture(sources.test_pattern(1280, 720, 30))
    load = QTimer()
    load.setInterval(100)
    load.timeout.connect(busy)
    if naive:
        widget: MeasuredPreview | NaiveLabel = NaiveLabel()
        bridge = NaiveBridge()
        bridge.frame.connect(widget.show_frame, Qt.ConnectionType.QueuedConnection)
        cam.media.subscribe(bridge.frame.emit)
    else:
        widget = MeasuredPreview()
        latest = LatestBridge()
        latest.deliver_to(widget.on_frame)
        cam.media.subscribe(latest.push)
    widget.resize(960, 540)
    widget.show()
    cam.start()
    load.start()
    end = time.monotonic() + SECONDS
    while time.monotonic() < end:
        app.processEvents()  # a bench driving its own loop; the app uses exec()
        time.sleep(0.001)
    load.stop()
    cam.stop()
    delivered = cam.delivered
    widget.close()
    return widget.samples[15:], delivered  # skip start-up


def describe(name: str, samples: list[float], delivered: int) -> tuple[float, float]:
    ms = sorted(1000 * s for s in samples)
    median, p95 = statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
    print(f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms, {len(ms)} paints of {delivered}")
    return median, p95


def main() -> None:
    app = QApplication([])
    ours = describe("ours (latest-only + QImage)", *run(app, naive=False))
    ref = describe("reference (queued per frame + QPixmap/QLabel)", *run(app, naive=True))
    print(
        json.dumps(
            {
                "metric": "capture-to-preview latency 720p30, busy UI thread (median)",
                "unit": "ms",
                "ours": round(ours[0], 1),
                "reference": round(ref[0], 1),
                "reference_name": "queued signal per frame + QPixmap.fromImage on a QLabel",
                "ratio": round(ref[0] / ours[0], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
