"""Request and response bodies of the JSON API (pydantic); field names are the wire names."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

Specialty = str  # lower_snake, e.g. general_medicine, paediatrics
SPECIALTY_PATTERN = r"^[a-z][a-z_]{1,39}$"
Name = Field(min_length=1, max_length=200)


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
    detail: Any


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str
    role: str
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


class EnrollOut(BaseModel):
    device_id: str
    device_secret: str
    facility_id: str


class FacilityIn(Strict):
    kind: Literal["hub", "spoke"]
    name: str = Name
    state: str = Field(min_length=2, max_length=80)
    district: str = Field(default="", max_length=80)
    hub_id: uuid.UUID | None = None


class FacilityOut(BaseModel):
    id: str
    kind: str
    name: str
    state: str
    district: str
    hub_id: str | None


class UserIn(Strict):
    username: str = Field(min_length=3, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")
    password: str = Field(min_length=10, max_length=200)
    role: Literal["spoke_operator", "hub_doctor", "admin"]
    facility_id: uuid.UUID | None = None
    full_name: str = Field(default="", max_length=200)
    registration_number: str = Field(default="", max_length=40)
    specialties: list[str] = Field(default_factory=list, max_length=20)


class UserOut(BaseModel):
    id: str
    username: str
    role: str
    facility_id: str | None
    full_name: str
    registration_number: str
    specialties: list[str]
    availability: str


class EnrollmentCodeOut(BaseModel):
    code: str
    facility_id: str
    expires_at: datetime


class DeviceOut(BaseModel):
    id: str
    facility_id: str
    name: str
    revoked: bool


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
    priority: Literal["routine", "urgent", "emergency"] = "routine"
    mode: Literal["live", "store_and_forward"] = "live"
    consult_type: Literal["hub_spoke", "doctor_patient"] = "hub_spoke"
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


class Medication(Strict):
    name: str = Field(min_length=2, max_length=120)
    strength: str = Field(default="", max_length=40)
    dose: str = Field(default="", max_length=60)
    frequency: str = Field(default="", max_length=60)
    route: str = Field(default="", max_length=40)
    duration_days: int = Field(default=0, ge=0, le=365)
    instructions: str = Field(default="", max_length=300)


class PrescriptionContent(Strict):
    medications: list[Medication] = Field(min_length=1, max_length=30)
    advice: str = Field(default="", max_length=2000)
    follow_up_days: int = Field(default=0, ge=0, le=365)


class PrescriptionIn(Strict):
    content: PrescriptionContent
    signature: str = Field(
        min_length=80,
        max_length=100,
        description="base64 Ed25519 signature of the canonical JSON of content "
        "(sorted keys, no spaces, UTF-8) with consult_id and prescription id added",
    )


class PrescriptionOut(BaseModel):
    id: str
    consult_id: str
    doctor_id: str
    registration_number: str
    content: dict[str, Any]
    signature: str
    payload_sha256: str
    created_at: datetime


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


class StateRow(BaseModel):
    sr_no: int | None
    state: str
    total: int
    ab_hwc: int
    opd: int
    total_display: str


class StateTableOut(BaseModel):
    rows: list[StateRow]
    india: StateRow


class CountRow(BaseModel):
    key: str
    hub_spoke: int
    doctor_patient: int
    total: int
