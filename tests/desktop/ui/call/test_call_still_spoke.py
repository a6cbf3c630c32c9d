"""The spoke's part of the doctor's still (issue 16): the camera service's next picture at
the camera's full resolution is stored; with the operator's camera off, or no camera open,
no picture is taken and the reason is answered. A doctor back in the room hears again that the
call is recorded."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from desktop.call.room_tap import RoomTap
from desktop.call.runtime import CallRuntime
from desktop.call.still import CAMERA_OFF, NO_CAMERA, StillFailed
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.controller import CallController
from desktop.ui.call.recording import SpokeRecording
from desktop.ui.call.still import SpokeStill


class Store:
    def __init__(self) -> None:
        self.kept: list[tuple[str, tuple[int, ...]]] = []

    def __call__(self, consult_id: str, image: npt.NDArray[np.uint8]) -> object:
        self.kept.append((consult_id, image.shape))
        return "attachment-1"


@pytest.fixture
def camera() -> Iterator[CameraService]:
    service = CameraService(choose=lambda: (sources.test_pattern(1280, 720, fps=15), None))
    yield service
    service.close()


@pytest.fixture
def spoke(qtbot: Any, camera: CameraService) -> tuple[SpokeStill, Store, CallWindow]:
    window = CallWindow(Side.SPOKE)
    qtbot.addWidget(window)
    controller = CallController(window, CallRuntime(), caller=False)
    store = Store()
    return SpokeStill("c" * 32, window, controller, camera, store), store, window


def outcome(future: concurrent.futures.Future[object]) -> object:
    try:
        return future.result(timeout=30)
    except StillFailed as exc:
        return exc.reason


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # the window opens a sound sink
def test_the_cameras_next_picture_at_full_resolution_is_stored(
    spoke: tuple[SpokeStill, Store, CallWindow], camera: CameraService, qtbot: Any
) -> None:
    part, store, _window = spoke
    camera.acquire("call")
    with qtbot.waitSignal(part.stored, timeout=30_000):
        result = part.take("a" * 32)
    assert outcome(result) == "attachment-1"
    assert store.kept == [("c" * 32, (720, 1280, 3))]
    assert part.pictures == [(1280, 720)]
    assert part.notice.isVisibleTo(part.window)


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_no_picture_with_the_camera_off_or_closed(
    spoke: tuple[SpokeStill, Store, CallWindow], camera: CameraService
) -> None:
    part, store, window = spoke
    assert outcome(part.take("b" * 32)) == NO_CAMERA  # the camera is not open
    camera.acquire("call")
    window.camera_button.click()  # the operator turns the camera off
    assert outcome(part.take("c" * 32)) == CAMERA_OFF
    assert store.kept == [] and part.pictures == []
    assert len(camera.frames) == 0  # nothing listens to the camera for a still


class SentRoom:
    """A room that keeps what is sent (``RoomTap`` around it)."""

    welcome: dict[str, Any] = {}

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    async def receive(self) -> dict[str, Any]:
        return await self.inbox.get()

    async def close(self) -> None:
        pass


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_a_doctor_back_in_the_room_hears_again_that_the_call_is_recorded(qtbot: Any) -> None:
    window = CallWindow(Side.SPOKE)
    qtbot.addWidget(window)
    controller = CallController(window, CallRuntime(), caller=False)
    part = SpokeRecording(
        "c" * 32, window, controller, make=lambda cid: None, consent=lambda c: True
    )  # type: ignore[arg-type,return-value]

    async def rejoin(recording: bool) -> list[dict[str, Any]]:
        room = SentRoom()
        tap = RoomTap(room)
        part._attach(tap)
        part.recording = object() if recording else None  # type: ignore[assignment]
        room.inbox.put_nowait({"type": "peer-joined", "peer": "doc"})
        assert (await tap.receive())["type"] == "peer-joined"  # the session still gets it
        for _ in range(3):
            await asyncio.sleep(0)  # the notice's task runs
        return room.sent

    assert asyncio.run(rejoin(True)) == [{"type": "recording", "on": True}]
    assert asyncio.run(rejoin(False)) == []
    part.recording = None
    qtbot.waitUntil(lambda: part.allowed is True)
