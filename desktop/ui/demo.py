"""Demo mode: a ready local profile with the demo operator, and the embedded hub on loopback.

The demo accounts are synthetic and documented in ``hub.embedded``; the local profile's first
account uses the same username and password so one sign-in opens both.
"""

from __future__ import annotations

from pathlib import Path

from desktop import logs
from desktop.paths import Locations
from desktop.storage.errors import UnfinishedSetupHasDataError
from desktop.storage.keys import KeyStore
from desktop.storage.startup import (
    FacilityDetails,
    FirstAccount,
    ProfileState,
    Storage,
    check_unfinished_setup,
    profile_state,
    set_up,
)

log = logs.get("ui")

DEMO_USERNAME = "demo-operator"
DEMO_PASSWORD = "demo-password"
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
