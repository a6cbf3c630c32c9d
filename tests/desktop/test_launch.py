"""``desktop.launch``: whether a desktop session can answer a dialog, and the commands the
app's advice names."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop import launch

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def desktop_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A Linux desktop: X display, session bus; returns the runtime folder."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv(launch.NO_DESKTOP_ENV, raising=False)
    return tmp_path


def test_a_desktop_session_answers_dialogs(desktop_env: Path) -> None:
    assert not launch.no_desktop_session()


def test_a_login_bus_socket_counts_as_a_session(desktop_env: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    assert launch.no_desktop_session()
    (desktop_env / "bus").touch()
    assert not launch.no_desktop_session()


@pytest.mark.parametrize("platform", ["offscreen", "minimal"])
def test_offscreen_platforms_have_nobody_to_ask(desktop_env: Path, monkeypatch, platform) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    assert launch.no_desktop_session()


def test_run_sh_says_its_bus_is_not_a_desktop(desktop_env: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(launch.NO_DESKTOP_ENV, "1")
    assert launch.no_desktop_session()


def test_windows_always_has_a_desktop(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert not launch.no_desktop_session()


def test_the_run_command_exists(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    assert launch.from_source() and launch.run_command() == "scripts/run.sh"
    monkeypatch.chdir("/")
    assert launch.run_command() == str(ROOT / "scripts" / "run.sh")
    assert os.access(launch.run_command(), os.X_OK)
    assert launch.demo_run_command() == launch.run_command()  # run.sh is demo mode already


def test_an_installed_app_names_its_own_command(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Not a source checkout: the console script beside the venv's Python, by full path
    unless the same one is on PATH."""
    monkeypatch.setattr(launch, "RUN_SCRIPT", tmp_path / "missing" / "run.sh")
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "spoke-clinic"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert launch.run_command() == str(script)
    assert launch.demo_run_command() == f"{script} --demo"
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    assert launch.run_command() == "spoke-clinic"
