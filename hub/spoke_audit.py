"""Spokes' audit chain heads, as each sync request reports them: kept per device, and flagged
when a head goes back or changes at a seq already reported (the spoke's log was rewritten)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.models import SpokeAuditHead

log = logging.getLogger("hub.audit")


def note_head(session: Session, device_id: str, seq: int, digest: str, now: datetime) -> None:
    """Record the device's reported head (in the request's transaction)."""
    known = session.get(SpokeAuditHead, device_id)
    if known is None:
        try:
            with session.begin_nested():  # two first requests at once: one row wins
                session.add(
                    SpokeAuditHead(device_id=device_id, seq=seq, hash=digest, reported_at=now)
                )
        except IntegrityError:
            pass
        return
    if seq == known.seq and digest == known.hash:
        return
    if seq < known.seq or seq == known.seq:
        # Kept as first seen: the flag says the spoke's log no longer extends what it showed.
        flag = "backwards" if seq < known.seq else "rewritten"
        if known.flag != flag:
            log.warning("spoke audit chain %s on device %s", flag, device_id)
            known.flag, known.flagged_at = flag, now
        return
    known.seq, known.hash, known.reported_at = seq, digest, now


def flagged(session: Session) -> list[SpokeAuditHead]:
    return list(
        session.scalars(
            select(SpokeAuditHead)
            .where(SpokeAuditHead.flag != "")
            .order_by(SpokeAuditHead.device_id)
        )
    )
