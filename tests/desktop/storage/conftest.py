"""Storage fixtures: a private, real Secret Service (dbus-daemon + gnome-keyring-daemon) for
the whole test session, per-test keyring service names, and an opened storage profile.

The daemons are always our own (never the user's session keyring: one test locks the default
collection). If they cannot be started the fixture FAILS, it never skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import secretstorage
from secretstorage.util import SS_PATH, DBusAddressWrapper, format_secret, open_session

from desktop import paths
from desktop.storage.keys import KeyStore, ProfileKeys, find_secure_backend
from desktop.storage.startup import MANIFEST, FacilityDetails, FirstAccount, Manifest, set_up


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
def secret_service() -> Iterator[SecretServiceHandle]:
    """A private unlocked Secret Service on a private session bus; yields the bus address."""
    scratch = Path(tempfile.mkdtemp(prefix="spoke-keyring-"))
    old = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    new_env, pids = _start_secret_service(scratch)
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = new_env["DBUS_SESSION_BUS_ADDRESS"]
    try:
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
        if old is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = old
        # gnome-keyring-daemon leaves with its bus; stopping the bus stops both.
        for pid in pids:
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                pass
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture
def keystore(secret_service: SecretServiceHandle) -> Iterator[KeyStore]:
    """A KeyStore on the real Secret Service, under a service name no other test uses."""
    store = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    yield store


FACILITY = FacilityDetails("HWC Test Spoke", code="IN0000TEST", state="Bihar", district="Gaya")
FIRST = FirstAccount("asha", "Test Operator", "operator", "correct horse 1")


@pytest.fixture(scope="session")
def storage_template(
    secret_service: SecretServiceHandle, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, ProfileKeys, str]:
    """One real set-up per session (scrypt and argon2 are slow on purpose); tests get copies."""
    root = tmp_path_factory.mktemp("template")
    previous = paths._current
    locs = paths.init(root / "profile")
    keystore = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    storage, code = set_up(locs, keystore, FACILITY, FIRST)
    storage.db.checkpoint()
    keys = storage.keys
    storage.close()
    paths._current = previous
    return locs.data, keys, code


@pytest.fixture
def ready(
    profile: paths.Locations, keystore: KeyStore, storage_template: tuple[Path, ProfileKeys, str]
) -> tuple[paths.Locations, KeyStore, str]:
    """A set-up profile (copy of the template) with its keys in this test's keyring service.
    Yields (locations, keystore, recovery code)."""
    data, keys, code = storage_template
    shutil.copytree(data, profile.data, dirs_exist_ok=True)
    keystore.save(Manifest.load(profile.data / MANIFEST).profile_id, keys)
    return profile, keystore, code
