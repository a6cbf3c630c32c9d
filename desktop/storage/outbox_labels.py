"""What each waiting outbox row is, in the operator's terms: whose patient record, consult,
picture or recording segment n, and which record must reach the hub before it. For the sync
page only (names are shown on screen, never logged); no audit entry, as the page re-reads
this while sending and it shows names only, no clinical data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.clinical import AttachmentRecord, ConsultRecord, PatientRecord
from protocol.ids import local_id

RECORDING_KIND = "recording-segment"


class OutboxRow(Protocol):
    """The parts of an outbox row (``desktop.storage.outbox_queue.Item``) read here."""

    @property
    def id(self) -> int: ...

    @property
    def entity_type(self) -> str: ...

    @property
    def entity_id(self) -> str: ...

    @property
    def payload(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class OutboxLabel:
    """``what``: patient, consult, picture, file, recording (with ``segment``, 1, 2, ...) or
    other. ``waits_for``: the (entity type, id) that must reach the hub first, if any."""

    what: str
    patient_name: str = ""
    segment: int = 0
    waits_for: tuple[str, str] | None = None


def describe(session: Session, rows: Sequence[OutboxRow]) -> dict[int, OutboxLabel]:
    """A label for each row (by outbox id), read in a few batched queries."""
    consult_ids = {local_id(r.entity_id) for r in rows if r.entity_type == "consult"}
    consult_ids |= {
        local_id(str(r.payload["consult_id"]))
        for r in rows
        if r.entity_type == "blob" and isinstance(r.payload.get("consult_id"), str)
    }
    consult_patient = {
        cid: pid
        for cid, pid in session.execute(
            select(ConsultRecord.id, ConsultRecord.patient_id).where(
                ConsultRecord.id.in_(consult_ids)
            )
        ).tuples()
    }
    patient_ids = {local_id(r.entity_id) for r in rows if r.entity_type == "patient"}
    patient_ids |= set(consult_patient.values())
    names = {
        p.id: " ".join(x for x in (p.given_name, p.family_name) if x)
        for p in session.scalars(select(PatientRecord).where(PatientRecord.id.in_(patient_ids)))
    }
    blob_ids = {r.entity_id for r in rows if r.entity_type == "blob"}
    pictures = {
        a.blob_id: a.media_type
        for a in session.scalars(
            select(AttachmentRecord).where(AttachmentRecord.blob_id.in_(blob_ids))
        )
    }
    segments = _segment_numbers(session, consult_ids)
    labels: dict[int, OutboxLabel] = {}
    for r in rows:
        if r.entity_type == "patient":
            labels[r.id] = OutboxLabel("patient", names.get(local_id(r.entity_id), ""))
        elif r.entity_type == "consult":
            pid = consult_patient.get(local_id(r.entity_id), "")
            waits = ("patient", pid) if pid else None
            labels[r.id] = OutboxLabel("consult", names.get(pid, ""), waits_for=waits)
        elif r.entity_type == "blob":
            cid = local_id(str(r.payload.get("consult_id") or ""))
            name = names.get(consult_patient.get(cid, ""), "")
            waits = ("consult", cid) if cid else None
            if r.entity_id in segments:
                what, number = "recording", segments[r.entity_id]
            elif r.entity_id in pictures:
                what, number = (
                    ("picture" if pictures[r.entity_id].startswith("image/") else "file"),
                    0,
                )
            else:
                what, number = "file", 0
            labels[r.id] = OutboxLabel(what, name, number, waits)
        else:
            labels[r.id] = OutboxLabel("other")
    return labels


def _segment_numbers(session: Session, consult_ids: set[str]) -> dict[str, int]:
    """Blob id -> the recording segment's number within its consult (1, 2, ...)."""
    numbers: dict[str, int] = {}
    counts: dict[str, int] = {}
    for blob in session.scalars(
        select(BlobRecord)
        .where(
            BlobRecord.owner_type == "consult",
            BlobRecord.owner_id.in_(consult_ids),
            BlobRecord.kind == RECORDING_KIND,
        )
        .order_by(BlobRecord.created_at, BlobRecord.blob_id)
    ):
        owner = blob.owner_id or ""
        counts[owner] = counts.get(owner, 0) + 1
        numbers[blob.blob_id] = counts[owner]
    return numbers
