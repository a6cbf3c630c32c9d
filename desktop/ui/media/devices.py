"""Cameras and microphones as the operator knows them (QMediaDevices names), mapped to
what the Qt-free capture code opens (OpenCV index, FFmpeg capture device)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtMultimedia import QMediaDevices

from desktop.media.cameras import CameraAddress, camera_address


@dataclass(frozen=True)
class CameraChoice:
    name: str
    device_id: str  # hex of QCameraDevice.id(), what settings remember
    address: CameraAddress
    sizes: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class MicrophoneChoice:
    name: str
    device_id: str
    position: int


def cameras() -> list[CameraChoice]:
    found = []
    for position, device in enumerate(QMediaDevices.videoInputs()):
        raw = bytes(device.id().data())
        sizes = sorted(
            {(f.resolution().width(), f.resolution().height()) for f in device.videoFormats()}
        )
        found.append(
            CameraChoice(
                device.description(), raw.hex(), camera_address(raw, position), tuple(sizes)
            )
        )
    return found


def microphones() -> list[MicrophoneChoice]:
    return [
        MicrophoneChoice(device.description(), bytes(device.id().data()).hex(), position)
        for position, device in enumerate(QMediaDevices.audioInputs())
    ]
