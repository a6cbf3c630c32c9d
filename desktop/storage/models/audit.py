"""The append-only, hash-chained audit log (who, role, action, patient, when, device).

Each row's ``hash`` covers its fields and the previous row's hash; triggers (migration 0001)
refuse UPDATE and DELETE; ``audit_head`` remembers the newest hash so a cut tail shows too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models.base import Base, UTCDateTime

ACTIONS = (
    "read",
    "write",
    "export",
    "print",
    "login",
    "login-failed",
    "lockout",
    "logout",
    "lock",
    "unlock",
    "setup",
    "restore",
    "account",  # an administrator added, switched off/on, or reset an account
)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))  # username, or "system"
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    patient_id: Mapped[str | None] = mapped_column(String(32), default=None)
    entity_type: Mapped[str | None] = mapped_column(String(32), default=None)
    entity_id: Mapped[str | None] = mapped_column(String(64), default=None)
    device: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """One row: how many entries exist and the hash of the newest one."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
