"""Connects recording exports to the storage audit log (hash-chained, via the DB writer)."""

from __future__ import annotations

from desktop.media.playback import AuditHook
from desktop.storage import audit
from desktop.storage.writer import DbWriter


def storage_audit(writer: DbWriter, actor: audit.Actor, patient_id: str | None = None) -> AuditHook:
    """An ``AuditHook`` that records each export before it happens and waits for it."""

    def hook(action: str, details: dict[str, str]) -> None:
        recording_id = details.get("recording_id")
        writer.run(
            lambda session: audit.record(
                session,
                actor,
                "export",
                patient_id=patient_id,
                entity_type="recording",
                entity_id=recording_id,
            )
        )

    return hook
