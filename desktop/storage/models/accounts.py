"""People and place: the facility this installation serves and its local user accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, false
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models.base import Base, UTCDateTime, new_id, utcnow
from protocol.roles import LOCAL_ACCOUNT_ROLES

# Local account roles, each mapped explicitly to its wire role in protocol.roles.
ROLES = tuple(LOCAL_ACCOUNT_ROLES)


class Facility(Base):
    """The health facility (spoke or hub) this installation belongs to; one row."""

    __tablename__ = "facility"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(64), default="")  # e.g. the HFR facility id
    kind: Mapped[str] = mapped_column(String(16), default="spoke")  # spoke | hub
    state: Mapped[str] = mapped_column(String(64), default="")
    district: Mapped[str] = mapped_column(String(64), default="")
    hub_recipient: Mapped[str] = mapped_column(String(128), default="")  # hub's age key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Account(Base):
    """A local login. ``password_hash`` is an argon2id verifier, never the password."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("role IN ('operator', 'doctor', 'admin')", name="role"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    active: Mapped[bool] = mapped_column(default=True)
    # May manage accounts; independent of the clinical role (a CHO can be one too).
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
