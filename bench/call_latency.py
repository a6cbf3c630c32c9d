"""Call media latency and CPU: the frame counter drawn into the synthetic picture is read back
after VP8 on the receiving side, and its send time gives the latency of each picture.

Ours: two ``CallPeer``s on the ``CallRuntime`` thread (switchable tracks, the reader tasks,
the frame callback). Reference: two bare aiortc ``RTCPeerConnection``s in ``asyncio.run``
with the same tracks. Same process, same run, loopback ICE only.

``--app`` adds the whole app path, compared with the same bare reference (``app_ratio``,
``app_cpu_ratio``): a camera source → ``CameraService`` → ``PushedVideoTrack`` (each
picture pushed from the capture thread, sent as it comes) → VP8 → ``CallWindow.remote_sink``
→ the UI thread (Qt offscreen), the latency taken when the window hands the picture to its
preview. The reference then runs a second time, right after the app path, and the app is
compared with the mean of the two references (the machine's load changes between them).

The bare reference shows nothing, so ``--app`` also measures it with the picture shown
(``shown_*``): the same loopback, each decoded picture converted to RGB32 and handed by a
queued Qt signal to a plain widget of the call window's picture size that paints it scaled,
run just before and just after the app path (``shown_app_ratio``, ``shown_app_cpu_ratio``:
what our pipeline adds to the same media work, the picture on the screen included).

What each side does is printed with the figures (``REFERENCE_DOES``, ``APP_ADDS``): both make
the same numbered pictures (bars, the counter drawn), encode and decode them with aiortc's
VP8 over loopback and read the counter back; the reference shows nothing, the app path adds
the app's own work: the capture thread and the service's fan-out, the own-picture corner fed
with every camera picture (as the call launcher wires it), the pushed track, and the call
window in the connected state painting both pictures.

    .venv/bin/python bench/call_latency.py [--seconds 10] [--size 640x480] [--fps 30] [--app]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import aioice.ice
import numpy as np
from aiortc import RTCPeerConnection
from aiortc.mediastreams import MediaStreamError

from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.synthetic import (
    CounterVideoTrack,
    SineAudioTrack,
    _bars,
    draw_counter,
    read_counter,
)

REFERENCE_DOES = (
    "numbered 640x480 pictures drawn on the call's loop when the encoder asks, aiortc VP8 "
    "encode, loopback, decode, counter read from the decoded luma plane (no copy); nothing shown"
)
APP_ADDS = (
    "the same pictures drawn on a camera capture thread, CameraService fan-out to the "
    "own-picture corner (scaled there) and to PushedVideoTrack, CallPeer on the CallRuntime "
    "thread, the decoded picture converted to RGB32 and handed to the Qt thread, CallWindow "
    "(connected, 1366x768, offscreen) painting it scaled and the corner; counter read from "
    "the picture as shown (its green channel, no copy)"
)

SHOWN_DOES = (
    "the decoded picture converted to RGB32 on the loopback's thread, sent by a queued Qt "
    "signal to one plain widget of the call window's picture size (offscreen), painted "
    "scaled to fit; counter read on the UI thread from the picture as shown"
)
NO_CORNER = " (--no-corner: without the own-picture corner)"


class Stamped(CounterVideoTrack):
    """Remembers when each numbered picture left the source."""

    def __init__(self, width: int, height: int, fps: int, sent: dict[int, float]) -> None:
        super().__init__(width, height, fps)
        self.sent = sent

    async def recv(self) -> Any:
        frame = await super().recv()
        self.sent[self.counter] = time.monotonic()
        return frame


def grey_of(frame: Any) -> Any:
    """A grey view of a picture, no conversion on either side: a decoded frame's luma plane
    as it lies in the decoder's buffer, or a shown picture's green channel (the counter's
    cells are black or white, so one channel reads them as grey does)."""
    if isinstance(frame, np.ndarray):
        return frame[:, :, 1]
    plane = frame.planes[0]
    rows = np.frombuffer(plane, np.uint8).reshape(frame.height, plane.line_size)
    return rows[:, : frame.width]


class Meter:
    """Latency of each picture read back, and the process's CPU over the window."""

    def __init__(self, warmup: float, seconds: float) -> None:
        self.sent: dict[int, float] = {}
        self.latencies: list[float] = []
        self.warmup, self.seconds = warmup, seconds
        self.start = time.monotonic()
        self.cpu0: float | None = None
        self.wall0 = 0.0
        self.cpu = 0.0
        self.done = asyncio.Event()

    def on_video(self, frame: Any) -> None:
        now = time.monotonic()
        value = read_counter(grey_of(frame))
        if now - self.start < self.warmup:
            return
        if self.cpu0 is None:
            self.cpu0, self.wall0 = time.process_time(), now
        if value is not None and value in self.sent:
            self.latencies.append((now - self.sent[value]) * 1000)
        if now - self.wall0 >= self.seconds and not self.done.is_set():
            self.cpu = (time.process_time() - self.cpu0) / (now - self.wall0)
            self.done.set()


