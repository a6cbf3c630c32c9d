"""The .deb on this machine: installs with dpkg -i, the self-test passes from the PATH, dpkg -r
(and an upgrade to a newer version) leave the user's profile in place."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from installer_helpers import BUILD, app_env, check_lines

from desktop import __version__

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

PACKAGE = "spoke-clinic"
OLDER, NEWER = f"{__version__}+test1", f"{__version__}+test2"


def _dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["dpkg", *args], capture_output=True, text=True, timeout=600)


def _installed_version() -> str | None:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status} ${Version}", PACKAGE], capture_output=True, text=True
    )
    if result.returncode != 0 or "install ok installed" not in result.stdout:
        return None
    return result.stdout.split()[-1]


@pytest.fixture(scope="module")
def debs(frozen_bundle: Path) -> dict[str, Path]:
    """Two packages of the same bundle with different versions (for the upgrade)."""
    if os.geteuid() != 0 or shutil.which("dpkg-deb") is None:
        pytest.fail("the .deb tests need root and dpkg-deb (Debian/Ubuntu, run as root)")
    from deb_package import build_deb

    out = BUILD / "debs"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return {v: build_deb(frozen_bundle, out, v) for v in (OLDER, NEWER)}


@pytest.fixture
def clean_install() -> Iterator[None]:
    """No spoke-clinic package before or after the test."""
    _dpkg("--purge", PACKAGE)
    yield
    _dpkg("--purge", PACKAGE)


def _user_env(home: Path) -> dict[str, str]:
    """A user whose home is ``home`` (profile in the default per-user locations)."""
    env = app_env(HOME=str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env.pop(var, None)
    return env


def _start_app(home: Path, tmp: Path) -> Path:
    """Run the installed app once in demo mode, unattended (database created or migrated,
    sign-in, main window, screenshot, exit); returns the profile's data folder."""
    shot = tmp / "shot.png"
    shot.unlink(missing_ok=True)
    result = subprocess.run(
        [PACKAGE, "--demo", "--screenshot", str(shot)],
        env=_user_env(home),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert shot.exists()
    data = home / ".local" / "share" / PACKAGE
    assert (data / "clinic.db").stat().st_size > 0
    return data


def _self_test_from_path() -> None:
    assert shutil.which(PACKAGE) == f"/usr/bin/{PACKAGE}"
    result = subprocess.run(
        [PACKAGE, "--self-test"], env=app_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    checks = check_lines(result.stdout)
    assert len(checks) >= 9 and all(line.startswith("ok") for line in checks.values())


def test_control_declares_honest_dependencies(debs: dict[str, Path], frozen_bundle: Path) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(debs[OLDER]), "Depends", "Version", "Installed-Size"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for needed in (
        "fonts-noto-core",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
        "libegl1",
        "libfontconfig1",
        "gnome-keyring |",
        "dbus-session-bus",
        "libc6 (>=",
    ):
        assert needed in fields, needed
    assert f"Version: {OLDER}" in fields
    # Installed-Size (KiB) matches the bundle, symlinked libraries counted once.
    installed_kib = int(fields.split("Installed-Size:")[1].split()[0])
    bundle_kib = (
        sum(
            p.stat().st_size for p in frozen_bundle.rglob("*") if p.is_file() and not p.is_symlink()
        )
        // 1024
    )
    assert bundle_kib <= installed_kib < bundle_kib * 1.05
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(debs[OLDER])], capture_output=True, text=True, check=True
    ).stdout
    assert "./opt/spoke-clinic/spoke-clinic" in listing
    assert "./usr/bin/spoke-clinic -> /opt/spoke-clinic/spoke-clinic" in listing
    assert "./usr/share/applications/spoke-clinic.desktop" in listing
    assert "./usr/share/icons/hicolor/scalable/apps/spoke-clinic.svg" in listing


def test_install_self_test_and_remove_keeps_the_profile(
    debs: dict[str, Path], clean_install: None, tmp_path: Path
) -> None:
    installed = _dpkg("-i", str(debs[OLDER]))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert _installed_version() == OLDER
    _self_test_from_path()
    data = _start_app(tmp_path / "home", tmp_path)
    record = data / "records-kept.bin"
    record.write_bytes(b"encrypted clinic data")

    removed = _dpkg("-r", PACKAGE)
    assert removed.returncode == 0, removed.stderr
    assert _installed_version() is None
    assert not Path("/opt/spoke-clinic").exists()
    assert not Path(f"/usr/bin/{PACKAGE}").exists()
    assert record.read_bytes() == b"encrypted clinic data"


def test_upgrade_in_place_keeps_the_profile(
    debs: dict[str, Path], clean_install: None, tmp_path: Path
) -> None:
    assert _dpkg("-i", str(debs[OLDER])).returncode == 0
    home = tmp_path / "home"
    data = _start_app(home, tmp_path)
    record = data / "records-kept.bin"
    record.write_bytes(b"encrypted clinic data")
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    database = (data / "clinic.db").read_bytes()

    upgraded = _dpkg("-i", str(debs[NEWER]))
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert _installed_version() == NEWER
    assert record.read_bytes() == b"encrypted clinic data"
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before
    assert (data / "clinic.db").read_bytes() == database
    _self_test_from_path()
    # The newer version opens (and would migrate) the older one's database and signs in.
    _start_app(home, tmp_path)
    assert record.read_bytes() == b"encrypted clinic data"

    # Even purge leaves patient data alone: it lives in the user's home, not in /opt.
    assert _dpkg("--purge", PACKAGE).returncode == 0
    assert record.exists()
