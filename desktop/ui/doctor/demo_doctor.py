"""The demo's second window: the hub's demo doctor on a doctor PC of its own, against the
demo hub the operator's demo app runs. The operator's app writes the hub's loopback address
and a fresh one-time code for the hub's facility into its demo folder; the doctor's demo
profile (``<operator data>/demo-doctor``) is set up encrypted and enrolled with that code on
first start, and follows the hub to a new port on later starts."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from desktop import logs
from desktop.paths import Locations
from desktop.services.doctor import enroll_doctor_pc, set_up_doctor_pc
from desktop.services.startup import (
    FacilityDetails,
    KeyStore,
    ProfileState,
    Storage,
    open_storage,
    profile_state,
)
from desktop.sync.tokens import TokenStore

log = logs.get("ui")

DEMO_DOCTOR = "demo-doctor"
DEMO_PASSWORD = "demo-password"
ENROLLMENT_FILE = "doctor-enrollment.json"  # in the operator's demo hub folder
PROFILE_FOLDER = "demo-doctor"
DEMO_HUB_FACILITY = FacilityDetails(
    name="Zonal Hub Bhopal (demo)", kind="hub", state="Madhya Pradesh", district="Bhopal"
)


class DemoHubNotRunningError(RuntimeError):
    """No running demo hub has said where it listens (start the operator's demo first)."""


def doctor_profile(operator: Locations) -> Path:
    return operator.data / PROFILE_FOLDER


def write_enrollment(operator: Locations, base_url: str, code: str) -> Path:
    """Called by the operator's demo app once its hub listens (synthetic demo data only)."""
    folder = operator.data / "demo-hub"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ENROLLMENT_FILE
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({"base_url": base_url, "code": code}), encoding="utf-8")
    if os.name != "nt":
        partial.chmod(0o600)
    os.replace(partial, path)
    return path


def read_enrollment(doctor: Locations) -> tuple[str, str]:
    """The running demo hub's address and code, from the operator profile around ours."""
    path = doctor.data.parent.parent / "demo-hub" / ENROLLMENT_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return str(raw["base_url"]), str(raw["code"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DemoHubNotRunningError("no demo hub enrollment file") from exc


def ensure_doctor_profile(locs: Locations, keystore: KeyStore) -> Storage:
    """Open (or set up and enroll) the demo doctor's encrypted profile at ``locs``."""
    base_url, code = read_enrollment(locs)
    tokens = TokenStore()
    if profile_state(locs) is ProfileState.READY:
        storage = open_storage(locs, keystore)
    else:
        storage, _code = set_up_doctor_pc(locs, keystore, DEMO_HUB_FACILITY)
        log.info("demo doctor profile set up")
    creds = tokens.device()
    if creds is None:
        enroll_doctor_pc(storage, base_url, code, name="demo doctor PC", tokens=tokens)
    elif creds.hub_url != base_url:  # the demo hub came back on another port
        tokens.save_device(replace(creds, hub_url=base_url))
    return storage


def refuse(exc: BaseException, headless: bool) -> None:
    if isinstance(exc, DemoHubNotRunningError):
        text = QCoreApplication.translate(
            "DemoDoctor",
            "The demo hub is not running. Start the demo first (scripts/run.sh), "
            "then open the doctor's window (scripts/run.sh --doctor).",
        )
    else:
        from desktop.ui import failure_report

        text = failure_report.failure_text(exc)
    if headless:
        print(text)
    else:
        QMessageBox.critical(None, QCoreApplication.translate("DemoDoctor", "Spoke Clinic"), text)