async def bare(
    size: tuple[int, int],
    fps: int,
    meter: Meter,
    on_video: Callable[[Any], None] | None = None,
) -> None:
    """Two bare peer connections; each decoded picture to ``on_video`` (the meter's)."""
    show = on_video or meter.on_video
    sender, receiver = RTCPeerConnection(), RTCPeerConnection()
    sender.addTrack(Stamped(size[0], size[1], fps, meter.sent))
    sender.addTrack(SineAudioTrack())
    readers = []

    async def read(track: Any) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if track.kind == "video":
                show(frame)

    receiver.on("track", lambda track: readers.append(asyncio.ensure_future(read(track))))
    await sender.setLocalDescription(await sender.createOffer())
    await receiver.setRemoteDescription(sender.localDescription)
    await receiver.setLocalDescription(await receiver.createAnswer())
    await sender.setRemoteDescription(receiver.localDescription)
    while not meter.done.is_set():  # set here, or on the UI thread when shown there
        await asyncio.sleep(0.1)
    await sender.close()
    await receiver.close()
    for task in readers:
        task.cancel()


async def ours(size: tuple[int, int], fps: int, meter: Meter) -> None:
    def on_frame(kind: str, frame: Any) -> None:
        if kind == "video":
            meter.on_video(frame)

    spoke = CallPeer(video=Stamped(size[0], size[1], fps, meter.sent), audio=SineAudioTrack())
    doctor = CallPeer(video=None, audio=None, on_frame=on_frame)
    await spoke.accept_answer(await doctor.answer(await spoke.offer()))
    await meter.done.wait()
    await spoke.close()
    await doctor.close()


def remote_area() -> tuple[int, int]:
    """The size the call window (1366x768) gives the other side's picture."""
    from desktop.ui.call.call_window import CallWindow, Side

    window = CallWindow(Side.DOCTOR)
    window.resize(1366, 768)
    window.show()
    size = window.remote.size()
    window.close()
    window.deleteLater()
    return size.width(), size.height()


