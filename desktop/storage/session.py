"""Who is signed in: login, idle lock and unlock (work stays behind the lock), logout (drops
every decrypted cache). Qt-free; the UI calls these and shows the results."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session

from desktop import logs
from desktop.storage import audit, people
from desktop.storage.startup import Storage

log = logs.get("storage")


class DecryptedCaches:
    """Every in-memory cache of decrypted patient data registers its clear function here,
    so logout can drop them all (thumbnails, decoded photos, open records...)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clearers: dict[str, Callable[[], None]] = {}

    def register(self, name: str, clear: Callable[[], None]) -> None:
        with self._lock:
            self._clearers[name] = clear

    def unregister(self, name: str, clear: Callable[[], None] | None = None) -> None:
        """Forget ``name`` (only if it is still ``clear``, when given)."""
        with self._lock:
            if clear is None or self._clearers.get(name) is clear:
                self._clearers.pop(name, None)

    def drop_all(self) -> int:
        with self._lock:
            clearers = list(self._clearers.values())
        for clear in clearers:
            clear()
        return len(clearers)


caches = DecryptedCaches()


@dataclass(frozen=True)
class SignedIn:
    account_id: str
    username: str
    display_name: str
    role: str
    is_admin: bool = False  # may open the accounts screen

    def actor(self, device: str) -> audit.Actor:
        return audit.Actor(self.username, self.role, device)


class UserSession:
    """The login state of the app. Methods returning futures do their work on the DB writer;
    the UI delivers the results to the main thread (desktop/ui/tasks.py)."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.current: SignedIn | None = None
        self.locked = False

    def login(self, username: str, password: str) -> Future[people.LoginResult]:
        device = self.storage.device

        def attempt(session: Session) -> people.LoginResult:
            result = people.authenticate(session, username, password, device)
            if result.ok:
                user = SignedIn(
                    result.account_id,
                    result.username,
                    result.display_name,
                    result.role,
                    result.is_admin,
                )
                _once_committed(session, lambda: self._signed_in(user))
            return result

        return self.storage.writer.submit(attempt)

    def _signed_in(self, user: SignedIn) -> None:
        self.current = user
        self.locked = False

    def lock(self) -> None:
        """Idle lock: the signed-in user stays, their unsaved work stays in memory."""
        if self.current is None or self.locked:
            return
        self.locked = True
        actor = self.current.actor(self.storage.device)
        self.storage.writer.submit(lambda s: audit.record(s, actor, "lock"))

    def unlock(self, password: str) -> Future[people.LoginResult]:
        """Only the signed-in user can lift the lock (same lockout rules as login)."""
        if self.current is None:
            raise RuntimeError("nobody is signed in")
        user = self.current
        device = self.storage.device

        def attempt(session: Session) -> people.LoginResult:
            result = people.authenticate(session, user.username, password, device, action="unlock")
            if result.ok:
                _once_committed(session, lambda: self._signed_in(user))
            return result

        return self.storage.writer.submit(attempt)

    def logout(self) -> Future[object]:
        """Forget the user and every decrypted cache; the audit entry is written last. The
        words registered with ``desktop.redact`` stay masked (digests only, not the data): a
        name seen before logout must not appear in a log line written after it."""
        user, self.current, self.locked = self.current, None, False
        dropped = caches.drop_all()
        log.info("signed out; %d decrypted caches dropped", dropped)
        if user is None:
            done: Future[object] = Future()
            done.set_result(None)
            return done
        actor = user.actor(self.storage.device)
        return self.storage.writer.submit(lambda s: audit.record(s, actor, "logout"))


def _once_committed(session: Session, then: Callable[[], None]) -> None:
    """Run ``then`` on the writer thread once this transaction has committed, before its
    future resolves: a sign-in the disk could not record (full disk) has not happened."""
    event.listen(session, "after_commit", lambda _session: then(), once=True)
