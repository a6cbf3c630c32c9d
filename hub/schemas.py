"""Request and response bodies of the JSON API (pydantic); field names are the wire names.

The bodies the spoke also speaks live in ``protocol.schemas`` and are re-exported here; the hub's
own ones (facilities, accounts, devices, statistics) are defined below."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from protocol.schemas import (
    AvailabilityIn,
    ConsultIn,
    ConsultOut,
    ConsultSummary,
    ConsultWithdrawnOut,
    EnrollIn,
    EnrollOut,
    ErrorOut,
    HubKeyOut,
    IceConfigOut,
    IceServer,
    Instant,
    Medication,
    PatientIn,
    PatientOut,
    PrescribingOut,
    PrescriptionContent,
    PrescriptionIn,
    PrescriptionOut,
    PrescriptionRefusalIn,
    PrescriptionRefusalOut,
    QueuePositionOut,
    RefreshIn,
    RoleName,
    SigningKeyIn,
    Strict,
    TokenOut,
    UploadInfo,
)
from protocol.vocab import SPECIALTY_PATTERN

__all__ = [
    "SPECIALTY_PATTERN",
    "AvailabilityIn",
    "ConsultIn",
    "ConsultOut",
    "ConsultSummary",
    "ConsultWithdrawnOut",
    "CountRow",
    "DeviceOut",
    "EnrollIn",
    "EnrollOut",
    "EnrollmentCodeOut",
    "ErrorOut",
    "FacilityIn",
    "FacilityOut",
    "HubKeyOut",
    "IceConfigOut",
    "IceServer",
    "Instant",
    "Medication",
    "PatientIn",
    "PatientOut",
    "PrescribingOut",
    "PrescriptionContent",
    "PrescriptionIn",
    "PrescriptionOut",
    "PrescriptionRefusalIn",
    "PrescriptionRefusalOut",
    "QueuePositionOut",
    "RefreshIn",
    "SigningKeyIn",
    "StateRow",
    "StateTableOut",
    "Strict",
    "TokenOut",
    "UploadInfo",
    "UserIn",
    "UserOut",
    "WaitRow",
    "ScopeIn",
]

Name = Field(min_length=1, max_length=200)


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


class ScopeIn(Strict):
    """One unit of a programme manager's statistics scope: a state, or one of its districts."""

    state: str = Field(min_length=1, max_length=80)
    district: str = Field(default="", max_length=80, description="empty: the whole state")


class UserIn(Strict):
    username: str = Field(min_length=3, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")
    password: str = Field(min_length=10, max_length=200)
    role: RoleName
    facility_id: uuid.UUID | None = None
    full_name: str = Field(default="", max_length=200)
    registration_number: str = Field(default="", max_length=40)
    specialties: list[str] = Field(default_factory=list, max_length=20)
    scope: list[ScopeIn] = Field(
        default_factory=list, max_length=100, description="programme_manager only (required)"
    )


class UserOut(BaseModel):
    id: str
    username: str
    role: str
    facility_id: str | None
    full_name: str
    registration_number: str
    specialties: list[str]
    availability: str
    disabled: bool = False
    scope: list[ScopeIn] = Field(default_factory=list)


class EnrollmentCodeOut(BaseModel):
    code: str
    facility_id: str
    expires_at: datetime


class DeviceOut(BaseModel):
    id: str
    facility_id: str
    name: str
    revoked: bool


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


class WaitRow(BaseModel):
    state: str
    median_wait_seconds: int = Field(description="queued to accepted, median")
    consults: int


class CountRow(BaseModel):
    key: str
    hub_spoke: int
    doctor_patient: int
    total: int
