"""The hub's tables (SQLAlchemy 2 typed ORM); Alembic migrations in hub/migrations follow these."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from hub.abha import abha_key


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Facility(Base):
    """A hub (doctors) or a spoke (an AB-HWC run by a CHO); spokes belong to one hub."""

    __tablename__ = "facilities"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "hub" | "spoke"
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(80), default="")
    hub_id: Mapped[str | None] = mapped_column(ForeignKey("facilities.id"), default=None)
    created_at: Mapped[datetime]


class User(Base):
    """An account: spoke_operator, hub_doctor or admin, scoped to one facility; or a
    programme_manager, scoped to states or districts (statistics only)."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    facility_id: Mapped[str | None] = mapped_column(ForeignKey("facilities.id"), default=None)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    registration_number: Mapped[str] = mapped_column(String(40), default="")
    specialties: Mapped[list[Any]] = mapped_column(default=list)
    signing_key: Mapped[str] = mapped_column(String(100), default="")  # Ed25519, base64
    availability: Mapped[str] = mapped_column(String(10), default="offline")
    availability_since: Mapped[datetime | None] = mapped_column(default=None)
    # A programme manager's statistics scope: [{"state": ..., "district": ""}, ...] ("" = the
    # whole state). Empty for every other role.
    stat_scope: Mapped[list[Any]] = mapped_column(default=list)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]


class Device(Base):
    """An installation enrolled to a facility with a one-time code; revocable."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id"))
    name: Mapped[str] = mapped_column(String(120), default="")
    secret_hash: Mapped[str] = mapped_column(String(64))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_at: Mapped[datetime]
    # A doctor's PC: the age public key media is re-encrypted to (hub.reencrypt).
    age_recipient: Mapped[str | None] = mapped_column(String(100), default=None)


class EnrollmentCode(Base):
    """A one-time device enrollment code (stored as its SHA-256)."""

    __tablename__ = "enrollment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)


class RefreshToken(Base):
    """A refresh token (SHA-256 only); rotation links tokens by family for reuse detection."""

    __tablename__ = "refresh_tokens"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Patient(Base):
    """A patient registered at a spoke; the FHIR Patient resource as sent."""

    __tablename__ = "patients"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id"), index=True)
    resource: Mapped[dict[str, Any]]
    payload_sha256: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # hub.abha.abha_key(resource): the ABHA number's digest, kept with every write of the
    # resource, so a doctor's history finds the patient's records at other spokes by index.
    abha_key: Mapped[str | None] = mapped_column(String(64), index=True, default=None)

    @validates("resource")
    def _keep_abha_key(self, _name: str, resource: dict[str, Any]) -> dict[str, Any]:
        self.abha_key = abha_key(resource)
        return resource


class Consult(Base):
    """A teleconsultation: clinical content (FHIR), queue state and assignment."""

    __tablename__ = "consults"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id"), index=True)
    hub_id: Mapped[str] = mapped_column(ForeignKey("facilities.id"), index=True)
    patient_id: Mapped[str] = mapped_column(ForeignKey("patients.id"), index=True)
    specialty: Mapped[str] = mapped_column(String(40))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    mode: Mapped[str] = mapped_column(String(20))
    consult_type: Mapped[str] = mapped_column(String(20))
    # The earlier consult of the same patient this one follows up (TPG 2020: List B drugs).
    follow_up_of: Mapped[str | None] = mapped_column(
        ForeignKey("consults.id", name="fk_consults_follow_up_of"), default=None
    )
    resources: Mapped[list[Any]]
    payload_sha256: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    finalized: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    assigned_doctor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    declined_by: Mapped[list[Any]] = mapped_column(default=list)
    queued_at: Mapped[datetime | None] = mapped_column(default=None)
    assigned_at: Mapped[datetime | None] = mapped_column(default=None)
    accepted_at: Mapped[datetime | None] = mapped_column(default=None)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The best mode the consult's calls achieved (the spoke reports each call,
    # ``consult_calls``); None while no call happened: ``mode`` (the operator's choice) rules.
    achieved_mode: Mapped[str | None] = mapped_column(String(20), default=None)

    __table_args__ = (Index("ix_consults_queue", "hub_id", "status", "specialty"),)


class Upload(Base):
    """A tus upload (an age-encrypted blob kept as received), optionally tied to a consult."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id"), index=True)
    consult_id: Mapped[str | None] = mapped_column(ForeignKey("consults.id"), default=None)
    created_by: Mapped[str] = mapped_column(String(36))
    length: Mapped[int] = mapped_column(Integer)
    offset: Mapped[int] = mapped_column(Integer, default=0)
    metadata_json: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    completed_at: Mapped[datetime | None] = mapped_column(default=None)


