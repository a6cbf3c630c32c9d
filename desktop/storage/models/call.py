"""What a live call leaves in the consult's record: the chat messages (both directions, once
each by id) and the mode the call achieved (video, audio or text)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models.base import Base, UTCDateTime, utcnow


class ChatRecord(Base):
    __tablename__ = "consult_chat"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the message's own id
    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), index=True)
    sender: Mapped[str] = mapped_column(String(8))  # "spoke" or "doctor"
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the sender's clock
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CallOutcome(Base):
    __tablename__ = "consult_calls"

    consult_id: Mapped[str] = mapped_column(ForeignKey("consults.id"), primary_key=True)
    achieved_mode: Mapped[str] = mapped_column(String(8))  # video, audio or text
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
