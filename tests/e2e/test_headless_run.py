"""The README's run command on a machine without a desktop session (issue 12): no session
D-Bus, no keyring, only ``xvfb-run -a scripts/run.sh``. It reaches the sign-in window, and
after a restart opens the same demo profile, its key kept by the demo keyring in the profile.
Without run.sh the app prints why it cannot start and exits, never hangs on a hidden dialog.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = "sign-in window shown"
# A set-up profile shows the sign-in window first and opens its records behind it.
RECORDS_OPEN = "sign-in ready (records open)"
START_TIMEOUT_S = 240  # bootstrap checks, key generation and argon2 on a loaded 2-core box


def _headless_env(tmp_path: Path, profile: Path) -> dict[str, str]:
    """A root shell on a server: no desktop session bus, no display, no keyring."""
    drop = (
        "DBUS_SESSION_BUS_ADDRESS",
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "QT_QPA_PLATFORM",
        "GNOME_KEYRING_CONTROL",
        "SPOKE_CLINIC_NO_DESKTOP_SESSION",
    )
    env = {k: v for k, v in os.environ.items() if k not in drop}
    runtime = tmp_path / "runtime"  # a login's runtime folder, without a bus in it
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env["SPOKE_CLINIC_PROFILE"] = str(profile)
    return env


class Run:
    """One start of a command in its own process group, its output read line by line."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                pytest.fail(f"no {text!r} within {timeout}s:\n" + "\n".join(self.lines[-40:]))
            if line is None:
                pytest.fail(f"ended before {text!r}:\n" + "\n".join(self.lines[-40:]))
            self.lines.append(line)
            if text in line:
                return

    def stop(self) -> None:
        """What closing the terminal does to it: the whole process group is told to end."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=60)
        self._reader.join(timeout=60)  # the rest of the output, up to the end
        while (line := self._queue.get_nowait() if not self._queue.empty() else None) is not None:
            self.lines.append(line)
        assert self.proc.stdout is not None
        self.proc.stdout.close()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


def _keyring_daemons_of(profile: Path) -> list[int]:
    """gnome-keyring daemons whose keyring folder is this profile's."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            ours = str(profile).encode() in environ.read_bytes()
            if ours and b"gnome-keyring" in (environ.parent / "cmdline").read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def _wait_until(condition, timeout: float = 30) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xvfb-run and D-Bus: Linux")
def test_readme_run_command_without_a_desktop_reopens_the_same_demo_profile(
    tmp_path: Path,
) -> None:
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "xvfb-run missing: scripts/bootstrap.sh installs the xvfb package"
    profile = tmp_path / "profile"
    env = _headless_env(tmp_path, profile)
    command = [xvfb_run, "-a", str(ROOT / "scripts" / "run.sh"), "--debug"]

    first = Run(command, env)
    try:
        first.wait_for(READY)
    finally:
        first.stop()
    keyring_dir = profile / "data" / "demo-keyring"
    assert f"using the demo keyring in {keyring_dir}" in first.output
    assert "demo profile set up" in first.output
    assert (keyring_dir / "keyrings" / "login.keyring").is_file()
    manifest = json.loads((profile / "data" / "storage.json").read_text())
    assert manifest["complete"]
    database = (profile / "data" / "clinic.db").stat()
    recovery = (profile / "data" / "recovery.age").read_bytes()
    # Nothing of the private session outlives the app.
    assert _wait_until(lambda: not _keyring_daemons_of(profile)), _keyring_daemons_of(profile)

    second = Run(command, env)
    try:
        second.wait_for(RECORDS_OPEN)
    finally:
        second.stop()
    assert f"storage opened (profile {manifest['profile_id'][:8]})" in second.output
    assert "demo profile set up" not in second.output
    assert "Spoke Clinic:" not in second.output  # no refusal on the way
    again = json.loads((profile / "data" / "storage.json").read_text())
    assert again == manifest
    after = (profile / "data" / "clinic.db").stat()
    assert (after.st_ino, after.st_dev) == (database.st_ino, database.st_dev)
    assert (profile / "data" / "recovery.age").read_bytes() == recovery
    assert _wait_until(lambda: not _keyring_daemons_of(profile)), _keyring_daemons_of(profile)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xvfb-run and D-Bus: Linux")
def test_without_a_keyring_the_app_prints_why_and_exits(tmp_path: Path) -> None:
    """Not through run.sh: the keyring refusal reaches the terminal, names a command that
    works, and the app exits instead of waiting on a dialog nobody can see."""
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run
    profile = tmp_path / "profile"
    result = subprocess.run(
        [xvfb_run, "-a", sys.executable, "-m", "desktop", "--demo"],
        cwd=ROOT,
        env=_headless_env(tmp_path, profile),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
    )
    assert result.returncode == 1, result.stderr[-3000:]
    assert "no secure password store (keyring)" in result.stderr
    assert "start it with scripts/run.sh" in result.stderr
    assert (ROOT / "scripts" / "run.sh").is_file()
    assert "No desktop session was found" in result.stderr
    assert not (profile / "data" / "storage.json").exists()  # nothing was set up
