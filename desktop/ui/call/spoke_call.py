"""The spoke's side of a video consult: the consult screen's *Video call with the doctor*
opens the call window with the patient summary beside the video; the operator accepts when
the doctor calls. The hub's address and token come from the sync engine's hub client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from desktop.media.camera_service import CameraService
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.consult.binding import ConsultView
from desktop.ui.consult.patient_summary import PatientSummary
from protocol.ids import wire_id


class HubNotConnected(ConnectionError):
    """The clinic is not connected to a hub (no hub client yet)."""


def hub_access(owner: Callable[[], Any]) -> Callable[[], tuple[str, str]]:
    """(base URL, access token) of the hub client of ``owner()`` (the sync engine, the
    doctor's API); blocking (a token refresh)."""

    def access() -> tuple[str, str]:
        client = getattr(owner(), "client", None)
        if client is None:
            raise HubNotConnected
        return str(client.base_url), str(client.access_token())

    return access


def spoke_launcher(engine: Callable[[], Any], camera: CameraService) -> CallLauncher:
    return CallLauncher(Side.SPOKE, hub_access(engine), camera)


def open_for_consult(
    launcher: CallLauncher, view: ConsultView, today: Callable[[], date]
) -> CallWindow:
    """The bound consult's call window, the patient summary beside the video."""
    summary = PatientSummary(today)
    summary.show_patient(view.patient, view.consult.allergies)
    return launcher.open_call(wire_id(view.consult.id), "", view.patient.full_name, summary)