class Prescription(Base):
    """A doctor's signed e-prescription for a consult."""

    __tablename__ = "prescriptions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    doctor_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    registration_number: Mapped[str] = mapped_column(String(40))
    content: Mapped[dict[str, Any]]
    signature: Mapped[str] = mapped_column(Text)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    # The Ed25519 public key (base64) the signature was verified with, served to the spoke.
    signing_key: Mapped[str] = mapped_column(String(100), default="")


class ConsultAddendum(Base):
    """Text a spoke added to a consult after sending it (the consult itself stays as sent)."""

    __tablename__ = "consult_addenda"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime]
    received_at: Mapped[datetime]


class ConsultChat(Base):
    """A chat message of a consult's live call, as the spoke stored it (once by its id)."""

    __tablename__ = "consult_chat"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    sender: Mapped[str] = mapped_column(String(8))  # spoke or doctor
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime]
    received_at: Mapped[datetime]


class ConsultCall(Base):
    """What one live call of a consult achieved, as the spoke reported it (once by its id);
    the consult keeps the best mode of them (``Consult.achieved_mode``)."""

    __tablename__ = "consult_calls"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    mode: Mapped[str] = mapped_column(String(8))  # video, audio or text
    recorded_at: Mapped[datetime]  # the spoke's clock
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    video_seconds: Mapped[int | None] = mapped_column(Integer, default=None)
    audio_seconds: Mapped[int | None] = mapped_column(Integer, default=None)
    received_at: Mapped[datetime]


class QueueVersion(Base):
    """A counter per hub, bumped in the same transaction as every change of its queue
    (hub.queue_watch): doctors' long-polls answer when it moves, whichever worker moved it."""

    __tablename__ = "queue_versions"
    hub_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class ConsultDecline(Base):
    """A doctor handed an offered consult back, and why (optional)."""

    __tablename__ = "consult_declines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    doctor_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    declined_at: Mapped[datetime]


class FacilityStock(Base):
    """A spoke's medicine stock as its operators last sent it: the whole list, one row per
    facility, replaced by a newer revision only (an older list arriving late is ignored)."""

    __tablename__ = "facility_stock"
    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id"), primary_key=True)
    revision: Mapped[int]
    revision_id: Mapped[str] = mapped_column(String(36))
    items: Mapped[list[Any]]
    updated_at: Mapped[datetime]


class AuditEvent(Base):
    """One access to patient data (allowed or denied). Append-only, and hash-chained by
    ``seq`` (hub.audit_chain): an edited, removed or inserted row breaks the chain."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    user_id: Mapped[str | None] = mapped_column(String(36), default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    action: Mapped[str] = mapped_column(String(20))  # read | write | delete | upload | export
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(10))  # allowed | denied
    status_code: Mapped[int] = mapped_column(Integer)
    # Set when the transaction commits: the row's place in the chain, and the hashes.
    seq: Mapped[int | None] = mapped_column(Integer, unique=True, default=None)
    prev_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    hash: Mapped[str | None] = mapped_column(String(64), default=None)

    __table_args__ = (Index("ix_audit_object", "object_type", "object_id"),)


class AuditHead(Base):
    """The end of the hub's audit chain (one row): the last seq and its hash. Appenders lock
    it, so the chain has one order across workers."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class SpokeAuditHead(Base):
    """The latest audit chain head a spoke device reported (``X-Spoke-Audit-Head``), and
    what the hub noticed: a head that went back, or changed at a seq already reported."""

    __tablename__ = "spoke_audit_heads"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[datetime]
    flag: Mapped[str] = mapped_column(String(20), default="")  # "" | backwards | rewritten
    flagged_at: Mapped[datetime | None] = mapped_column(default=None)
