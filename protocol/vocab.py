"""Vocabularies both ends agree on: specialties, consult states, mode, priority, type."""

from __future__ import annotations

from enum import StrEnum

# lower_snake names; the hub accepts any name matching SPECIALTY_PATTERN (a network may add
# its own), the spoke offers these.
SPECIALTIES = (
    "general_medicine",
    "paediatrics",
    "obstetrics_gynaecology",
    "dermatology",
    "ent",
    "ophthalmology",
    "psychiatry",
    "orthopaedics",
    "cardiology",
    "general_surgery",
    "dentistry",
    "ayush",
)
SPECIALTY_PATTERN = r"^[a-z][a-z_]{1,39}$"


class ConsultState(StrEnum):
    """A consult's state on the hub, as the hub reports it."""

    DRAFT = "draft"
    QUEUED = "queued"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# Where a consult may go from each state (the hub's queue enforces it).
CONSULT_MOVES: dict[ConsultState, frozenset[ConsultState]] = {
    ConsultState.DRAFT: frozenset({ConsultState.QUEUED, ConsultState.CANCELLED}),
    ConsultState.QUEUED: frozenset({ConsultState.ASSIGNED, ConsultState.CANCELLED}),
    ConsultState.ASSIGNED: frozenset(
        {ConsultState.IN_PROGRESS, ConsultState.QUEUED, ConsultState.CANCELLED}
    ),
    ConsultState.IN_PROGRESS: frozenset({ConsultState.COMPLETED}),
    ConsultState.COMPLETED: frozenset(),
    ConsultState.CANCELLED: frozenset(),
}


class ConsultMode(StrEnum):
    """How the doctor meets the patient: the Telemedicine Practice Guidelines (2020) allow
    different drug lists by mode. TEXT covers asynchronous store-and-forward (chat, e-mail,
    records sent for the doctor to answer later)."""

    VIDEO = "video"
    AUDIO = "audio"
    TEXT = "text"


MODES = ("text", "audio", "video")  # ConsultMode's values, worst to best


def better_mode(old: str | None, new: str) -> str:
    """The consult's mode after a call that achieved ``new``: the best the consult reached
    (a call that carried video and fell to audio only on a bad link was still by video)."""
    if new not in MODES:
        raise ValueError(f"not a consult mode: {new!r}")
    if old not in MODES:
        return new
    return max(old, new, key=MODES.index)


class Priority(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    EMERGENCY = "emergency"


class ConsultType(StrEnum):
    HUB_SPOKE = "hub_spoke"
    DOCTOR_PATIENT = "doctor_patient"
