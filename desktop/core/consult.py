"""The Consult entity: complaints, history, vitals, specialty, priority, attachments,
consents and addenda, with the picker lists the intake form offers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from desktop.core.consent import Consent
from desktop.core.vitals import Vitals
from protocol import vocab

# Codes of the common-complaint picker; the UI shows translated labels.
COMMON_COMPLAINTS = (
    "fever",
    "cough",
    "breathlessness",
    "chest_pain",
    "headache",
    "abdominal_pain",
    "vomiting",
    "diarrhoea",
    "body_ache",
    "joint_pain",
    "skin_rash",
    "itching",
    "ear_pain",
    "sore_throat",
    "eye_redness",
    "blurred_vision",
    "dizziness",
    "weakness",
    "burning_urination",
    "white_discharge",
    "missed_period",
    "anxiety",
    "sleep_problem",
    "wound",
)

# The specialties the spoke offers: the shared vocabulary (protocol.vocab).
SPECIALTIES = vocab.SPECIALTIES

DURATION_UNITS = ("hours", "days", "weeks", "months", "years")


Priority = vocab.Priority  # one vocabulary with the hub
Mode = vocab.ConsultMode  # video, audio or text (store-and-forward): the drug lists depend on it


class Status(StrEnum):
    DRAFT = "draft"
    READY = "ready"  # queued for the hub
    WITH_HUB = "with_hub"  # sent; waiting in the hub's queue
    ASSIGNED = "assigned"  # a hub doctor has taken it
    IN_PROGRESS = "in_progress"  # the doctor is consulting
    PRESCRIBED = "prescribed"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Attachment:
    """A file in the encrypted blob store; the thumbnail is a blob too."""

    blob_id: str
    sha256: str
    size: int
    media_type: str  # image/png, image/jpeg, application/pdf
    title: str
    added_at: datetime
    thumbnail_blob_id: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class Addendum:
    """Text added after the record was sent; the record itself stays as sent."""

    text: str
    author: str
    added_at: datetime
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class Consult:
    patient_id: str
    created_by: str
    status: Status = Status.DRAFT
    complaints: list[str] = field(default_factory=list)  # COMMON_COMPLAINTS codes
    complaint_text: str = ""
    duration_value: int | None = None
    duration_unit: str = "days"
    conditions: str = ""
    allergies: str = ""
    medicines: str = ""
    vitals: Vitals = field(default_factory=Vitals)
    specialty: str = ""
    priority: Priority = Priority.ROUTINE
    mode: Mode = Mode.VIDEO
    attachments: list[Attachment] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    addenda: list[Addendum] = field(default_factory=list)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # Read from the store, never edited: the newest prescription received for this consult
    # did not verify (do not print or dispense; the hub is to send it again).
    rx_refused: bool = False
