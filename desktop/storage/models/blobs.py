"""What the database knows about each encrypted blob: kind, ciphertext checksum and size,
who it is encrypted to, what record it belongs to, and whether it reached the hub."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models.base import Base, UTCDateTime, utcnow


class BlobRecord(Base):
    __tablename__ = "blobs"

    blob_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))  # of the ciphertext, as uploaded
    size: Mapped[int]  # ciphertext bytes
    plaintext_size: Mapped[int] = mapped_column(default=0)
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    owner_type: Mapped[str | None] = mapped_column(String(32), default=None)
    owner_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    damaged: Mapped[bool] = mapped_column(default=False)
