"""A live call's part of the consult's record, for whoever runs the call (the call window):
each chat message stored once with the consult and queued for the hub, and the mode the
call achieved. Each write is one writer transaction and announces what changed.

How the call reports: ``desktop.call.chat.ChatChannel(on_message=..., on_sent=...)`` gives
every message, sent or received, to ``store_chat`` (a resent copy is stored once); when the
call ends (or its mode changes: audio only, video again), the window computes the mode with
``desktop.core.call_adapt.achieved_mode`` from the seconds pictures and sound came through
and calls ``record_achieved_mode(consult_id, mode)`` (optionally with the call's start, end
and seconds of pictures and sound); the consult keeps the best mode any of its calls reached
("text" when only the chat worked), and each report goes to the hub through the outbox,
whose prescription rules then use the consult's achieved mode.
"""

from __future__ import annotations

from concurrent.futures import Future
from datetime import datetime

from desktop.changes import Change, Kind
from desktop.services.clinic import Clinic
from desktop.storage import call_repo


class CallRecordService:
    def __init__(self, clinic: Clinic) -> None:
        self._clinic = clinic

    def store_chat(
        self, consult_id: str, message_id: str, text: str, sender: str, sent_at: datetime
    ) -> Future[bool]:
        """True when stored now, False for a copy already stored."""
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: call_repo.store_chat(s, consult_id, message_id, text, sender, sent_at, actor),
            lambda stored: (
                [Change(Kind.CONSULT, (consult_id,), "chat"), Change(Kind.OUTBOX, (), "queued")]
                if stored
                else []
            ),
        )

    def record_achieved_mode(
        self,
        consult_id: str,
        mode: str,
        *,
        started_at: datetime | None = None,
        ended_at: datetime | None = None,
        video_seconds: float | None = None,
        audio_seconds: float | None = None,
    ) -> Future[str]:
        """Records what a call achieved ("video", "audio" or "text"), queued for the hub
        with what else the caller knows of the call; the mode now kept."""
        actor = self._clinic.actor
        return self._clinic.write(
            lambda s: call_repo.record_achieved_mode(
                s,
                consult_id,
                mode,
                actor,
                started_at=started_at,
                ended_at=ended_at,
                video_seconds=video_seconds,
                audio_seconds=audio_seconds,
            ),
            lambda _: [
                Change(Kind.CONSULT, (consult_id,), "call-mode"),
                Change(Kind.OUTBOX, (), "queued"),
            ],
        )

    def chat(self, consult_id: str) -> list[call_repo.ChatLine]:
        """The consult's stored chat, oldest first (call from a worker thread)."""
        return self._clinic.read(lambda s: call_repo.chat_lines(s, consult_id))

    def achieved_mode(self, consult_id: str) -> str | None:
        return self._clinic.read(lambda s: call_repo.achieved_mode_of(s, consult_id))
