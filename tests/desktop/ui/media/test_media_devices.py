"""Device listing through QMediaDevices: the real call (this machine has no devices) and,
with QMediaDevices answering fake devices, names, ids, OpenCV addresses and the sizes a
camera offers in the panel."""

from __future__ import annotations

import sys

import cv2
import pytest
from PySide6.QtCore import QByteArray, QSize

from desktop.settings import Settings
from desktop.storage.blobs import BlobStore
from desktop.ui import i18n
from desktop.ui.media import devices
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.media.device_choice import SIZES


class _Format:
    def __init__(self, width: int, height: int) -> None:
        self._size = QSize(width, height)

    def resolution(self) -> QSize:
        return self._size


class _Device:
    def __init__(self, name: str, device_id: bytes, sizes: list[tuple[int, int]] = []) -> None:  # noqa: B006
        self._name, self._id, self._sizes = name, device_id, sizes

    def description(self) -> str:
        return self._name

    def id(self) -> QByteArray:
        return QByteArray(self._id)

    def videoFormats(self) -> list[_Format]:
        return [_Format(w, h) for w, h in self._sizes]


class _FakeMediaDevices:
    """Answers like QMediaDevices on a PC with two cameras and a headset."""

    @staticmethod
    def videoInputs() -> list[_Device]:
        return [
            _Device("Integrated Camera", b"/dev/video2", [(640, 480), (1280, 720), (160, 120)]),
            _Device("USB Camera", b"/dev/video4", [(800, 600), (640, 480), (800, 600)]),
        ]

    @staticmethod
    def audioInputs() -> list[_Device]:
        return [_Device("Headset Microphone", b"alsa_input.usb-headset")]


@pytest.fixture
def fake_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices, "QMediaDevices", _FakeMediaDevices)


@pytest.mark.qt_log_ignore("pipewire", "PulseAudio", "FFmpeg version")
def test_listing_devices_works_without_hardware(qtbot) -> None:  # type: ignore[no-untyped-def]
    cams = devices.cameras()
    mics = devices.microphones()
    assert isinstance(cams, list) and isinstance(mics, list)
    for cam in cams:
        assert cam.name and cam.address.index >= 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="V4L2 node names")
def test_listed_devices_carry_names_ids_and_opencv_addresses(fake_devices: None) -> None:
    cams = devices.cameras()
    assert [c.name for c in cams] == ["Integrated Camera", "USB Camera"]
    assert [c.device_id for c in cams] == [b"/dev/video2".hex(), b"/dev/video4".hex()]
    assert [(c.address.index, c.address.node) for c in cams] == [
        (2, "/dev/video2"),
        (4, "/dev/video4"),
    ]
    assert all(c.address.backends == (cv2.CAP_V4L2,) for c in cams)
    assert cams[0].sizes == ((160, 120), (640, 480), (1280, 720))  # sorted, no repeats
    assert cams[1].sizes == ((640, 480), (800, 600))
    mics = devices.microphones()
    assert [(m.name, m.device_id, m.position) for m in mics] == [
        ("Headset Microphone", b"alsa_input.usb-headset".hex(), 0)
    ]


def test_the_panel_offers_each_cameras_own_sizes(
    fake_devices: None,
    store: BlobStore,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    settings = Settings()
    settings.camera_resolution = "1280x720"
    panel = CapturePanel(store, settings)  # lists devices through (fake) QMediaDevices
    qtbot.addWidget(panel)
    assert panel.camera_box.currentText() == "Integrated Camera"
    sizes = [panel.size_box.itemText(i) for i in range(panel.size_box.count())]
    assert sizes == ["640x480", "1280x720"]  # its own; a 160x120 thumbnail is no use
    assert panel.frame_size == (1280, 720)  # the saved size, since it has it
    panel.camera_box.setCurrentIndex(1)  # USB Camera: no 720p, the usual 640x480 instead
    sizes = [panel.size_box.itemText(i) for i in range(panel.size_box.count())]
    assert sizes == ["640x480", "800x600"] and panel.frame_size == (640, 480)
    video, _audio = panel.selected_sources()
    assert video.label == "USB Camera" and video._size == (640, 480)  # type: ignore[attr-defined]
    panel.camera_box.setCurrentIndex(panel.camera_box.findData("test-pattern"))
    assert [panel.size_box.itemText(i) for i in range(panel.size_box.count())] == list(SIZES)
    assert panel.mic_box.currentText() == "Headset Microphone"
    assert [panel.fps_box.itemText(i) for i in range(panel.fps_box.count())] == [
        "15 fps",
        "30 fps",
    ]


def test_frame_rate_labels_are_translated(store: BlobStore, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = CapturePanel(store, Settings(), cameras=[], microphones=[])
    qtbot.addWidget(panel)
    try:
        assert i18n.install("hi")
        panel.retranslate()
        labels = [panel.fps_box.itemText(i) for i in range(panel.fps_box.count())]
    finally:
        i18n.install("en")
    assert labels == ["15 फ़्रेम/सेकंड", "30 फ़्रेम/सेकंड"]
