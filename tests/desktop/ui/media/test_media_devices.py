"""Device listing through QMediaDevices (this machine has none; the call must still work)."""

from __future__ import annotations

import pytest

from desktop.ui.media import devices


@pytest.mark.qt_log_ignore("pipewire", "PulseAudio", "FFmpeg version")
def test_listing_devices_works_without_hardware(qtbot) -> None:  # type: ignore[no-untyped-def]
    cams = devices.cameras()
    mics = devices.microphones()
    assert isinstance(cams, list) and isinstance(mics, list)
    for cam in cams:
        assert cam.name and cam.address.index >= 0
