"""Helpers shared by the installer tests: paths and the environment the frozen app runs in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "installers-test"
EXE = "spoke-clinic.exe" if sys.platform == "win32" else "spoke-clinic"
sys.path.insert(0, str(ROOT / "installers"))


def app_env(**extra: str) -> dict[str, str]:
    """Environment for running the frozen app: offscreen, nothing leaking from the venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("SPOKE_CLINIC_PROFILE", None)
    env.pop("SPOKE_CLINIC_RESOURCES", None)
    env.update(extra)
    return env


def check_lines(stdout: str) -> dict[str, str]:
    """``{check name: whole line}`` of a ``--self-test`` run."""
    lines = [line for line in stdout.splitlines() if line.startswith(("ok", "FAIL"))]
    return {line.split()[1]: line for line in lines}
