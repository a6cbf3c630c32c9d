"""scripts/spoke_screenshots.py runs: its main scenarios (one language, into a temporary
folder) end without an error and write their pictures, so a change of the pages' APIs
cannot break the script silently again (it once did: ClinicContext lost ``writer``, the
sign-in dialog its ``UserSession``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCENARIOS = ["registration", "duplicate", "login-disk-full", "start", "lock", "recording"]
SCENARIOS += ["qt-dialogs", "operator"]
EXPECTED = [
    "patient-registration-storage-full",
    "patient-registration-estimated-age",
    "patient-duplicate-warning-screen",
    "login-disk-full",
    "start-window",
    "lock-screen-wrong-password",
    "recording-timer",
    "qt-file-dialog",
    "home-worklist",
    "patient-page",
    "consult-locked",
    "sync-page",
]


@pytest.mark.timeout(600)
def test_spoke_screenshots_main_scenarios_run(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SPOKE_SCREENSHOTS_OUT", None)
    result = subprocess.run(
        [sys.executable, "scripts/spoke_screenshots.py", "--out", str(tmp_path)]
        + ["--lang", "hi", *SCENARIOS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    assert "Error calling Python override" not in result.stderr, result.stderr[-4000:]
    for name in EXPECTED:
        picture = tmp_path / f"{name}-hi.png"
        assert picture.stat().st_size > 2_000, name


def test_unknown_scenario_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/spoke_screenshots.py", "no-such-screen"],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "unknown scenario" in result.stderr
