"""Roles: one set, with the hub's wire names, and the explicit map from the spoke's local
account roles (the names stored in the desktop's account table) to them."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Role(StrEnum):
    SPOKE_OPERATOR = "spoke_operator"
    HUB_DOCTOR = "hub_doctor"
    ADMIN = "admin"
    # Read-only consultation statistics of the states or districts assigned to the account
    # (no patient data); a hub role only, never a local desktop account.
    PROGRAMME_MANAGER = "programme_manager"


# The desktop's account table stores short names; each is exactly one wire role.
LOCAL_ACCOUNT_ROLES: Mapping[str, Role] = MappingProxyType(
    {"operator": Role.SPOKE_OPERATOR, "doctor": Role.HUB_DOCTOR, "admin": Role.ADMIN}
)


def role_of_account(local_role: str) -> Role:
    """The wire role of a local account role; ``ValueError`` for an unknown one."""
    try:
        return LOCAL_ACCOUNT_ROLES[local_role]
    except KeyError:
        raise ValueError(f"unknown local account role {local_role!r}") from None


def account_role(role: Role | str) -> str:
    """The local account role of a wire role; ``ValueError`` for an unknown one."""
    wanted = Role(role)
    return next(local for local, wire in LOCAL_ACCOUNT_ROLES.items() if wire is wanted)
