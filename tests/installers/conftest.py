"""The frozen onedir bundle, built once per session by installers/build_release.py.

It lands in build/installers-test/ and is reused only while the source key (a hash of the
source tree and the installed distributions) is unchanged; CI starts from a fresh clone,
so there it is always built.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from installer_helpers import BUILD, EXE, ROOT

# These build and check the Linux bundle and package; the Windows bundle and installer are
# built and smoke-tested by .github/workflows/installers.yml.
LINUX_ONLY = ["test_frozen_bundle.py", "test_deb_package.py"]
collect_ignore = [] if sys.platform.startswith("linux") else LINUX_ONLY


@pytest.fixture(scope="session")
def installers_lock() -> Iterator[None]:
    """One test session at a time builds into build/installers-test and uses dpkg.

    The lock file is machine-wide: two checkouts on one machine share the dpkg database.
    """
    BUILD.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":  # no dpkg there, and test runs are not shared
        yield
        return
    import fcntl

    with open(Path(tempfile.gettempdir()) / "spoke-clinic-installer-tests.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
        fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def frozen_bundle(installers_lock: None) -> Path:
    cmd = [sys.executable, str(ROOT / "installers" / "build_release.py"), "--targets", "onedir"]
    cmd += ["--reuse", "--out", str(BUILD / "dist"), "--work", str(BUILD / "work")]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    bundle = Path(summary["onedir"])
    assert (bundle / EXE).is_file()
    return bundle
