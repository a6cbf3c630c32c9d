"""Clinical tables of the spoke: patients (with precomputed search keys), their edit
history, consults with consents, attachments and addenda."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models.base import Base, UTCDateTime, utcnow


class PatientRecord(Base):
    __tablename__ = "patients"
    __table_args__ = (
        # Name search: prefix ranges over the phonetic keys, fuzzy over the skeleton.
        Index("ix_patients_key_name", "key_name"),
        Index("ix_patients_key_family", "key_family"),
        Index("ix_patients_key_skeleton", "key_skeleton"),
        Index("ix_patients_mobile", "mobile"),
        Index("ix_patients_abha_number", "abha_number"),
        Index("ix_patients_abha_address", "abha_address"),
        Index("ix_patients_updated_at", "updated_at"),
        Index("ix_patients_birth_date", "birth_date"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    given_name: Mapped[str] = mapped_column(String(60))
    family_name: Mapped[str] = mapped_column(String(60), default="")
    sex: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    birth_estimated: Mapped[bool] = mapped_column(default=False)
    mobile: Mapped[str] = mapped_column(String(10), default="")
    no_mobile_reason: Mapped[str] = mapped_column(String(24), default="")
    abha_number: Mapped[str] = mapped_column(String(14), default="")
    abha_address: Mapped[str] = mapped_column(String(64), default="")
    state_lgd: Mapped[int | None] = mapped_column(default=None)
    district: Mapped[str] = mapped_column(String(80), default="")
    locality: Mapped[str] = mapped_column(String(80), default="")
    address_line: Mapped[str] = mapped_column(String(200), default="")
    pin: Mapped[str] = mapped_column(String(6), default="")
    guardian_name: Mapped[str] = mapped_column(String(60), default="")
    guardian_relation: Mapped[str] = mapped_column(String(16), default="")
    photo_blob_id: Mapped[str | None] = mapped_column(ForeignKey("blobs.blob_id"), default=None)
    key_name: Mapped[str] = mapped_column(String(130))  # phonetic "given family"
    key_family: Mapped[str] = mapped_column(String(130))  # phonetic "family given"
    key_skeleton: Mapped[str] = mapped_column(String(130))  # consonant outline
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)


class PatientChange(Base):
    """One edit of a patient: who, when, and each changed field as [old, new]."""

    __tablename__ = "patient_history"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    patient_id: Mapped[str] = mapped_column(ForeignKey("patients.id"), index=True)
    version: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


class ConsultRecord(Base):
    __tablename__ = "consults"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    patient_id: Mapped[str] = mapped_column(ForeignKey("patients.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    specialty: Mapped[str] = mapped_column(String(32), default="")
    priority: Mapped[str] = mapped_column(String(16), default="routine")
    # How the consult is held: video | audio | text (without a call, store-and-forward).
    mode: Mapped[str] = mapped_column(String(8), default="video")
    # Complaints, history and vitals: one JSON document, edited as a whole while a draft.
    intake: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # The hub's last word: queued | assigned | in_progress | completed | cancelled ("" before).
    hub_status: Mapped[str] = mapped_column(String(16), default="")
    hub_position: Mapped[int | None] = mapped_column(default=None)
    hub_wait_seconds: Mapped[int | None] = mapped_column(default=None)
    hub_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The earlier consult this one follows up (a follow-up due from its prescription).
    follow_up_of: Mapped[str | None] = mapped_column(String(32), default=None, index=True)


class ConsentRecord(Base):
    __tablename__ = "consult_consents"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    granted: Mapped[bool]
    given_by: Mapped[str] = mapped_column(String(16))
    guardian_name: Mapped[str] = mapped_column(String(60), default="")
    guardian_relation: Mapped[str] = mapped_column(String(16), default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AttachmentRecord(Base):
    __tablename__ = "consult_attachments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    blob_id: Mapped[str] = mapped_column(ForeignKey("blobs.blob_id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(120))
    thumbnail_blob_id: Mapped[str | None] = mapped_column(ForeignKey("blobs.blob_id"), default=None)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AddendumRecord(Base):
    __tablename__ = "consult_addenda"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
