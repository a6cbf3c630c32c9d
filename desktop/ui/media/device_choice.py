"""The capture choices of the panel: camera, picture size, frame rate, microphone and
recording preset, restored from and saved to ``Settings``, turned into sources."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox

from desktop.media.cameras import OpenCVCameraSource
from desktop.media.encoders import PRESETS
from desktop.media.microphones import MicrophoneSource
from desktop.media.sources import AudioSource, VideoSource, test_pattern, test_tone
from desktop.settings import Settings
from desktop.ui.media import devices

SIZES = ("320x240", "640x480", "1280x720")  # the test pattern's; a camera offers its own
PREFERRED_SIZE = "640x480"
# A camera's own sizes are offered within these bounds (tiny thumbnails and 4K are no use).
MIN_WIDTH, MAX_WIDTH = 320, 1920
RATES = (15, 30)
TEST_PATTERN = "test-pattern"
TEST_TONE = "test-tone"
NO_MICROPHONE = "none"


class DeviceChoice:
    """Owns the combo boxes; the panel lays them out and labels the demo entries."""

    def __init__(
        self,
        settings: Settings,
        cameras: list[devices.CameraChoice],
        microphones: list[devices.MicrophoneChoice],
    ) -> None:
        self.settings = settings
        self.cameras = cameras
        self.microphones = microphones
        self.camera_box = QComboBox()
        for cam in cameras:
            self.camera_box.addItem(cam.name, cam.device_id)
        self.camera_box.addItem("", TEST_PATTERN)
        self.mic_box = QComboBox()
        for mic in microphones:
            self.mic_box.addItem(mic.name, mic.device_id)
        self.mic_box.addItem("", TEST_TONE)
        self.mic_box.addItem("", NO_MICROPHONE)
        self.size_box = QComboBox()
        self.fps_box = QComboBox()
        for rate in RATES:
            self.fps_box.addItem(f"{rate}", rate)  # the panel writes the translated label
        self.preset_box = QComboBox()
        for name in PRESETS:
            self.preset_box.addItem("", name)
        self.camera_box.currentIndexChanged.connect(self.on_camera_changed)
        self.restore()

    def sizes_of(self, camera_id: str) -> list[str]:
        """The sizes offered for a camera: its own (from QMediaDevices), else the fixed list."""
        cam = next((c for c in self.cameras if c.device_id == camera_id), None)
        own = [f"{w}x{h}" for w, h in cam.sizes if MIN_WIDTH <= w <= MAX_WIDTH] if cam else []
        return own or list(SIZES)

    def on_camera_changed(self) -> None:
        """Offer the chosen camera's sizes, keeping the current size when it has it."""
        wanted = self.size_box.currentText() or self.settings.camera_resolution
        sizes = self.sizes_of(str(self.camera_box.currentData()))
        with QSignalBlocker(self.size_box):
            self.size_box.clear()
            self.size_box.addItems(sizes)
            for choice in (wanted, PREFERRED_SIZE):
                if choice in sizes:
                    self.size_box.setCurrentText(choice)
                    break

    def prefer_test_sources(self) -> None:
        """Select the test pattern and tone unless a choice was saved (demo mode)."""
        s = self.settings
        for box, saved, data in (
            (self.camera_box, s.camera_id, TEST_PATTERN),
            (self.mic_box, s.microphone_id, TEST_TONE),
        ):
            if not saved or box.findData(saved) < 0:
                with QSignalBlocker(box):
                    box.setCurrentIndex(box.findData(data))
        self.on_camera_changed()

    def boxes(self) -> tuple[QComboBox, ...]:
        return (self.camera_box, self.size_box, self.fps_box, self.mic_box, self.preset_box)

    def connect(self, on_device: Callable[[], None], on_preset: Callable[[], None]) -> None:
        for box in (self.camera_box, self.size_box, self.fps_box, self.mic_box):
            box.currentIndexChanged.connect(on_device)
        self.preset_box.currentIndexChanged.connect(on_preset)

    def restore(self) -> None:
        s = self.settings
        # An unknown or unplugged camera falls back to the first one listed.
        with QSignalBlocker(self.camera_box):
            self.camera_box.setCurrentIndex(max(0, self.camera_box.findData(s.camera_id)))
        mic = self.mic_box.findData(s.microphone_id) if s.microphone_id else -1
        self.mic_box.setCurrentIndex(mic if mic >= 0 else 0)
        self.size_box.clear()
        self.on_camera_changed()  # that camera's sizes, the saved one selected if offered
        self.fps_box.setCurrentIndex(max(0, self.fps_box.findData(s.camera_fps)))
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(s.recording_preset)))

    def save(self) -> None:
        s = self.settings
        s.camera_id = str(self.camera_box.currentData())
        s.microphone_id = str(self.mic_box.currentData())
        s.camera_resolution = self.size_box.currentText()
        s.camera_fps = self.fps
        s.recording_preset = self.preset

    @property
    def frame_size(self) -> tuple[int, int]:
        width, height = self.size_box.currentText().split("x")
        return int(width), int(height)

    @property
    def preset(self) -> str:
        return str(self.preset_box.currentData())

    @property
    def fps(self) -> int:
        return int(self.fps_box.currentData())

    def sources(self) -> tuple[VideoSource, AudioSource | None]:
        """The sources for the chosen camera, size, rate and microphone."""
        width, height = self.frame_size
        camera = str(self.camera_box.currentData())
        video: VideoSource
        if camera == TEST_PATTERN:
            video = test_pattern(width, height, self.fps)
        else:
            cam = next(c for c in self.cameras if c.device_id == camera)
            video = OpenCVCameraSource(cam.address, cam.name, width, height, self.fps)
        mic_id = str(self.mic_box.currentData())
        audio: AudioSource | None = None
        if mic_id == TEST_TONE:
            audio = test_tone()
        elif mic_id != NO_MICROPHONE:
            mic = next(m for m in self.microphones if m.device_id == mic_id)
            audio = MicrophoneSource(mic.name, mic.position)
        return video, audio
