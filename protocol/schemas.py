"""Bodies both ends of the wire use (pydantic); field names are the wire names. The hub's own
bodies (administration, statistics) stay in ``hub.schemas``."""

from __future__ import annotations

import copy
import re
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from protocol.dosage import FREQUENCY_PATTERN, is_frequency
from protocol.errors import ErrorCode
from protocol.vocab import SPECIALTY_PATTERN

# The vocabularies as pydantic field types (plain strings on the wire and in the database);
# tests/protocol keeps each equal to its enum in protocol.roles / protocol.vocab.
RoleName = Literal["spoke_operator", "hub_doctor", "admin", "programme_manager"]
PriorityName = Literal["routine", "urgent", "emergency"]
ModeName = Literal["video", "audio", "text"]
ConsultTypeName = Literal["hub_spoke", "doctor_patient"]
ConsultStateName = Literal["draft", "queued", "assigned", "in_progress", "completed", "cancelled"]

_DATE_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")


def _date_time_text(value: Any) -> Any:
    # pydantic would also take numbers (and numeric strings) as Unix times.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATE_TIME.match(value):
        raise ValueError("an RFC 3339 date-time with a time zone is required")
    return value


def _in_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("the date-time needs a time zone")
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+23:59 is before year 1 in UTC
        raise ValueError("date-time out of range") from None


# A date-time input: RFC 3339 text with a zone, in range once moved to UTC.
Instant = Annotated[datetime, BeforeValidator(_date_time_text), AfterValidator(_in_utc)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(BaseModel):
    """Every error answer: ``code`` for programs, ``detail`` for people and logs."""

    code: ErrorCode
    detail: Any


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str
    role: str = Field(description="a protocol.roles.Role")
    user_id: str
    facility_id: str | None


class RefreshIn(Strict):
    refresh_token: str = Field(min_length=1, max_length=200)


class EnrollIn(Strict):
    code: str = Field(min_length=4, max_length=40)
    name: str = Field(default="", max_length=120)
    # A secret the installation generated for itself: a retry with the same code and the same
    # secret (after a lost answer) gets the same device instead of "code already used".
    device_secret: str | None = Field(
        default=None, min_length=32, max_length=100, pattern=r"^[A-Za-z0-9_-]+$"
    )
    # A doctor's PC sends the public half of the age key it generated: media the hub serves
    # to this device is encrypted to it.
    age_recipient: AgeRecipient | None = None


# An age X25519 public key: "age1" + 58 bech32 characters.
AGE_RECIPIENT_PATTERN = r"^age1[02-9ac-hj-np-z]{58}$"


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_ok(text: str) -> bool:
    """The BIP-173 checksum of a bech32 string (age recipients are bech32, HRP "age")."""
    hrp, _, data = text.rpartition("1")
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    values += [_BECH32.index(c) for c in data]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            check ^= gen if (top >> i) & 1 else 0
    return check == 1


def _age_recipient(value: str) -> str:
    if not _bech32_ok(value):
        raise ValueError("not an age X25519 recipient (checksum)")
    return value


AgeRecipient = Annotated[
    str,
    Field(
        pattern=AGE_RECIPIENT_PATTERN,
        description="an age X25519 public key (age1...): the device's media key",
    ),
    AfterValidator(_age_recipient),
]


class EnrollOut(BaseModel):
    device_id: str
    device_secret: str
    facility_id: str


class PatientIn(Strict):
    resource: dict[str, Any] = Field(description="A FHIR R4 Patient resource")


class PatientOut(BaseModel):
    id: str
    facility_id: str
    version: int
    payload_sha256: str
    resource: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class ConsultIn(Strict):
    patient_id: uuid.UUID
    specialty: str = Field(pattern=SPECIALTY_PATTERN)
    priority: PriorityName = "routine"
    mode: ModeName = Field(
        default="video",
        description="how the doctor meets the patient; text covers asynchronous store-and-forward "
        "(the Telemedicine Practice Guidelines' drug lists depend on it)",
    )
    consult_type: ConsultTypeName = "hub_spoke"
    follow_up_of: uuid.UUID | None = Field(
        default=None, description="the earlier consult of the same patient this one follows up"
    )
    resources: list[dict[str, Any]] = Field(default_factory=list, max_length=200)
    final: bool = False


class ConsultSummary(BaseModel):
    id: str
    facility_id: str
    hub_id: str
    patient_id: str
    specialty: str
    priority: str
    mode: str
    consult_type: str
    follow_up_of: str | None = None
    status: str
    finalized: bool
    version: int
    payload_sha256: str
    assigned_doctor_id: str | None
    queued_at: datetime | None
    assigned_at: datetime | None
    accepted_at: datetime | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ConsultOut(ConsultSummary):
    resources: list[dict[str, Any]]


class ConsultWithdrawnOut(BaseModel):
    """The answer to DELETE /consults/{id}: the id echoed and what became of the consult."""

    id: str
    status: Literal["deleted", "cancelled"]


class UploadInfo(BaseModel):
    """A tus upload as the JSON routes describe it; ``sha256`` of what was stored."""

    id: str
    consult_id: str | None
    length: int
    offset: int
    complete: bool
    sha256: str | None
    filename: str
    content_type: str
    created_at: datetime
    # What the encrypted file holds when the spoke says so (a still picture the doctor took
    # during the call: "image/jpeg"); empty for recording segments and the bundle's files.
    media_type: str = ""


class QueuePositionOut(BaseModel):
    id: str
    status: str
    position: int = Field(description="1 = next in line; 0 = a doctor has it")
    estimated_wait_seconds: int


class AvailabilityIn(Strict):
    availability: Literal["online", "away", "offline"]


class SigningKeyIn(Strict):
    public_key: str = Field(
        pattern=r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$",
        description="Ed25519 public key, raw 32 bytes, base64",
    )


def _number_not_text(value: Any) -> Any:
    if isinstance(value, str | bytes | bool):
        raise ValueError("a JSON number is required")
    return value


# A count in signed content: a JSON number (3 or 3.0), never text ("3"), so what was sent and
# what was validated describe the same prescription.
WholeNumber = Annotated[int, BeforeValidator(_number_not_text)]


def _iso_date_or_empty(value: str) -> str:
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError("an ISO date (YYYY-MM-DD) or empty is required") from None
    return value


IsoDateOrEmpty = Annotated[
    str,
    Field(max_length=10, pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"),
    AfterValidator(_iso_date_or_empty),
    # The spec says what the validator checks: a calendar date (a pattern alone would let
    # "2026-02-31" pass as valid), or nothing.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "maxLength": 0},
            ]
        }
    ),
]
TimingName = Literal["", "before_food", "after_food", "with_food", "empty_stomach", "bedtime"]
_UUID_OR_EMPTY = r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$"
# Some text that is not all blank, and no NUL (the hub refuses NUL in any text).
_NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


