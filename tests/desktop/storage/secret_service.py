"""A private, real Secret Service for tests: dbus-daemon plus an unlocked gnome-keyring-daemon,
started once per test session, never the user's own keyring (a test locks the collection).
If the daemons cannot be started the fixture FAILS, it never skips.

Any conftest can offer it: ``from tests.desktop.storage.secret_service import secret_service``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import secretstorage
from secretstorage.util import SS_PATH, DBusAddressWrapper, format_secret, open_session

from desktop.storage.keys import find_secure_backend


class SecretServiceHandle:
    """The private bus address, and a way to unlock the login keyring again after a test
    locked it (the unlock prompt needs a display we do not have)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.address = env["DBUS_SESSION_BUS_ADDRESS"]

    def unlock(self) -> None:
        # gnome-keyring's own unlock call, with the password the daemon was started with
        # (gnome-keyring-daemon --unlock keeps the trailing newline of stdin).
        with closing(secretstorage.dbus_init()) as bus:
            session = open_session(bus)
            internal = DBusAddressWrapper(
                SS_PATH, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface", bus
            )
            secret = format_secret(session, (PASSWORD + "\n").encode(), "text/plain")
            internal.call("UnlockWithMasterPassword", "o(oayays)", LOGIN_COLLECTION, secret)


LOGIN_COLLECTION = "/org/freedesktop/secrets/collection/login"
PASSWORD = "spoke-test-keyring"


def _start_secret_service(scratch: Path) -> tuple[dict[str, str], list[int]]:
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: apt-get install -y dbus gnome-keyring")
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = str(scratch / "data")
    env["XDG_RUNTIME_DIR"] = str(scratch / "run")
    for key in ("data", "run"):
        (scratch / key).mkdir(mode=0o700, parents=True)
    bus = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
        check=False,
    )
    if bus.returncode != 0:
        pytest.fail(f"dbus-daemon did not start: {bus.stderr.strip()}")
    address, pid = bus.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    keyring_daemon = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
        check=False,
    )
    if keyring_daemon.returncode != 0:
        os.kill(int(pid), 15)
        pytest.fail(f"gnome-keyring-daemon did not start: {keyring_daemon.stderr.strip()}")
    return env, [int(pid)]


@pytest.fixture(scope="session")
def secret_service_daemon() -> Iterator[SecretServiceHandle]:
    """The private Secret Service's daemons, started once per session. The process's own
    environment is left alone: the tests that use it get its bus through ``secret_service``,
    the rest of the run stays on the run's own keyring."""
    scratch = Path(tempfile.mkdtemp(prefix="spoke-keyring-"))
    new_env, pids = _start_secret_service(scratch)
    try:
        with on_bus(new_env["DBUS_SESSION_BUS_ADDRESS"]):
            deadline = time.monotonic() + 15
            while True:
                try:
                    find_secure_backend()
                    break
                except Exception as exc:
                    if time.monotonic() > deadline:
                        pytest.fail(f"the test Secret Service never became available: {exc}")
                    time.sleep(0.1)
        yield SecretServiceHandle(new_env)
    finally:
        # gnome-keyring-daemon leaves with its bus; stopping the bus stops both.
        for pid in pids:
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                pass
        shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def on_bus(address: str) -> Iterator[None]:
    """D-Bus clients made inside talk to ``address`` (the session bus is read from the
    environment at each connection)."""
    old = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = old


@pytest.fixture
def secret_service(secret_service_daemon: SecretServiceHandle) -> Iterator[SecretServiceHandle]:
    """The private unlocked Secret Service, on its bus for this test only (a test here locks
    its collection: what runs after the test must not inherit that bus)."""
    with on_bus(secret_service_daemon.address):
        yield secret_service_daemon
