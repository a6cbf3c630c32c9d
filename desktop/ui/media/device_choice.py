"""The capture choices of the panel: camera, picture size, frame rate, microphone and
recording preset, restored from and saved to ``Settings``, turned into sources."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox

from desktop.media.cameras import OpenCVCameraSource
from desktop.media.encoders import PRESETS
from desktop.media.microphones import MicrophoneSource
from desktop.media.sources import AudioSource, VideoSource, test_pattern, test_tone
from desktop.settings import Settings
from desktop.ui.media import devices

SIZES = ("320x240", "640x480", "1280x720")
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
        self.size_box.addItems(SIZES)
        self.fps_box = QComboBox()
        for rate in RATES:
            self.fps_box.addItem(f"{rate} fps", rate)
        self.preset_box = QComboBox()
        for name in PRESETS:
            self.preset_box.addItem("", name)
        self.restore()

    def boxes(self) -> tuple[QComboBox, ...]:
        return (self.camera_box, self.size_box, self.fps_box, self.mic_box, self.preset_box)

    def connect(self, on_device: Callable[[], None], on_preset: Callable[[], None]) -> None:
        for box in (self.camera_box, self.size_box, self.fps_box, self.mic_box):
            box.currentIndexChanged.connect(on_device)
        self.preset_box.currentIndexChanged.connect(on_preset)

    def restore(self) -> None:
        s = self.settings
        # An unknown or unplugged camera falls back to the first one listed.
        self.camera_box.setCurrentIndex(max(0, self.camera_box.findData(s.camera_id)))
        mic = self.mic_box.findData(s.microphone_id) if s.microphone_id else -1
        self.mic_box.setCurrentIndex(mic if mic >= 0 else 0)
        if s.camera_resolution in SIZES:
            self.size_box.setCurrentText(s.camera_resolution)
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
