"""Consult lifecycle: draft -> ready -> with hub -> assigned -> in progress -> prescribed ->
closed, and cancelled. The moves after READY follow what the hub says (``hub_moves``).

Only DRAFT is editable; once a consult is ready (queued) or sent it is locked, and only
addenda may be added. Moves not in ``TRANSITIONS`` are rejected.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from desktop.core import consent, patient, vitals
from desktop.core.consult import DURATION_UNITS, SPECIALTIES, Addendum, Consult, Status
from desktop.core.issues import Issue, ValidationError, error

S = Status
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.DRAFT: frozenset({S.READY, S.CANCELLED}),
    # Taken back before the sync worker has sent it: editable again.
    S.READY: frozenset({S.DRAFT, S.WITH_HUB, S.CANCELLED}),
    # The hub's steps may be missed between two pulls: a consult may jump ahead.
    S.WITH_HUB: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.PRESCRIBED, S.CLOSED, S.CANCELLED}),
    # An offer not accepted goes back to the hub's queue.
    S.ASSIGNED: frozenset({S.WITH_HUB, S.IN_PROGRESS, S.PRESCRIBED, S.CLOSED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.PRESCRIBED, S.CLOSED}),
    S.PRESCRIBED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}
ADDENDUM_STATES = frozenset(
    {S.READY, S.WITH_HUB, S.ASSIGNED, S.IN_PROGRESS, S.PRESCRIBED, S.CLOSED}
)
# The hub's consult status -> the local state it means (a prescription means PRESCRIBED).
HUB_STATES: dict[str, Status] = {
    "queued": S.WITH_HUB,
    "assigned": S.ASSIGNED,
    "in_progress": S.IN_PROGRESS,
    "completed": S.CLOSED,
    "cancelled": S.CANCELLED,
}
_ORDER = (S.READY, S.WITH_HUB, S.ASSIGNED, S.IN_PROGRESS, S.PRESCRIBED, S.CLOSED)
TEXT_MAX = 2000


class IllegalTransition(ValueError):
    def __init__(self, current: Status, target: Status) -> None:
        self.current, self.target = current, target
        super().__init__(f"consult cannot move from {current.value} to {target.value}")


class ConsultLocked(ValueError):
    """Edits to a consult that has left the draft state."""

    def __init__(self, status: Status) -> None:
        self.status = status
        super().__init__(f"consult is {status.value}; only addenda may be added")


def can_move(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]


def is_editable(consult: Consult) -> bool:
    return consult.status is S.DRAFT


def ensure_editable(consult: Consult) -> None:
    if not is_editable(consult):
        raise ConsultLocked(consult.status)


def ready_issues(c: Consult, p: patient.Patient, today: date) -> list[Issue]:
    """What stops a draft from being queued for the hub (consent first: no consent, no
    consult)."""
    issues: list[Issue] = []
    tele = consent.current(c.consents, consent.ConsentKind.TELECONSULTATION)
    if tele is None or not tele.granted:
        issues.append(error("consent_teleconsultation", "consent.teleconsultation_required"))
    for given in c.consents:
        issues += consent.check(given, p, today)
    if not c.complaints and not c.complaint_text.strip():
        issues.append(error("complaints", "consult.complaint_required"))
    for name in ("complaint_text", "conditions", "allergies", "medicines"):
        if len(getattr(c, name)) > TEXT_MAX:
            issues.append(error(name, "text.too_long", maximum=TEXT_MAX))
    if c.duration_value is not None and not 0 < c.duration_value <= 999:
        issues.append(error("duration", "consult.duration_range"))
    if c.duration_unit not in DURATION_UNITS:
        issues.append(error("duration", "consult.duration_unit"))
    if c.specialty not in SPECIALTIES:
        issues.append(error("specialty", "consult.specialty_required"))
    age = p.age(today)
    issues += [i for i in vitals.check(c.vitals, age[0] if age else None) if i.is_error]
    return issues


def move(
    c: Consult, target: Status, p: patient.Patient | None = None, today: date | None = None
) -> Consult:
    """A copy of ``c`` in ``target`` state; raises on illegal moves or an unready draft."""
    if not can_move(c.status, target):
        raise IllegalTransition(c.status, target)
    if target is S.READY:
        if p is None or today is None:
            raise ValueError("moving to READY needs the patient and today's date")
        blocking = ready_issues(c, p, today)
        if blocking:
            raise ValidationError(blocking)
    return dataclasses.replace(c, status=target)


def add_addendum(c: Consult, text: str, author: str, at: datetime) -> Consult:
    """The only change allowed once a consult has left the draft state."""
    if c.status not in ADDENDUM_STATES:
        raise ConsultLocked(c.status)
    if not text.strip():
        raise ValidationError([error("addendum", "consult.addendum_empty")])
    added = Addendum(text=text.strip(), author=author, added_at=at)
    return dataclasses.replace(c, addenda=[*c.addenda, added])


def hub_moves(
    current: Status, hub_status: str, prescribed: bool, held: bool = False
) -> list[Status]:
    """The local moves that follow the hub's word on a sent consult, each one legal in turn:
    READY first goes WITH_HUB; a prescription (``prescribed``: one that verified) means
    PRESCRIBED before CLOSED; nothing ever moves back, except an offer the doctor let go
    (ASSIGNED -> WITH_HUB). ``held``: prescriptions arrived but none verified, so the
    consult waits where it is (never PRESCRIBED, never CLOSED) for one that does. Unknown
    hub states, drafts and finished consults move nowhere."""
    target = HUB_STATES.get(hub_status)
    if target is None or current in (S.DRAFT, S.CLOSED, S.CANCELLED):
        return []
    if target is S.CANCELLED:
        return [target] if can_move(current, target) else []
    if held and not prescribed and _ORDER.index(target) >= _ORDER.index(S.PRESCRIBED):
        target = S.IN_PROGRESS  # the doctor prescribed; nothing here may be used yet
    steps: list[Status] = []
    if current is S.READY:
        steps.append(S.WITH_HUB)
        current = S.WITH_HUB
    if prescribed and _ORDER.index(target) < _ORDER.index(S.PRESCRIBED):
        target = S.PRESCRIBED
    if prescribed and target is S.CLOSED and current is not S.PRESCRIBED:
        steps.append(S.PRESCRIBED)
        current = S.PRESCRIBED
    forward = _ORDER.index(target) > _ORDER.index(current)
    requeued = (current, target) == (S.ASSIGNED, S.WITH_HUB)
    if target is not current and can_move(current, target) and (forward or requeued):
        steps.append(target)
    return steps
