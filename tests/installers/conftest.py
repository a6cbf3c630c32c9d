"""The frozen onedir bundle, built once per session by installers/build.py.

It lands in build/installers-test/ and is reused only while the source key (a hash of the
source tree and the installed distributions) is unchanged; CI starts from a fresh clone,
so there it is always built.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from installer_helpers import BUILD, ROOT


@pytest.fixture(scope="session")
def frozen_bundle() -> Path:
    cmd = [sys.executable, str(ROOT / "installers" / "build.py"), "--targets", "onedir"]
    cmd += ["--reuse", "--out", str(BUILD / "dist"), "--work", str(BUILD / "work")]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    bundle = Path(summary["onedir"])
    assert (bundle / "spoke-clinic").is_file()
    return bundle