def _some_dose(value: str) -> str:
    if not is_frequency(value):
        raise ValueError("a frequency needs at least one dose")
    return value


class Diagnosis(Strict):
    """The provisional diagnosis: free text, optionally coded (e.g. ICD-10 or SNOMED CT)."""

    text: str = Field(min_length=2, max_length=300, pattern=_NOT_BLANK)
    code: str = Field(default="", max_length=40)
    system: str = Field(default="", max_length=200, description="the code system's URI")


class Medication(Strict):
    name: str = Field(
        min_length=2, max_length=120, pattern=_NOT_BLANK, description="generic, or as typed"
    )
    formulary_id: str = Field(
        default="",
        max_length=60,
        pattern=r"^[a-z0-9_-]*$",
        description="the formulary row picked; empty = free text (shown as such)",
    )
    strength: str = Field(default="", max_length=40)
    form: str = Field(default="", max_length=40)
    dose: str = Field(default="", max_length=60)
    frequency: Annotated[str, AfterValidator(_some_dose)] = Field(
        max_length=20,
        pattern=FREQUENCY_PATTERN,
        description='Indian notation, doses morning-afternoon-night ("1-0-1") or '
        'morning-noon-evening-night ("1-0-0-1"); or "SOS" (when needed) / "STAT" (at once)',
    )
    timing: TimingName = ""
    duration_days: WholeNumber = Field(default=0, ge=0, le=365)
    route: str = Field(default="", max_length=40)
    instructions: str = Field(default="", max_length=300)


class Referral(Strict):
    facility: str = Field(min_length=2, max_length=200, pattern=_NOT_BLANK)
    reason: str = Field(min_length=2, max_length=500, pattern=_NOT_BLANK)
    urgency: PriorityName = "routine"


class Prescriber(Strict):
    """Who signs: the registration number and its council are mandatory (TPG 2020)."""

    name: str = Field(min_length=2, max_length=120, pattern=_NOT_BLANK)
    qualification: str = Field(default="", max_length=120)
    registration_number: str = Field(min_length=2, max_length=40, pattern=_NOT_BLANK)
    council: str = Field(
        min_length=2,
        max_length=120,
        pattern=_NOT_BLANK,
        description="the medical council that registered the doctor, e.g. a state medical council",
    )


class PrescriptionContent(Strict):
    """What the doctor writes and signs. A prescription may carry no medicine (only advice,
    investigations or a referral)."""

    diagnosis: Diagnosis
    medications: list[Medication] = Field(default_factory=list, max_length=30)
    investigations: list[Annotated[str, Field(min_length=2, max_length=200)]] = Field(
        default_factory=list, max_length=30
    )
    advice: str = Field(default="", max_length=2000)
    follow_up_date: IsoDateOrEmpty = ""
    referral: Referral | None = None
    replaces: str = Field(
        default="",
        pattern=_UUID_OR_EMPTY,
        description="the id of the prescription this one corrects (wire form); empty = none",
    )
    prescriber: Prescriber


