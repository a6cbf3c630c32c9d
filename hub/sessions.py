"""Is a login session still live? Checked for every request that carries an access token.

A session is a refresh-token family: logout, reuse detection or disabling the account revoke
it. The answer is cached for a few seconds per worker, so ending a session ends its access
tokens within that time on every worker (and at once on the worker that ended it).
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.models import RefreshToken

MAX_ENTRIES = 50_000


class LiveSessions:
    """A short-lived cache of which refresh-token families are still live."""

    def __init__(self) -> None:
        self._checked: dict[str, tuple[datetime, bool]] = {}
        self._lock = threading.Lock()

    def alive(self, session: Session, family_id: str, now: datetime, ttl: float) -> bool:
        with self._lock:
            seen = self._checked.get(family_id)
        if seen is not None and now - seen[0] < timedelta(seconds=ttl):
            return seen[1]
        live = session.scalar(
            select(RefreshToken.id)
            .where(
                RefreshToken.family_id == family_id,
                RefreshToken.revoked.is_(False),
                RefreshToken.expires_at > now,
            )
            .limit(1)
        )
        with self._lock:
            if len(self._checked) >= MAX_ENTRIES:
                self._checked.clear()
            self._checked[family_id] = (now, live is not None)
        return live is not None

    def forget(self, family_id: str) -> None:
        """This worker ended the session: the next request checks the database again."""
        with self._lock:
            self._checked.pop(family_id, None)

    def forget_all(self) -> None:
        with self._lock:
            self._checked.clear()
