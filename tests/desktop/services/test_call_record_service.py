"""The call's record through the service: a chat message stored once (a resent copy
announces nothing), the achieved mode kept as the best, each announced after the commit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from desktop.changes import Change, Kind
from desktop.core.duplicates import Decision
from desktop.services.bundle import Services
from desktop.storage import consult_repo, patient_repo
from desktop.storage.startup import Storage
from tests.helpers.clinical import OPERATOR, TODAY, person

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_chat_and_mode_through_the_service(
    storage: Storage, services: Services, heard: list[Change]
) -> None:
    p = person("Sunita", "Devi", sex="female")
    storage.writer.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = storage.writer.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    calls = services.calls
    mid = uuid.uuid4().hex
    assert calls.store_chat(c.id, mid, "Is the fever high at night?", "doctor", NOW).result(30)
    assert Change(Kind.CONSULT, (c.id,), "chat") in heard
    assert Change(Kind.OUTBOX, (), "queued") in heard
    heard.clear()
    assert not calls.store_chat(c.id, mid, "Is the fever high at night?", "doctor", NOW).result(30)
    assert heard == []
    assert [line.text for line in calls.chat(c.id)] == ["Is the fever high at night?"]
    assert calls.record_achieved_mode(c.id, "audio").result(30) == "audio"
    assert calls.record_achieved_mode(c.id, "text").result(30) == "audio"
    assert calls.achieved_mode(c.id) == "audio"
    assert Change(Kind.CONSULT, (c.id,), "call-mode") in heard
    assert Change(Kind.OUTBOX, (), "queued") in heard  # each report goes to the hub


def test_a_call_report_carries_what_the_caller_knows(storage: Storage, services: Services) -> None:
    """The keyword details go into the report's outbox body (seconds rounded, never
    negative); without them the body has only the mode and when it was recorded."""
    from sqlalchemy import select

    from desktop.storage.models.outbox import OutboxEntry

    p = person("Sunita", "Devi", sex="female")
    storage.writer.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = storage.writer.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    calls = services.calls
    started = NOW.replace(minute=0)
    calls.record_achieved_mode(
        c.id, "video", started_at=started, ended_at=NOW, video_seconds=12.6, audio_seconds=-1
    ).result(30)
    calls.record_achieved_mode(c.id, "text").result(30)
    with storage.db.read_session() as s:
        rows = list(
            s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.entity_type == "call")
                .order_by(OutboxEntry.id)
            )
        )
    bodies = [{k: v for k, v in r.payload.items() if k != "recorded_at"} for r in rows]
    assert bodies == [
        {
            "consult_id": c.id,
            "mode": "video",
            "started_at": started.isoformat(),
            "ended_at": NOW.isoformat(),
            "video_seconds": 13,
            "audio_seconds": 0,
        },
        {"consult_id": c.id, "mode": "text"},
    ]
    assert all(r.operation == "create" and "recorded_at" in r.payload for r in rows)
    assert len({r.entity_id for r in rows}) == 2  # a report id each
