"""Demo mode: a ready local profile with the demo operator, and the embedded hub on loopback.

The demo accounts are synthetic and documented in ``hub.embedded``; the local profile's first
account uses the same username and password so one sign-in opens both.
"""

from __future__ import annotations

from pathlib import Path

from desktop import logs
from desktop.paths import Locations
from desktop.storage.keys import KeyStore
from desktop.storage.startup import (
    FacilityDetails,
    FirstAccount,
    ProfileState,
    Storage,
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
    profile was already set up (the normal start path opens it)."""
    if profile_state(locs) is ProfileState.READY:
        return None
    account = FirstAccount(DEMO_USERNAME, "Demo Operator", "operator", DEMO_PASSWORD)
    storage, _code = set_up(locs, keystore, DEMO_FACILITY, account)
    log.info("demo profile set up")
    return storage


def demo_hub_dir(locs: Locations) -> Path:
    return locs.data / "demo-hub"
