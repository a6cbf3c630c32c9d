"""Consent to the teleconsultation and, separately, to recording: who gave it, who
recorded it, and when. A minor consents through the guardian named at registration."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from desktop.core import names
from desktop.core.issues import Issue, error
from desktop.core.patient import Patient


class ConsentKind(StrEnum):
    TELECONSULTATION = "teleconsultation"
    RECORDING = "recording"


class GivenBy(StrEnum):
    PATIENT = "patient"
    GUARDIAN = "guardian"


@dataclass(frozen=True)
class Consent:
    """One consent decision; a later decision of the same kind supersedes it."""

    kind: ConsentKind
    granted: bool
    given_by: GivenBy
    recorded_by: str  # operator account id
    recorded_at: datetime  # timezone-aware UTC
    guardian_name: str = ""
    guardian_relation: str = ""


def check(consent: Consent, patient: Patient, today: date) -> list[Issue]:
    """Whether this person may give this consent for this patient."""
    field = f"consent_{consent.kind.value}"
    if consent.recorded_at.tzinfo is None:
        return [error(field, "consent.time_not_utc")]
    if not consent.recorded_by:
        return [error(field, "consent.operator_required")]
    if patient.is_minor(today):
        if consent.given_by is not GivenBy.GUARDIAN:
            return [error(field, "consent.minor_needs_guardian")]
        same = names.phonetic_key(consent.guardian_name) == names.phonetic_key(
            patient.guardian_name
        )
        if not consent.guardian_name.strip() or not same:
            return [error(field, "consent.guardian_mismatch")]
    elif consent.given_by is GivenBy.GUARDIAN and not consent.guardian_name.strip():
        return [error(field, "consent.guardian_name_required")]
    return []


def current(consents: Iterable[Consent], kind: ConsentKind) -> Consent | None:
    """The latest decision of one kind, or None if never asked."""
    mine = [c for c in consents if c.kind is kind]
    return max(mine, key=_when) if mine else None


def _when(c: Consent) -> datetime:
    """Its time, comparable with any other (a naive time, itself flagged by ``check``,
    is read as UTC rather than crash the comparison)."""
    at = c.recorded_at
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def granted(consents: Iterable[Consent], kind: ConsentKind) -> bool:
    latest = current(consents, kind)
    return latest is not None and latest.granted
