"""Demo mode: a ready local profile with the demo operator, and the embedded hub on loopback.

The demo accounts are synthetic and documented in ``hub.embedded``; the local profile's first
account uses the same username and password so one sign-in opens both. The embedded hub's
database key and age identity live in the OS keyring (their own service), never on disk.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from pyrage import x25519

from desktop import logs
from desktop.paths import Locations
from desktop.services.errors import KeyMissingError, UnfinishedSetupHasDataError
from desktop.services.startup import (
    FacilityDetails,
    FirstAccount,
    KeyStore,
    ProfileKeys,
    ProfileState,
    Storage,
    alembic_lock,
    check_unfinished_setup,
    profile_state,
    set_up,
)

if TYPE_CHECKING:
    from hub.embedded import EmbeddedHub, EmbeddedSecrets

log = logs.get("ui")

DEMO_USERNAME = "demo-operator"
DEMO_PASSWORD = "demo-password"
# The embedded hub's keys, per profile id, apart from the spoke's own ("spoke-clinic").
DEMO_HUB_SERVICE = "spoke-clinic-demo-hub"
DEMO_FACILITY = FacilityDetails(
    name="HWC Kolar (demo)",
    code="DEMO-HWC-0001",
    kind="spoke",
    state="Madhya Pradesh",
    district="Sehore",
)


def ensure_demo_profile(locs: Locations, keystore: KeyStore) -> Storage | None:
    """Set up a new profile as the demo spoke; returns the storage it opened, or None if the
    profile holds a clinic already (the normal start path opens it, or explains why it cannot
    and offers the recovery code: a damaged profile, or an unfinished set-up over data)."""
    state = profile_state(locs)
    if state in (ProfileState.READY, ProfileState.DAMAGED):
        return None
    if state is ProfileState.INTERRUPTED:
        try:
            check_unfinished_setup(locs, keystore)
        except UnfinishedSetupHasDataError:
            return None
    account = FirstAccount(DEMO_USERNAME, "Demo Operator", "operator", DEMO_PASSWORD)
    storage, _code = set_up(locs, keystore, DEMO_FACILITY, account)
    log.info("demo profile set up")
    return storage


def demo_hub_dir(locs: Locations) -> Path:
    return locs.data / "demo-hub"


def demo_hub_secrets(hub_dir: Path, profile_id: str, keystore: KeyStore) -> EmbeddedSecrets:
    """The embedded hub's database key and age identity from ``keystore`` (the OS keyring,
    ``DEMO_HUB_SERVICE``), created on first use. The identity an older version kept in
    ``hub-key.txt`` moves into the keyring (spokes encrypted blobs to it). Never a new key
    over an encrypted hub database: ``KeyMissingError`` instead."""
    from hub import embedded

    keys = keystore.load(profile_id)
    if keys is None:
        if embedded.database_state(hub_dir) is embedded.DatabaseState.ENCRYPTED:
            raise KeyMissingError("the demo hub's keyring entries are missing")
        identity = embedded.legacy_identity(hub_dir) or x25519.Identity.generate()
        keys = ProfileKeys(os.urandom(32), identity)
        keystore.save(profile_id, keys)  # read back: a keyring that drops them is refused
        log.info("demo hub keys stored in the keyring")
    return embedded.EmbeddedSecrets(keys.database_key, keys.identity)


def hub_keystore(spoke: KeyStore) -> KeyStore:
    """The embedded hub's keys: the same keyring as the spoke's, under ``DEMO_HUB_SERVICE``."""
    return spoke.sibling(DEMO_HUB_SERVICE)


def start_demo_hub(locs: Locations, profile_id: str, keystore: KeyStore) -> EmbeddedHub:
    """Start the embedded hub of this profile with its keys from ``keystore`` (on a worker
    thread: keyring, migration and argon2 take a while)."""
    from hub.embedded import start_embedded

    hub_dir = demo_hub_dir(locs)
    secrets = demo_hub_secrets(hub_dir, profile_id, keystore)
    with alembic_lock():  # the hub migrates its database with Alembic too
        return start_embedded(hub_dir, secrets)
