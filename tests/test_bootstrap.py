"""scripts/bootstrap.sh on a fresh Debian machine, with fake `id`, `dpkg-query` and `apt-get`
on the PATH: as a normal user it prints the exact apt-get line, as root it runs apt-get with
the missing packages; the venv needs python3-venv and a Python >= 3.11, said plainly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"
MISSING = ("python3-venv", "libxcb-cursor0")


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """`id -u` prints $FAKE_UID; `dpkg-query` reports $FAKE_MISSING as not installed;
    `apt-get` records its arguments in $APT_LOG."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    scripts = {
        "id": 'if [ "$1" = "-u" ]; then echo "$FAKE_UID"; else echo "uid=$FAKE_UID"; fi\n',
        "dpkg-query": (
            'pkg="${@: -1}"\n'
            "for m in $FAKE_MISSING; do\n"
            '  [ "$m" = "$pkg" ] && { echo -n "unknown ok not-installed"; exit 1; }\n'
            "done\n"
            'echo -n "install ok installed"\n'
        ),
        "apt-get": 'echo "$*" >> "$APT_LOG"\n',
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text("#!/bin/bash\n" + body)
        path.chmod(0o755)
    return bin_dir


def _install(
    fake_bin: Path, uid: int, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], str]:
    log = tmp_path / "apt.log"
    env = {
        **os.environ,
        "PATH": f"{fake_bin}:{os.environ['PATH']}",
        "FAKE_UID": str(uid),
        "FAKE_MISSING": " ".join(MISSING),
        "APT_LOG": str(log),
    }
    result = subprocess.run(
        ["bash", "-c", f'source "{BOOTSTRAP}" && install_debian_packages'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, log.read_text() if log.exists() else ""


def _packages() -> list[str]:
    out = subprocess.run(
        ["bash", "-c", f'source "{BOOTSTRAP}" && echo "$DEBIAN_PACKAGES"'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


def test_the_package_list_can_make_a_venv_and_validate_the_desktop_entry() -> None:
    packages = _packages()
    for needed in ("python3", "python3-venv", "desktop-file-utils", "libxcb-cursor0"):
        assert needed in packages, needed
    # Installed before the venv is made: `python3 -m venv` needs python3-venv (ensurepip).
    script = BOOTSTRAP.read_text()
    body = script[script.index("bootstrap() {") :]
    assert body.index("install_debian_packages") < body.index("ensure_venv")


def test_as_a_normal_user_it_prints_the_exact_apt_command(fake_bin: Path, tmp_path: Path) -> None:
    result, apt_calls = _install(fake_bin, 1000, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "  sudo apt-get install -y python3-venv libxcb-cursor0\n" in result.stdout
    assert apt_calls == ""  # never tried without root


def test_as_root_it_installs_the_missing_packages(fake_bin: Path, tmp_path: Path) -> None:
    result, apt_calls = _install(fake_bin, 0, tmp_path)
    assert result.returncode == 0, result.stderr
    assert apt_calls.splitlines() == [
        "update -qq",
        "install -y -qq --no-install-recommends python3-venv libxcb-cursor0",
    ]
    assert "sudo apt-get" not in result.stdout


def test_nothing_missing_nothing_done(fake_bin: Path, tmp_path: Path) -> None:
    log = tmp_path / "apt.log"
    env = {**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}", "FAKE_UID": "0"}
    env.update(FAKE_MISSING="", APT_LOG=str(log))
    result = subprocess.run(
        ["bash", "-c", f'source "{BOOTSTRAP}" && install_debian_packages'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout == "" and not log.exists()


def _ensure_venv(python: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": python, "SPOKE_VENV": str(tmp_path / "venv")}
    return subprocess.run(
        ["bash", "-c", f'source "{BOOTSTRAP}" && ensure_venv'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_old_python_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    """Ubuntu 22.04's python3 is 3.10: a fake interpreter reporting 3.10.12 to the check."""
    old = tmp_path / "python3.10"
    old.write_text(
        "#!/bin/bash\n"
        'case "$*" in\n'
        "  *version_info*) exit 1 ;;\n"
        "  *python_version*) echo 3.10.12 ;;\n"
        '  *) echo "unexpected call: $*" >&2; exit 3 ;;\n'
        "esac\n"
    )
    old.chmod(0o755)
    result = _ensure_venv(str(old), tmp_path)
    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stderr
    assert "Python 3.10.12" in result.stderr and "PYTHON=" in result.stderr
    assert "unexpected call" not in result.stderr  # stopped before `-m venv`
    assert not (tmp_path / "venv").exists()


def test_a_missing_python_names_the_packages(tmp_path: Path) -> None:
    result = _ensure_venv(str(tmp_path / "no-such-python"), tmp_path)
    assert result.returncode != 0
    assert "sudo apt-get install -y python3 python3-venv" in result.stderr


def test_this_python_passes_the_check() -> None:
    result = subprocess.run(
        ["bash", "-c", f'source "{BOOTSTRAP}" && check_python "{sys.executable}"'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_package_list_has_what_the_call_network_tests_start() -> None:
    """coturn for the relay-only call (tests/call/test_call_turn.py), iproute2 for link
    impairment with tc netem in a network namespace."""
    packages = _packages()
    assert "coturn" in packages and "iproute2" in packages
