"""The chat of a consult's live calls as part of its record: one line per message (who sent
it, when by the sender's clock, the text), read from the hub's answer tolerantly (a row the
hub sends malformed is skipped, never guessed)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.core.review_history import parse_time

SENDERS = ("spoke", "doctor")


@dataclass(frozen=True)
class ChatEntry:
    """One stored message; ``sender`` is "spoke" (the clinic) or "doctor"."""

    id: str
    sender: str
    text: str
    sent_at: datetime


def parse_chat(rows: Iterable[Any]) -> tuple[ChatEntry, ...]:
    """The conversation oldest first (by the sender's time, then id), from ``GET
    /consults/{c}/chat`` rows."""
    entries: list[ChatEntry] = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        mid, sender, text = row.get("id"), row.get("sender"), row.get("text")
        sent = row.get("sent_at")
        at = parse_time(sent) if isinstance(sent, str) else None
        if not isinstance(mid, str) or sender not in SENDERS or not isinstance(text, str):
            continue
        if at is None:
            continue
        entries.append(ChatEntry(mid, str(sender), text, at))
    return tuple(sorted(entries, key=lambda e: (e.sent_at, e.id)))
