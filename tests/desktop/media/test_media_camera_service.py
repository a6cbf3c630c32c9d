"""The camera service: one opened device shared by every holder, closed by the last release;
subscriptions outlive the capture threads."""

from __future__ import annotations

import threading

from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.media.frames import VideoFrame

WAIT = 30.0


class CountedCamera:
    """A test pattern that counts how often it is opened and closed."""

    is_test_pattern = True

    def __init__(self) -> None:
        self.inner = sources.test_pattern(320, 240, 30)
        self.label, self.fps = self.inner.label, self.inner.fps
        self.opens = self.closes = 0
        self.closed = threading.Event()

    def open(self) -> None:
        self.opens += 1
        self.closed.clear()
        self.inner.open()

    def read(self) -> VideoFrame:
        return self.inner.read()

    def close(self) -> None:
        self.inner.close()
        if self.opens > self.closes:
            self.closes += 1
            self.closed.set()


def frames_after(service: CameraService, count: int) -> threading.Event:
    seen: list[VideoFrame] = []
    done = threading.Event()

    def on_frame(frame: VideoFrame) -> None:
        seen.append(frame)
        if len(seen) >= count:
            done.set()

    service.frames.subscribe(on_frame)
    return done


def test_two_holders_share_one_opened_device_and_the_last_release_closes_it() -> None:
    camera = CountedCamera()
    service = CameraService(choose=lambda: (camera, None))
    running: list[bool] = []
    service.running.subscribe(running.append)
    assert not service.is_open and service.latest_frame() is None

    service.acquire("preview")
    flowing = frames_after(service, 3)
    service.acquire("call")
    assert flowing.wait(WAIT)
    assert camera.opens == 1 and service.holders == {"preview", "call"}
    assert service.latest_frame() is not None

    service.release("preview")  # the call still holds it
    assert service.is_open and camera.closes == 0
    assert frames_after(service, 3).wait(WAIT)  # and pictures keep coming

    service.release("call")
    assert camera.closed.wait(WAIT)
    assert not service.is_open and service.latest_frame() is None
    assert (camera.opens, camera.closes) == (1, 1)
    assert running == [True, False]


def test_subscriptions_survive_a_device_switch_and_a_reopen() -> None:
    first, second = CountedCamera(), CountedCamera()
    service = CameraService(choose=lambda: (first, None))
    service.acquire("page")
    assert frames_after(service, 2).wait(WAIT)
    flowing = frames_after(service, 2)
    service.open(second)  # the operator chose another camera
    assert first.closed.wait(WAIT)
    assert flowing.wait(WAIT) and second.opens == 1
    service.release("page")
    assert second.closed.wait(WAIT)
    again = frames_after(service, 2)
    service.acquire("photo")  # the chosen sources again, same subscribers
    assert again.wait(WAIT) and first.opens == 2
    service.release("photo")
    assert first.closed.wait(WAIT)
