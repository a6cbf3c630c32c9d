"""The call window's devices menu: switch camera (the camera service switches source; the
call's track reads the service, so the call goes on with the new pictures), the sound
output (speaker or headset: the window's sound output moves to it, the choice is saved in
settings) and, at the spoke, the pre-call check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from desktop.media.camera_service import CameraService
from desktop.media.sources import VideoSource
from desktop.settings import Settings
from desktop.ui.media.audio_out import AudioOutput


@dataclass(frozen=True)
class CameraOption:
    name: str
    device_id: str
    source: Callable[[], VideoSource]  # a new source for this camera


def camera_options(settings: Settings) -> list[CameraOption]:
    """The PC's cameras (QMediaDevices) at the saved picture size and rate."""
    from desktop.media.cameras import OpenCVCameraSource
    from desktop.ui.media import devices

    width, height = (int(v) for v in settings.camera_resolution.split("x"))
    fps = settings.camera_fps
    return [
        CameraOption(
            cam.name,
            cam.device_id,
            lambda cam=cam: OpenCVCameraSource(cam.address, cam.name, width, height, fps),  # type: ignore[misc]
        )
        for cam in devices.cameras()
    ]


def device_id(device: QAudioDevice) -> str:
    return bytes(device.id().data()).hex()


def sound_outputs() -> list[QAudioDevice]:
    return list(QMediaDevices.audioOutputs())


def saved_output(settings: Settings, outputs: list[QAudioDevice]) -> QAudioDevice | None:
    """The saved speaker or headset if it is still plugged in (else None: the default)."""
    return next((d for d in outputs if device_id(d) == settings.call_sound_output), None)


class DevicesMenu(QMenu):
    """Built for one call window; ``save()`` writes the settings after a choice."""

    def __init__(
        self,
        camera: CameraService,
        cameras: list[CameraOption],
        speaker: AudioOutput,
        settings: Settings,
        save: Callable[[], None] = lambda: None,
        precheck: Callable[[], None] | None = None,
        outputs: list[QAudioDevice] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callDevices")
        self.camera = camera
        self.cameras = cameras
        self.speaker = speaker
        self.settings = settings
        self.save = save
        self.outputs = sound_outputs() if outputs is None else outputs
        ids = [c.device_id for c in cameras]
        self.camera_index = ids.index(settings.camera_id) if settings.camera_id in ids else 0

        self.switch_action = QAction(self)
        self.switch_action.triggered.connect(self.on_switch_camera)
        self.switch_action.setEnabled(len(cameras) > 1)
        self.addAction(self.switch_action)
        self.camera_menu = QMenu(self)
        self.camera_group = QActionGroup(self)
        self.camera_actions: list[QAction] = []
        for index, option in enumerate(cameras):
            action = QAction(option.name, self, checkable=True)
            action.setChecked(index == self.camera_index)
            action.triggered.connect(lambda _c=False, i=index: self.use_camera(i))
            self.camera_group.addAction(action)
            self.camera_menu.addAction(action)
            self.camera_actions.append(action)
        self.camera_menu.setEnabled(len(cameras) > 1)
        self.addMenu(self.camera_menu)

        self.output_menu = QMenu(self)
        self.output_group = QActionGroup(self)
        self.default_action = QAction(self, checkable=True)
        self.default_action.triggered.connect(lambda _c=False: self.use_output(None))
        self.output_group.addAction(self.default_action)
        self.output_menu.addAction(self.default_action)
        self.output_actions: list[QAction] = []
        for device in self.outputs:
            action = QAction(device.description(), self, checkable=True)
            action.triggered.connect(lambda _c=False, d=device: self.use_output(d))
            self.output_group.addAction(action)
            self.output_menu.addAction(action)
            self.output_actions.append(action)
        self.addMenu(self.output_menu)
        saved = saved_output(settings, self.outputs)
        if saved is not None:
            self.speaker.set_device(saved)
        self._check_output(saved)

        self.precheck_action = QAction(self)
        if precheck is not None:
            self.addSeparator()
            self.precheck_action.triggered.connect(precheck)
            self.addAction(self.precheck_action)
        self.retranslate()

    # -- cameras -----------------------------------------------------------------------------
    @Slot()
    def on_switch_camera(self) -> None:
        """The next camera in the list."""
        if len(self.cameras) > 1:
            self.use_camera((self.camera_index + 1) % len(self.cameras))

    def use_camera(self, index: int) -> None:
        self.camera_index = index
        self.camera_actions[index].setChecked(True)
        self.camera.switch_video(self.cameras[index].source())

    # -- sound output ------------------------------------------------------------------------
    def use_output(self, device: QAudioDevice | None) -> None:
        """Play the call on ``device`` (None: the system's default) and remember it."""
        self.speaker.set_device(device)
        self.settings.call_sound_output = device_id(device) if device is not None else ""
        self._check_output(device)
        self.save()

    def _check_output(self, device: QAudioDevice | None) -> None:
        if device is None:
            self.default_action.setChecked(True)
            return
        for action, d in zip(self.output_actions, self.outputs, strict=True):
            if d == device:
                action.setChecked(True)

    # -- words -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Devices"))
        self.switch_action.setText(self.tr("Switch camera"))
        self.camera_menu.setTitle(self.tr("Camera"))
        self.output_menu.setTitle(self.tr("Sound output (speaker or headset)"))
        self.default_action.setText(self.tr("The computer's default output"))
        self.precheck_action.setText(self.tr("Check camera, microphone and connection..."))


class DevicesButton(QPushButton):
    """The call window's *Devices* button, opening its menu."""

    def __init__(self, menu: DevicesMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callDevicesButton")
        self.devices = menu
        menu.setParent(self, menu.windowFlags())
        self.setMenu(menu)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(self.tr("Devices"))