def bare_shown(size: tuple[int, int], fps: int, meter: Meter) -> None:
    """The bare reference with the picture put on the screen as plainly as Qt allows: the
    loopback on its own asyncio thread, each decoded picture converted to RGB32 there and
    sent by a queued signal to one widget of the call window's picture size, which paints it
    scaled to fit (the bars beside it filled); the counter read on the UI thread."""
    import threading

    from PySide6.QtCore import QObject, QRect, Qt, Signal, Slot
    from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication([])
    width, height = remote_area()

    class Pictures(QObject):
        arrived = Signal(object)

    class Screen(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
            self.resize(width, height)
            self.picture: Any = None
            self.image: QImage | None = None

        @Slot(object)
        def on_picture(self, picture: Any) -> None:
            if meter.done.is_set():
                return  # late, after the measurement
            self.picture = picture
            rows, cols = picture.shape[:2]
            self.image = QImage(picture.data, cols, rows, cols * 4, QImage.Format.Format_RGB32)
            self.update()
            meter.on_video(picture)
            if meter.done.is_set():
                app.quit()

        def paintEvent(self, event: QPaintEvent) -> None:
            painter = QPainter(self)
            if self.image is not None:
                scale = min(self.width() / self.image.width(), self.height() / self.image.height())
                w, h = round(self.image.width() * scale), round(self.image.height() * scale)
                target = QRect((self.width() - w) // 2, (self.height() - h) // 2, w, h)
                painter.fillRect(0, 0, self.width(), target.top(), QColor("black"))
                painter.fillRect(
                    0, target.bottom() + 1, self.width(), self.height(), QColor("black")
                )
                painter.drawImage(target, self.image)
            painter.end()

    screen = Screen()
    screen.show()
    pictures = Pictures()
    pictures.arrived.connect(screen.on_picture)

    def to_screen(frame: Any) -> None:
        pictures.arrived.emit(frame.to_ndarray(format="bgra"))

    runner = threading.Thread(target=lambda: asyncio.run(bare(size, fps, meter, to_screen)))
    runner.start()
    app.exec()
    meter.done.set()  # read by the loopback's thread, which polls it
    runner.join(60)
    screen.close()
    screen.deleteLater()


class StampedCamera:
    """A camera source for the app path: numbered pictures at ``fps``, each read stamped."""

    label = "bench"
    is_test_pattern = True

    def __init__(self, size: tuple[int, int], fps: int, sent: dict[int, float]) -> None:
        self.size, self.fps, self.sent = size, float(fps), sent
        self.count = 0
        self._start = time.monotonic()
        self._pattern = _bars(size[0], size[1])

    def open(self) -> None:
        self._start = time.monotonic()

    def read(self) -> Any:
        from desktop.media.frames import VideoFrame

        self.count += 1
        wait = self._start + self.count / self.fps - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # paced like a camera, on the capture thread
        image = self._pattern.copy()
        draw_counter(image, self.count)
        self.sent[self.count] = time.monotonic()
        return VideoFrame(image, self.sent[self.count], self.count)

    def close(self) -> None:
        pass


def through_app(size: tuple[int, int], fps: int, meter: Meter, corner: bool = True) -> None:
    """Camera service → call → call window on the Qt main thread (offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.call.camera_track import PushedVideoTrack
    from desktop.core.call import CallState
    from desktop.media.camera_service import CameraService
    from desktop.ui.call.call_window import CallWindow, Side

    app = QApplication.instance() or QApplication([])
    camera = CameraService(choose=lambda: (StampedCamera(size, fps, meter.sent), None))
    window = CallWindow(Side.DOCTOR)
    window.set_state(CallState.CONNECTED)  # as in a call: the picture alone, no state over it
    window.resize(1366, 768)
    window.show()

    def on_remote_frame(frame: Any) -> None:  # after the window's own handler has shown it
        if meter.done.is_set():
            return  # late, after the measurement
        meter.on_video(frame.image)  # the picture as the window got it
        if meter.done.is_set():
            app.quit()

    window._remote_frames.deliver_to(on_remote_frame)
    video = PushedVideoTrack(fps, size[0], size[1])
    if corner:
        camera.frames.subscribe(window.self_sink)  # as the call launcher does: the corner
    camera.frames.subscribe(video.push)  # and the call
    camera.acquire("bench")

    async def call() -> None:
        def on_frame(kind: str, frame: Any) -> None:
            if kind == "video":
                window.remote_sink(frame)

        spoke = CallPeer(video=video, audio=SineAudioTrack())
        doctor = CallPeer(video=None, audio=None, on_frame=on_frame)
        await spoke.accept_answer(await doctor.answer(await spoke.offer()))
        while not meter.done.is_set():
            await asyncio.sleep(0.2)
        await spoke.close()
        await doctor.close()

    with CallRuntime() as runtime:
        future = runtime.submit(call())
        app.exec()
        future.result(60)
    camera.frames.unsubscribe(video.push)
    if corner:
        camera.frames.unsubscribe(window.self_sink)
    camera.release("bench")
    window.close()
    window.deleteLater()


def summary(meter: Meter) -> dict[str, float]:
    lat = sorted(meter.latencies)
    return {
        "median_ms": statistics.median(lat),
        "p95_ms": lat[int(len(lat) * 0.95) - 1],
        "pictures": len(lat),
        "cpu": meter.cpu,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--size", default="640x480")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--app", action="store_true", help="also through camera and window")
    parser.add_argument(
        "--no-corner", action="store_true", help="app path without our own picture's corner"
    )
    args = parser.parse_args()
    size = (int(args.size.split("x")[0]), int(args.size.split("x")[1]))
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]  # type: ignore[assignment]

    async def run_bare() -> Meter:
        meter = Meter(args.warmup, args.seconds)
        await bare(size, args.fps, meter)
        return meter

    async def run_ours() -> Meter:
        meter = Meter(args.warmup, args.seconds)
        await ours(size, args.fps, meter)
        return meter

    reference = summary(asyncio.run(run_bare()))
    with CallRuntime() as runtime:
        mine = summary(runtime.submit(run_ours()).result(args.seconds * 10 + 120))
    app_path: dict[str, float] = {}
    after: dict[str, float] = {}
    shown: dict[str, float] = {}
    if args.app:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        shown_runs = []
        for step in ("shown", "app", "shown", "bare"):  # the load may change meanwhile
            meter = Meter(args.warmup, args.seconds)
            if step == "shown":
                bare_shown(size, args.fps, meter)
                shown_runs.append(summary(meter))
            elif step == "app":
                through_app(size, args.fps, meter, corner=not args.no_corner)
                app_path = summary(meter)
            else:
                after = summary(asyncio.run(run_bare()))
        shown = {key: (shown_runs[0][key] + shown_runs[1][key]) / 2 for key in ("median_ms", "cpu")}
    print(f"bare aiortc: {reference}")
    print(f"ours:        {mine}")
    extra: dict[str, Any] = {}
    if app_path:
        print(f"app path:    {app_path}")
        print(f"bare again:  {after}")
        print(f"bare, shown: {shown_runs}")
        print(f"reference does: {REFERENCE_DOES}")
        print(f"shown reference does the same and: {SHOWN_DOES}")
        print(f"app path adds:  {APP_ADDS}" + (NO_CORNER if args.no_corner else ""))
        bracket = {key: (reference[key] + after[key]) / 2 for key in ("median_ms", "cpu")}
        extra = {
            "app_median_ms": round(app_path["median_ms"], 1),
            "app_p95_ms": round(app_path["p95_ms"], 1),
            "app_reference_ms": round(bracket["median_ms"], 1),
            "app_ratio": round(bracket["median_ms"] / app_path["median_ms"], 3),
            "app_cpu": round(app_path["cpu"], 3),
            "app_cpu_reference": round(bracket["cpu"], 3),
            "app_cpu_ratio": round(bracket["cpu"] / app_path["cpu"], 3),
            "reference_again_ms": round(after["median_ms"], 1),
            "cpu_reference_again": round(after["cpu"], 3),
            "shown_reference_ms": round(shown["median_ms"], 1),
            "shown_app_ratio": round(shown["median_ms"] / app_path["median_ms"], 3),
            "shown_cpu_reference": round(shown["cpu"], 3),
            "shown_app_cpu_ratio": round(shown["cpu"] / app_path["cpu"], 3),
            "shown_reference_does": SHOWN_DOES,
        }
    print(
        json.dumps(
            {
                "metric": f"glass-to-glass median latency, {args.size}@{args.fps}",
                "unit": "ms",
                "ours": round(mine["median_ms"], 1),
                "reference": round(reference["median_ms"], 1),
                "reference_p95": round(reference["p95_ms"], 1),
                "reference_name": "bare aiortc loopback, same media",
                "reference_does": REFERENCE_DOES,
                "ratio": round(reference["median_ms"] / mine["median_ms"], 3),
                "cpu_ours": round(mine["cpu"], 3),
                "cpu_reference": round(reference["cpu"], 3),
                "cpu_ratio": round(reference["cpu"] / mine["cpu"], 3),
                **extra,
                **(
                    {"app_adds": APP_ADDS + (NO_CORNER if args.no_corner else "")}
                    if app_path
                    else {}
                ),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
