"""Start-up use cases, before anybody signs in: what state the profile is in, first set-up,
opening the encrypted storage with its keys from the OS keyring, restoring lost keys with the
recovery code, the user session that signs people in, and the lock any in-process database
migration holds. The storage does the work; the UI
reaches it through this module."""

from desktop.storage.keys import KeyStore, ProfileKeys
from desktop.storage.migrate import alembic_lock
from desktop.storage.people import MIN_PASSWORD
from desktop.storage.session import UserSession
from desktop.storage.startup import (
    FacilityDetails,
    FirstAccount,
    ProfileState,
    Storage,
    check_unfinished_setup,
    open_storage,
    profile_state,
    restore_keys,
    set_up,
)

# alembic_lock(): held by whoever migrates a database in this process (the spoke's, and the
# embedded demo hub's on a worker thread): Alembic's context is process-global.
__all__ = [
    "MIN_PASSWORD",
    "FacilityDetails",
    "FirstAccount",
    "KeyStore",
    "ProfileKeys",
    "ProfileState",
    "Storage",
    "UserSession",
    "alembic_lock",
    "check_unfinished_setup",
    "open_storage",
    "profile_state",
    "restore_keys",
    "set_up",
]
