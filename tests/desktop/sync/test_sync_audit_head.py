"""The spoke tells the hub its audit chain head with each sync request (issue 14): the hub
keeps the latest per device, so a spoke log rewritten later no longer matches what it saw."""

from __future__ import annotations

from typing import Any

from desktop.storage import audit
from hub.models import SpokeAuditHead
from tests.desktop.sync.test_sync_basics import wait_for
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke


def _hub_head(hub: LiveHub, device_id: str) -> tuple[int, str] | None:
    with hub.context.sessions() as s:
        row = s.get(SpokeAuditHead, device_id)
        return (row.seq, row.hash) if row is not None else None


def test_sync_reports_the_local_audit_head(hub: LiveHub, enrolled: Spoke) -> None:
    actor = audit.Actor("operator", "spoke_operator", "test-device")

    def log_two(s: Any) -> None:
        audit.record(s, actor, "write", entity_type="patient", entity_id="p1")
        audit.record(s, actor, "read", entity_type="patient", entity_id="p1")

    enrolled.writer.run(log_two)
    with enrolled.db.read_session() as s:
        local = audit.head(s)
    assert local[0] >= 2
    creds = enrolled.tokens.device()
    assert creds is not None
    enrolled.add_patient()
    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 1})
    wait_for(lambda: _hub_head(hub, creds.device_id) == local)
