"""The id format at the wire boundary: every record id travels as a dashed, lower-case UUID."""

from __future__ import annotations

import uuid


def wire_id(value: str | uuid.UUID) -> str:
    """The wire form of an id (``8-4-4-4-12`` lower-case hex). The spoke may keep ids as 32 hex
    digits; they are converted here, once, when they cross to the hub. Text that is not a UUID
    is returned as it is (the hub answers such a path with 404/422, never a crash)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value


def same_id(a: object, b: object) -> bool:
    """Two ids name the same record (compared in wire form)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return wire_id(a) == wire_id(b)


def local_id(value: str) -> str:
    """The form the spoke's storage keeps (32 lower-case hex digits), from either form; the
    inverse of ``wire_id``. Text that is not a UUID is returned as it is."""
    try:
        return uuid.UUID(value).hex
    except ValueError:
        return value
