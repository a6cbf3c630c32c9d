"""ABHA number (14 digits, shown XX-XXXX-XXXX-XXXX) and ABHA address (``name@abdm``).

No official ABHA checksum is published; the public numbers pass a Luhn mod-10 check, so a
failure is reported as a warning, never a rejection.
"""

from __future__ import annotations

import re

from desktop.core.issues import Issue, error, warning

ABHA_DIGITS = 14
ADDRESS_DOMAINS = ("abdm", "sbx")  # production and the ABDM sandbox
ADDRESS_MIN = 4
ADDRESS_MAX = 32

_SEPARATORS = re.compile(r"[\s\-]")
_LOCAL_PART = re.compile(r"[a-z][a-z0-9.]*")


def digits_of(number: str) -> str:
    """The number with spaces and hyphens removed (other characters are kept)."""
    return _SEPARATORS.sub("", number)


def format_number(number: str) -> str:
    """``12345678901234`` -> ``12-3456-7890-1234``; anything else is returned unchanged."""
    d = digits_of(number)
    if len(d) != ABHA_DIGITS or not d.isascii() or not d.isdigit():
        return number
    return f"{d[:2]}-{d[2:6]}-{d[6:10]}-{d[10:]}"


def luhn_ok(digits: str) -> bool:
    """Luhn mod-10 over all the digits (the last one is the check digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_complete(first13: str) -> str:
    """Append the Luhn check digit to 13 digits (used for synthetic test data)."""
    for check in "0123456789":
        if luhn_ok(first13 + check):
            return first13 + check
    raise AssertionError("unreachable: one check digit always fits")


def check_number(number: str, field: str = "abha_number") -> list[Issue]:
    """Issues with an ABHA number; an empty value is fine (the number is optional)."""
    d = digits_of(number)
    if not d:
        return []
    if not (d.isascii() and d.isdigit()):
        return [error(field, "abha.number_not_digits")]
    if len(d) != ABHA_DIGITS:
        return [error(field, "abha.number_length", expected=ABHA_DIGITS, got=len(d))]
    if not luhn_ok(d):
        return [warning(field, "abha.number_checksum")]
    return []


def normalise_address(address: str) -> str:
    """Lower case, trimmed; a bare local part gets the production ``@abdm`` domain."""
    a = address.strip().casefold()
    if a and "@" not in a:
        a += "@abdm"
    return a


def check_address(address: str, field: str = "abha_address") -> list[Issue]:
    """Issues with an ABHA address; empty is fine (optional)."""
    a = normalise_address(address)
    if not a:
        return []
    local, _, domain = a.rpartition("@")
    if domain not in ADDRESS_DOMAINS:
        return [error(field, "abha.address_domain")]
    if len(local) < ADDRESS_MIN:
        return [error(field, "abha.address_too_short", minimum=ADDRESS_MIN)]
    if len(local) > ADDRESS_MAX:
        return [error(field, "abha.address_too_long", maximum=ADDRESS_MAX)]
    if local[0].isdigit():
        return [error(field, "abha.address_leading_digit")]
    if local.startswith(".") or local.endswith("."):
        return [error(field, "abha.address_dot_at_end")]
    if not (local.isascii() and _LOCAL_PART.fullmatch(local)):
        return [error(field, "abha.address_characters")]
    return []
