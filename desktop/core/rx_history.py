"""Which of a consult's prescriptions counts, and who is due back: a correction is a new
version that names the one it replaces, and the spoke shows the newest verified version
that nothing verified replaces; a prescription with a follow-up date puts its patient on
the follow-ups-due list from that date until a follow-up consult is started."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar


class Version(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def replaces(self) -> str: ...
    @property
    def verification(self) -> str: ...


V = TypeVar("V", bound=Version)


def current(versions: Sequence[V]) -> V | None:
    """The newest verified version not replaced by another verified one (``versions``
    oldest first); None when none verified."""
    valid = [v for v in versions if v.verification == "verified"]
    replaced = {v.replaces for v in valid if v.replaces}
    left = [v for v in valid if v.id not in replaced]
    return left[-1] if left else None


def refused(versions: Sequence[Version]) -> bool:
    """Whether the newest version received (``versions`` oldest first) did not verify: the
    clinic must not print or dispense from it, and the hub is to send it again."""
    return bool(versions) and versions[-1].verification != "verified"


def follow_up_date(content: object) -> date | None:
    """The follow-up date a prescription asks for ("YYYY-MM-DD"; "" or garbage: none)."""
    if not isinstance(content, dict):
        return None
    text = content.get("follow_up_date")
    if not isinstance(text, str) or not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class FollowUp:
    """A patient due back: the consult whose prescription asked for it, and when."""

    consult_id: str
    patient_id: str
    prescription_id: str
    due: date


def due(candidates: Iterable[FollowUp], today: date, started: set[str]) -> list[FollowUp]:
    """Follow-ups due on or before ``today`` whose consult has no follow-up started yet
    (``started``: ids of consults some consult follows up), earliest first."""
    return sorted(
        (f for f in candidates if f.due <= today and f.consult_id not in started),
        key=lambda f: (f.due, f.consult_id),
    )
