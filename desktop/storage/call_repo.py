"""A live call's part of the consult's record: chat messages, stored once each by their id
with an outbox row (``PUT /consults/{c}/chat/{id}``), and the mode the call achieved (the
best so far), each report with an outbox row too (``PUT /consults/{c}/calls/{id}``).
Functions taking a ``Session`` run on the writer thread."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import redact
from desktop.storage import audit
from desktop.storage.audit import Actor
from desktop.storage.models.base import utcnow
from desktop.storage.models.call import CallOutcome, ChatRecord
from desktop.storage.models.clinical import ConsultRecord
from desktop.storage.models.outbox import OutboxEntry
from protocol.vocab import better_mode

SENDERS = ("spoke", "doctor")


class UnknownConsult(LookupError):
    """No consult with this id on this spoke."""


def _consult(session: Session, consult_id: str) -> ConsultRecord:
    rec = session.get(ConsultRecord, consult_id)
    if rec is None:
        raise UnknownConsult(consult_id)
    return rec


def store_chat(
    session: Session,
    consult_id: str,
    message_id: str,
    text: str,
    sender: str,
    sent_at: datetime,
    actor: Actor,
) -> bool:
    """Stores a chat message of the consult's call and queues it for the hub; False when a
    message with this id is already stored (a resent copy: nothing changes)."""
    if sender not in SENDERS:
        raise ValueError(f"not a chat sender: {sender!r}")
    rec = _consult(session, consult_id)
    if session.get(ChatRecord, message_id) is not None:
        return False
    redact.register(text)
    session.add(
        ChatRecord(id=message_id, consult_id=rec.id, sender=sender, text=text, sent_at=sent_at)
    )
    session.add(
        OutboxEntry(
            entity_type="chat",
            entity_id=message_id,
            operation="create",
            payload={
                "consult_id": rec.id,
                "sender": sender,
                "text": text,
                "sent_at": sent_at.isoformat(),
            },
        )
    )
    audit.record(
        session, actor, "write", patient_id=rec.patient_id, entity_type="chat", entity_id=message_id
    )
    return True


@dataclass(frozen=True)
class ChatLine:
    id: str
    sender: str
    text: str
    sent_at: datetime


def chat_lines(session: Session, consult_id: str) -> list[ChatLine]:
    """The consult's chat, oldest first (by the sender's clock, then id)."""
    rows = session.scalars(
        select(ChatRecord)
        .where(ChatRecord.consult_id == consult_id)
        .order_by(ChatRecord.sent_at, ChatRecord.id)
    )
    return [ChatLine(r.id, r.sender, r.text, r.sent_at) for r in rows]


def record_achieved_mode(
    session: Session,
    consult_id: str,
    mode: str,
    actor: Actor,
    *,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    video_seconds: float | None = None,
    audio_seconds: float | None = None,
) -> str:
    """Records what a call of the consult achieved and queues the report for the hub
    (``PUT /consults/{c}/calls/{id}``, a new id per report: the hub keeps the best mode of
    them too); the consult keeps the best mode any of its calls reached. Returns the mode
    now recorded."""
    rec = _consult(session, consult_id)
    outcome = session.get(CallOutcome, rec.id)
    kept = better_mode(outcome.achieved_mode if outcome else None, mode)
    now = utcnow()
    if outcome is None:
        session.add(CallOutcome(consult_id=rec.id, achieved_mode=kept, recorded_at=now))
    elif outcome.achieved_mode != kept:
        outcome.achieved_mode = kept
        outcome.recorded_at = now
    report: dict[str, object] = {"consult_id": rec.id, "mode": mode, "recorded_at": now.isoformat()}
    for key, at in (("started_at", started_at), ("ended_at", ended_at)):
        if at is not None:
            report[key] = at.isoformat()
    for key, seconds in (("video_seconds", video_seconds), ("audio_seconds", audio_seconds)):
        if seconds is not None:
            report[key] = max(0, round(seconds))
    session.add(
        OutboxEntry(
            entity_type="call", entity_id=uuid.uuid4().hex, operation="create", payload=report
        )
    )
    audit.record(
        session, actor, "write", patient_id=rec.patient_id, entity_type="consult", entity_id=rec.id
    )
    return kept


def achieved_mode_of(session: Session, consult_id: str) -> str | None:
    outcome = session.get(CallOutcome, consult_id)
    return outcome.achieved_mode if outcome else None
