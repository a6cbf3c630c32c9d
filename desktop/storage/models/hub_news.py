"""What the hub says about the spoke's consults: each status step it reported (with queue
position and wait) and the signed prescriptions its doctors wrote."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models.base import Base, UTCDateTime, utcnow


class ConsultStatusChange(Base):
    """One step of a consult as the hub reported it (and the local state it led to)."""

    __tablename__ = "consult_status_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    hub_status: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # the local lifecycle state after it
    position: Mapped[int | None] = mapped_column(default=None)
    wait_seconds: Mapped[int | None] = mapped_column(default=None)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PrescriptionRecord(Base):
    """A hub doctor's e-prescription, as received: content, signature and its hash kept
    exactly as the hub sent them, checked against the doctor's key when stored
    (``verification``: verified | tampered | unverifiable, ``verify_reason`` a code;
    ``verified`` mirrors it: True, False when tampered, None when nothing could be checked)."""

    __tablename__ = "prescriptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    doctor_id: Mapped[str] = mapped_column(String(36))
    registration_number: Mapped[str] = mapped_column(String(40))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    signature: Mapped[str] = mapped_column(Text)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    verified: Mapped[bool | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The public key the hub verified the signature with (base64), "" from an older hub.
    signing_key: Mapped[str] = mapped_column(Text, default="")
    verification: Mapped[str] = mapped_column(String(16), default="")
    verify_reason: Mapped[str] = mapped_column(String(24), default="")
    # The prescription this one corrects (content.replaces), "" for a first version.
    replaces: Mapped[str] = mapped_column(String(36), default="", index=True)
    # A referral's way: "" (no referral) | referred | reached | closed.
    referral_status: Mapped[str] = mapped_column(String(16), default="")
    referral_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class DoctorKey(Base):
    """A hub doctor's prescription signing key as last served by the hub: kept so that
    prescriptions (and paper ones read back from their QR) verify offline."""

    __tablename__ = "doctor_keys"

    doctor_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    public_key: Mapped[str] = mapped_column(Text)
    registration_number: Mapped[str] = mapped_column(String(40), default="")
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
