"""The doctor's side of a video consult: *Video call* on the consult review opens the call
window beside nothing but the call (the review stays in the doctor's window) and rings the
spoke. The doctor's PC has no Camera page: its camera service opens the saved choice (the
test pattern in the demo or when no camera is listed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.media.camera_service import CameraService
from desktop.settings import Settings
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.devices_menu import DevicesMenu, camera_options
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.call.spoke_call import hub_access
from desktop.ui.media import devices
from desktop.ui.media.device_choice import DeviceChoice

if TYPE_CHECKING:
    from desktop.services.doctor import DoctorService
    from desktop.ui.doctor.review_page import ReviewPage


def doctor_launcher(service: DoctorService, settings: Settings, demo: bool = False) -> CallLauncher:
    choice = DeviceChoice(settings, devices.cameras(), devices.microphones())
    if demo:
        choice.prefer_test_sources()
    camera = CameraService(choose=choice.sources)
    launcher = CallLauncher(Side.DOCTOR, hub_access(lambda: service.api), camera)
    launcher.keep = choice  # its device lists live as long as the camera they choose from

    def devices_menu(window: CallWindow) -> DevicesMenu:  # switch camera, sound output
        return DevicesMenu(camera, camera_options(settings), window.speaker, settings)

    launcher.devices = devices_menu
    return launcher


def open_for_review(launcher: CallLauncher, review: ReviewPage, doctor_name: str) -> CallWindow:
    """The reviewed consult's call window, named with the doctor and the patient."""
    r = review.review
    assert r is not None
    return launcher.open_call(r.consult_id, doctor_name, r.patient.name)
