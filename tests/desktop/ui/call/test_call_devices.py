"""The call window's devices menu: switch camera (the call's track goes on with the other
camera's pictures, the microphone kept), the sound output choice applied and saved, the
pre-call check offered. This machine lists no sound output offscreen: the choice of a
listed device runs for whatever ``QMediaDevices`` lists (nothing here), and the default
and saved-choice logic is checked on its own."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtMultimedia import QMediaDevices

from desktop.call.camera_track import PushedVideoTrack
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.settings import Settings
from desktop.ui.call import doctor_call
from desktop.ui.call.devices_menu import CameraOption, DevicesButton, DevicesMenu, device_id
from desktop.ui.media.audio_out import AudioOutput

FRONT, BACK = (320, 240), (640, 480)
pytestmark = pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # sound outputs


def options() -> list[CameraOption]:
    return [
        CameraOption("Front camera", "front", lambda: sources.test_pattern(*FRONT, 15)),
        CameraOption("Back camera", "back", lambda: sources.test_pattern(*BACK, 15)),
    ]


async def sizes_until(track: PushedVideoTrack, size: tuple[int, int], limit: int = 600) -> int:
    """Frames received until one has ``size`` (each as the camera pushes it, or a repeat)."""
    for n in range(limit):
        frame = await track.recv()
        if (frame.width, frame.height) == size:
            return n
    raise AssertionError(f"no {size} picture in {limit} frames")


def test_switch_camera_keeps_the_call_track_sending(qtbot) -> None:  # type: ignore[no-untyped-def]
    cameras = options()
    tone = sources.test_tone(440)
    camera = CameraService(choose=lambda: (cameras[0].source(), tone))
    heard: list[int] = []
    camera.sounds.subscribe(lambda chunk: heard.append(len(chunk.samples)))
    menu = DevicesMenu(camera, cameras, AudioOutput(), Settings(), outputs=[])
    track = PushedVideoTrack(fps=30)
    camera.frames.subscribe(track.push)  # as the launcher does: kept across the switch
    camera.acquire("call-test")
    try:
        asyncio.run(sizes_until(track, FRONT))
        audio_before = camera.audio
        assert menu.switch_action.isEnabled()
        menu.switch_action.trigger()  # the next camera
        asyncio.run(sizes_until(track, BACK))
        assert menu.camera_actions[1].isChecked() and menu.camera_index == 1
        assert camera.audio is audio_before  # the microphone was not reopened
        count = len(heard)
        qtbot.waitUntil(lambda: len(heard) > count, timeout=10_000)  # and still hears
        menu.camera_actions[0].trigger()  # back to the front camera from the list
        asyncio.run(sizes_until(track, FRONT))
        assert track.sent_from_camera > 0
    finally:
        camera.frames.unsubscribe(track.push)
        camera.release("call-test")
    assert not camera.is_open
    menu.switch_action.trigger()  # a closed camera stays closed
    assert not camera.is_open


def test_one_camera_nothing_to_switch() -> None:
    camera = CameraService()
    menu = DevicesMenu(camera, options()[:1], AudioOutput(), Settings(), outputs=[])
    assert not menu.switch_action.isEnabled() and not menu.camera_menu.isEnabled()
    assert menu.switch_action.text() == "Switch camera"


def test_sound_output_choice_applied_and_saved() -> None:
    settings = Settings(call_sound_output="00ff")  # a headset no longer plugged in
    speaker = AudioOutput()
    saved: list[str] = []
    outputs = list(QMediaDevices.audioOutputs())
    menu = DevicesMenu(
        CameraService(),
        options(),
        speaker,
        settings,
        lambda: saved.append(settings.call_sound_output),
        outputs=outputs,
    )
    assert menu.default_action.isChecked()  # the unplugged choice falls back to the default
    assert speaker.device == QMediaDevices.defaultAudioOutput()
    for action, device in zip(menu.output_actions, outputs, strict=True):  # what is listed
        action.trigger()
        assert speaker.device == device and action.isChecked()
        assert saved[-1] == device_id(device) == settings.call_sound_output
        again = DevicesMenu(CameraService(), [], AudioOutput(), settings, outputs=outputs)
        assert again.speaker.device == device  # the saved choice applies to the next call
    menu.default_action.trigger()
    assert saved[-1] == "" and settings.call_sound_output == ""
    assert speaker.device == QMediaDevices.defaultAudioOutput()


def test_the_precheck_is_offered_when_given() -> None:
    asked: list[bool] = []
    menu = DevicesMenu(
        CameraService(),
        [],
        AudioOutput(),
        Settings(),
        precheck=lambda: asked.append(True),
        outputs=[],
    )
    assert menu.precheck_action in menu.actions()
    menu.precheck_action.trigger()
    assert asked == [True]
    plain = DevicesMenu(CameraService(), [], AudioOutput(), Settings(), outputs=[])
    assert plain.precheck_action not in plain.actions()  # the doctor's side: no check


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_the_doctors_window_has_the_devices_menu_without_the_check(qtbot) -> None:  # type: ignore[no-untyped-def]
    class Offline:  # a doctor service whose hub client is not there
        api = None

    launcher = doctor_call.doctor_launcher(Offline(), Settings(), demo=True)  # type: ignore[arg-type]
    try:
        window = launcher.open_call("6f1c2d3e-0000-4000-8000-000000000005", "dr.verma", "Sita Devi")
        button = window.findChild(DevicesButton)
        assert button is not None and button.text() == "Devices"
        assert button.devices.precheck_action not in button.devices.actions()
        qtbot.waitUntil(
            lambda: launcher.calls["6f1c2d3e-0000-4000-8000-000000000005"][1].ended, timeout=30_000
        )
    finally:
        launcher.shutdown()
        launcher.camera.close()