class PrescriptionIn(Strict):
    content: PrescriptionContent
    signature: str = Field(
        min_length=80,
        max_length=100,
        description="base64 Ed25519 signature of protocol.signing.signed_bytes: the canonical "
        "JSON (sorted keys, no spaces, UTF-8) of content exactly as sent, with consult_id and "
        "prescription_id added",
    )
    _sent_content: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_sent(cls, data: Any, handler: ModelWrapValidatorHandler[PrescriptionIn]) -> Any:
        model = handler(data)
        sent = data.get("content") if isinstance(data, dict) else None
        if isinstance(sent, dict):
            model._sent_content = copy.deepcopy(sent)
        else:  # built in code from models, not parsed from a body
            model._sent_content = model.content.model_dump(mode="json")
        return model

    @property
    def sent_content(self) -> dict[str, Any]:
        """The content exactly as the doctor sent it (no defaults added): what is signed and
        what is stored."""
        return copy.deepcopy(self._sent_content)


class PrescribingOut(BaseModel):
    """What the drug rules allow for a consult, as the hub decides it when the prescription
    arrives: the doctor's editor checks against the same answer."""

    consult_id: str
    mode: ModeName
    follow_up: bool = Field(
        description="linked to a completed consult of the same patient within the window"
    )
    follow_up_of: str | None
    follow_up_window_days: int
    allowed_lists: list[Literal["O", "A", "B"]]


class PrescriptionOut(BaseModel):
    id: str
    consult_id: str
    doctor_id: str
    registration_number: str
    content: dict[str, Any] = Field(description="exactly as the doctor sent it (signed)")
    signature: str
    payload_sha256: str
    created_at: datetime
    signing_key: str = Field(
        default="",
        description="the doctor's Ed25519 public key (32 raw bytes, base64) the hub verified "
        "the signature with; the spoke verifies again and caches it per doctor",
    )


class PrescriptionRefusalIn(Strict):
    """A spoke could not verify a prescription it received: its verdict and reason code
    (``desktop.core.rx_verify``); it will not print or dispense it."""

    state: Literal["tampered", "unverifiable"]
    reason: str = Field(default="", max_length=40, pattern=r"^[a-z_]*$")


class PrescriptionRefusalOut(BaseModel):
    id: str = Field(description="the prescription's id")
    consult_id: str
    state: str
    reason: str


class IceServer(BaseModel):
    urls: list[str]
    username: str | None = None
    credential: str | None = None


class IceConfigOut(BaseModel):
    ice_servers: list[IceServer]
    ttl_seconds: int


class HubKeyOut(BaseModel):
    age_recipient: str
    algorithm: Literal["age-x25519"] = "age-x25519"


class DeviceKeyIn(Strict):
    """PUT /devices/me/key: the calling device's age public key."""

    age_recipient: AgeRecipient


class DeviceKeyOut(BaseModel):
    device_id: str
    age_recipient: str


class DeclineIn(Strict):
    """Why a doctor hands an offered consult back (optional)."""

    reason: str = Field(default="", max_length=300)


class QueueItem(ConsultSummary):
    """A line of the doctor's queue: the consult summary and what the doctor sees at a glance."""

    facility_name: str = Field(description="the spoke's name")
    district: str
    state: str
    patient_age_years: int | None
    patient_sex: str = Field(description="FHIR gender: female, male, other, unknown")
    waiting_seconds: int = Field(description="since the consult was queued")
    offered: bool = Field(description="the hub offers this consult to me (assigned, not accepted)")


class QueueVersionOut(BaseModel):
    """The answer of GET /doctors/me/queue/watch: the hub's queue version."""

    version: int


class VitalReading(BaseModel):
    """One vital-sign value of an earlier consult, for trends."""

    code: Literal["bp_systolic", "bp_diastolic", "weight", "glucose", "spo2"]
    value: float
    unit: str
    time: datetime | None


class HistoryPrescription(BaseModel):
    id: str
    content: dict[str, Any] = Field(description="exactly as the doctor sent it (signed)")
    signature: str
    registration_number: str
    created_at: datetime


class HistoryConsult(BaseModel):
    """An earlier consult of the same patient (or of the same ABHA number elsewhere)."""

    id: str
    date: datetime = Field(description="when it was queued (or created)")
    facility_id: str
    facility_name: str
    specialty: str
    status: ConsultStateName
    same_patient: bool = Field(description="false: matched by ABHA number at another spoke")
    complaints: str
    vitals: list[VitalReading]
    prescriptions: list[HistoryPrescription]
