"""A patient's ABHA number as the hub finds and indexes it: the 14 digits from the FHIR
Patient's identifier, and the key stored in ``patients.abha_key`` (its SHA-256) so the
doctor's history finds the patient's records at other spokes by index, not by text search."""

from __future__ import annotations

import hashlib
import re
from typing import Any

ABHA_SYSTEM = "https://healthid.abdm.gov.in"


def abha_number(resource: dict[str, Any]) -> str | None:
    """The 14 digits of the Patient's ABHA number, if it has one."""
    for ident in resource.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("system") == ABHA_SYSTEM:
            digits = re.sub(r"[^0-9]", "", str(ident.get("value", "")))
            if len(digits) == 14:
                return digits
    return None


def abha_key(resource: dict[str, Any] | None) -> str | None:
    """The indexed form of the resource's ABHA number (None: it has none). A digest, not
    the number: the index is an exact-match key and never a second readable copy."""
    digits = abha_number(resource or {}) if isinstance(resource, dict) else None
    if digits is None:
        return None
    return hashlib.sha256(f"abha:{digits}".encode("ascii")).hexdigest()
