"""``spoke-clinic --self-test`` passes here and fails when a part of the install is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _self_test(env_extra: dict[str, str], *only: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test", *only],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_self_test_passes_on_this_installation() -> None:
    result = _self_test({})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(("ok", "FAIL"))]
    names = [line.split()[1] for line in lines]
    # Every check the issue and the installers rely on, by name, each exactly once.
    assert sorted(names) == sorted(
        [
            "qt-platform",
            "qt-multimedia",
            "fonts",
            "opencv",
            "pyav-codecs",
            "sqlcipher",
            "keyring",
            "age",
            "translations",
            "call",
        ]
    )
    assert all(line.startswith("ok") for line in lines)
    assert "H.264" in lines[names.index("pyav-codecs")]


def test_self_test_fails_when_translations_are_hidden(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    for qm in resources.rglob("*.qm"):
        qm.unlink()
    result = _self_test({"SPOKE_CLINIC_RESOURCES": str(resources)})
    assert result.returncode != 0
    assert "FAIL  translations" in result.stdout


# Loading the FFmpeg backend probes for PipeWire, which the test machine does not run.
@pytest.mark.qt_log_ignore("pipewire")
def test_multimedia_backend_check_needs_a_plugin_that_loads(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLibraryInfo

    from desktop.selftest import multimedia_backends

    real = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "multimedia"
    assert multimedia_backends(str(real))
    (tmp_path / "empty").mkdir()
    assert multimedia_backends(str(tmp_path / "empty")) == []
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "libfakemediaplugin.so").write_bytes(b"not a library")
    assert multimedia_backends(str(tmp_path / "broken")) == []


def test_report_file_holds_the_same_lines(tmp_path: Path) -> None:
    """``--report FILE``: the lines also land in a file (the Windows exe has no console)."""
    report = tmp_path / "self-test.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test", "--report", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines == result.stdout.splitlines()
    assert len([line for line in lines if line.startswith("ok")]) == 10
    assert lines[-1] == "self-test: 10 passed, 0 failed"


def test_keyring_failure_says_how_to_fix_it(tmp_path: Path) -> None:
    """Issue 12: no Secret Service (no session bus) -> the keyring line says what to do."""
    result = _self_test({"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/no-bus"})
    assert result.returncode != 0
    line = next(line for line in result.stdout.splitlines() if " keyring " in line)
    assert line.startswith("FAIL")
    assert "sudo apt-get install -y gnome-keyring dbus-x11" in line
    assert "desktop session" in line
    assert "scripts/run.sh starts a demo keyring" in line
    assert os.access(ROOT / "scripts" / "run.sh", os.X_OK)


def test_self_test_call_alone_connects_two_peers() -> None:
    """``--self-test call``: only the live call's check (aiortc peers on loopback exchange a
    picture, websockets round trip), as the frozen bundle's smoke test runs it."""
    result = _self_test({}, "call")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(("ok", "FAIL"))]
    assert len(lines) == 1 and lines[0].split()[:2] == ["ok", "call"], result.stdout
    assert "picture decoded" in lines[0] and "websocket" in lines[0]


def test_self_test_names_on_the_command_line_are_the_checks() -> None:
    """The switch's choices (kept in desktop/__main__.py so the start imports nothing of the
    self-test) are exactly the checks."""
    from desktop.__main__ import CHECK_NAMES
    from desktop.selftest import CHECKS

    assert list(CHECK_NAMES) == [name for name, _ in CHECKS]


def test_unknown_self_test_check_is_refused() -> None:
    result = _self_test({}, "no-such-check")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
