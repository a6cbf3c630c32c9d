"""Capture thread: latest frame only, fan-out, and surviving a camera that goes away."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import pytest

from desktop.media import cameras, capture, sources
from desktop.media.cameras import CameraAddress, OpenCVCameraSource, camera_address
from desktop.media.capture import CaptureStatus
from desktop.media.frames import LatestSlot, VideoFrame
from desktop.media.sources import SourceUnavailable, Unavailable


class Unplugged:
    """A real test pattern that stops delivering mid-stream, like a camera pulled out.

    After ``deliver`` frames it fails reads (LOST), refuses ``refuse`` reopen attempts with
    ``reason`` (the device is gone or held elsewhere), then works again. With ``hang`` the
    read blocks until that event is set instead of failing (a driver that stops answering).
    """

    def __init__(
        self,
        deliver: int,
        refuse: int,
        reason: Unavailable = Unavailable.MISSING,
        hang: threading.Event | None = None,
    ) -> None:
        self.inner = sources.test_pattern(320, 240, 30)
        self.label, self.is_test_pattern, self.fps = "unplug", True, 30.0
        self._deliver, self._refuse, self._reason, self._hang = deliver, refuse, reason, hang
        self.read_count = 0
        self.opens = 0

    def open(self) -> None:
        self.opens += 1
        if self.read_count >= self._deliver and self._refuse > 0:
            self._refuse -= 1
            raise SourceUnavailable(self._reason)
        self.inner.open()

    def read(self) -> VideoFrame:
        self.read_count += 1
        if self._deliver and self.read_count == self._deliver + 1:
            if self._hang is not None:
                assert self._hang.wait(30), "the stall was never reported"
                self._deliver = 10**9  # answers again after the hang
            else:
                raise SourceUnavailable(Unavailable.LOST)
        return self.inner.read()

    def close(self) -> None:
        self.inner.close()


def _record_states(cap: capture.CaptureThread[VideoFrame]) -> list[CaptureStatus]:
    states: list[CaptureStatus] = []
    cap.status.subscribe(states.append)
    return states


def _wait_for(predicate: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def test_unplugged_camera_reports_and_resumes_by_itself() -> None:
    source = Unplugged(deliver=10, refuse=3)
    cap = capture.video_capture(source, retry_interval=0.05)
    states = _record_states(cap)
    frames: list[VideoFrame] = []
    cap.media.subscribe(frames.append)
    cap.start()
    try:
        _wait_for(lambda: len(frames) >= 20)
    finally:
        cap.stop()
    reasons = [s.reason for s in states]
    # live -> lost (message stays "lost" while reopening fails) -> live again
    assert reasons[:3] == [None, Unavailable.LOST, None]
    assert source.opens >= 5  # it kept trying by itself
    assert not cap.running


def test_stalled_camera_is_reported_then_recovers() -> None:
    answers = threading.Event()  # the driver hangs until the stall has been reported
    source = Unplugged(deliver=10, refuse=0, hang=answers)
    cap = capture.video_capture(source, stall_after=0.3)
    states = _record_states(cap)
    cap.status.subscribe(lambda s: s.reason is Unavailable.STALLED and answers.set())
    cap.start()
    try:
        _wait_for(lambda: [s.reason for s in states][-2:] == [Unavailable.STALLED, None])
    finally:
        cap.stop()


@pytest.mark.parametrize("reason", [Unavailable.MISSING, Unavailable.BUSY])
def test_camera_absent_or_busy_at_start(reason: Unavailable) -> None:
    source = Unplugged(deliver=0, refuse=2, reason=reason)
    cap = capture.video_capture(source, retry_interval=0.05)
    states = _record_states(cap)
    cap.start()
    try:
        _wait_for(lambda: cap.delivered >= 3)
    finally:
        cap.stop()
    assert [s.reason for s in states][:2] == [reason, None]


def test_fan_out_keeps_only_the_latest_frame_per_consumer() -> None:
    cap = capture.video_capture(sources.test_pattern(320, 240, 30, realtime=False))
    idle: LatestSlot[VideoFrame] = cap.media.slot()  # a consumer that takes nothing meanwhile
    busy: LatestSlot[VideoFrame] = cap.media.slot()
    got: list[int] = []
    stop = threading.Event()

    def consume() -> None:
        while not stop.is_set():
            frame = busy.take(0.1)
            if frame is not None:
                got.append(frame.seq)

    consumer = threading.Thread(target=consume)
    consumer.start()
    cap.start()
    _wait_for(lambda: cap.delivered >= 300)
    cap.stop()
    delivered = cap.delivered
    _wait_for(lambda: got and got[-1] == delivered)  # the busy one ends on the newest frame
    stop.set()
    consumer.join()
    # The idle consumer holds one frame, the newest, not a queue: the rest were skipped.
    newest = idle.take(0)
    assert newest is not None and newest.seq == delivered
    assert idle.dropped == delivered - 1 and idle.take(0) is None
    # The busy one got each frame at most once, in order, and skipped only what it missed.
    assert got == sorted(set(got))
    assert len(got) + busy.dropped == delivered
    assert cap.latest is not None and cap.latest.seq == delivered


def test_camera_index_mapping_per_os() -> None:
    linux = camera_address(b"/dev/video3", 0, "linux")
    assert linux.index == 3 and linux.node == "/dev/video3"
    win = camera_address(b"\\\\?\\usb#vid_046d&pid_0825", 1, "win32")
    assert win.index == 1 and win.backends == (cv2.CAP_MSMF, cv2.CAP_DSHOW)  # MF first
    environ: dict[str, str] = {}
    cameras.prepare_opencv_environment("win32", environ)
    assert environ == {"OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS": "0"}  # the slow-open fix
    chosen = {"OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS": "1"}
    cameras.prepare_opencv_environment("win32", chosen)
    assert chosen["OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS"] == "1"  # the user's own wins
    untouched: dict[str, str] = {}
    cameras.prepare_opencv_environment("linux", untouched)
    assert untouched == {}
    assert camera_address(b"0x1420000046d0825", 0, "darwin").index == 0


def test_opencv_camera_missing_vs_busy(tmp_path: Path) -> None:
    missing = OpenCVCameraSource(camera_address(b"/dev/video63", 0, "linux"), "cam")
    with pytest.raises(SourceUnavailable) as err:
        missing.open()
    assert err.value.reason is Unavailable.MISSING
    # A node that exists but does not open as a camera: held by someone else.
    node = tmp_path / "video63"
    node.write_bytes(b"")
    held = OpenCVCameraSource(CameraAddress(63, missing.address.backends, str(node)), "cam")
    with pytest.raises(SourceUnavailable) as err:
        held.open()
    assert err.value.reason is Unavailable.BUSY
