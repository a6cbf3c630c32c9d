"""What the sync engine tells its listener (the Qt bridge, or a test): plain dataclasses,
delivered on the sync thread; the listener must not block."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Engine states, as the status bar shows them.
NOT_ENROLLED = "not_enrolled"
OFFLINE = "offline"
ONLINE = "online"
SYNCING = "syncing"
PAUSED = "paused"


@dataclass(frozen=True)
class StatusChanged:
    state: str
    pending: int
    last_synced: datetime | None
    error: str = ""  # the SyncError's kind, empty when all is well
    error_code: str = ""  # the SyncError's kind: the UI translates it into words


@dataclass(frozen=True)
class ItemProgress:
    item_id: int
    done: int
    total: int
    rate: float  # bytes per second


@dataclass(frozen=True)
class ItemSent:
    item_id: int
    entity_type: str
    entity_id: str = ""


@dataclass(frozen=True)
class ItemFailed:
    item_id: int
    message: str  # the SyncError's kind (words are the UI's: desktop/ui/sync/messages.py)
    needs_review: bool
    will_retry: bool
    code: str = ""  # the SyncError class name


@dataclass(frozen=True)
class PrescriptionArrived:
    consult_id: str
    prescription: dict[str, Any]


@dataclass(frozen=True)
class ConsultUpdate:
    consult_id: str
    status: str
    position: int | None = None
    estimated_wait_seconds: int | None = None
    summary: dict[str, Any] = field(default_factory=dict)


SyncEvent = (
    StatusChanged | ItemProgress | ItemSent | ItemFailed | PrescriptionArrived | ConsultUpdate
)
Listener = Callable[[SyncEvent], None]
