"""Storage fixtures: the private Secret Service (secret_service.py), per-test keyring service
names, and set-up profiles copied from one real set-up per session.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from desktop import paths
from desktop.storage import people
from desktop.storage.keys import KeyStore, ProfileKeys
from desktop.storage.startup import (
    MANIFEST,
    FacilityDetails,
    FirstAccount,
    Manifest,
    open_storage,
    set_up,
)
from tests.desktop.storage.secret_service import (
    SecretServiceHandle,
    on_bus,
    secret_service,
    secret_service_daemon,
)

__all__ = ["secret_service", "secret_service_daemon"]


@pytest.fixture
def keystore(secret_service: SecretServiceHandle) -> Iterator[KeyStore]:
    """A KeyStore on the real Secret Service, under a service name no other test uses."""
    store = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    yield store


FACILITY = FacilityDetails("HWC Test Spoke", code="IN0000TEST", state="Bihar", district="Gaya")
FIRST = FirstAccount("asha", "Test Operator", "operator", "correct horse 1")


@pytest.fixture(scope="session")
def storage_template(
    secret_service_daemon: SecretServiceHandle, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, ProfileKeys, str]:
    """One real set-up per session (scrypt and argon2 are slow on purpose); tests get copies."""
    root = tmp_path_factory.mktemp("template")
    previous = paths._current
    locs = paths.init(root / "profile")
    keystore = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    with on_bus(secret_service_daemon.address):
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


@pytest.fixture
def mark_unfinished() -> Callable[..., None]:
    """``mark_unfinished(locs, keystore, how="login")``: put data in a set-up profile (a
    sign-in, or a second account), then make storage.json say "complete": false, as a
    half-finished copy or a hand edit would."""

    def use_then_mark(locs: paths.Locations, keystore: KeyStore, how: str = "login") -> None:
        storage = open_storage(locs, keystore)
        try:
            if how == "login":
                storage.writer.run(
                    lambda s: people.authenticate(s, FIRST.username, FIRST.password, storage.device)
                )
            else:
                storage.writer.run(
                    lambda s: people.create_account(
                        s, "ravi", "Ravi Kumar", "operator", "pw-ravi-1234"
                    )
                )
            storage.db.checkpoint()
        finally:
            storage.close()
        manifest = Manifest.load(locs.data / MANIFEST)
        replace(manifest, complete=False).save(locs.data / MANIFEST)

    return use_then_mark
