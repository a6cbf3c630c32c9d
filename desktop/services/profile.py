"""Whether this profile is set up, from its manifest alone (file checks, nothing opened): the
start-up path asks it before any slow import, to put the sign-in window up first."""

from desktop.storage.profile import ProfileState, profile_state

__all__ = ["ProfileState", "profile_state"]
