"""Accounts: sign-in, idle lock and unlock, sign-out (through the ``UserSession``), and the
administrator's list of accounts (add, switch off/on, new password; audited, checked again
in storage on every change)."""

from __future__ import annotations

from concurrent.futures import Future

from sqlalchemy.orm import Session

from desktop.storage import people
from desktop.storage.audit import Actor
from desktop.storage.people import MIN_PASSWORD, AccountError, AccountSummary, LoginResult
from desktop.storage.session import DecryptedCaches, SignedIn, UserSession, caches

__all__ = [
    "MIN_PASSWORD",
    "AccountError",
    "AccountService",
    "AccountSummary",
    "DecryptedCaches",
    "LoginResult",
    "SignedIn",
    "caches",
]

# ``caches``: what sign-out drops (``UserSession.logout``); views that hold decrypted data
# register a clear function there.


class AccountService:
    def __init__(self, session: UserSession) -> None:
        self._session = session

    @property
    def current(self) -> SignedIn | None:
        return self._session.current

    def sign_in(self, username: str, password: str) -> Future[LoginResult]:
        return self._session.login(username, password)

    def unlock(self, password: str) -> Future[LoginResult]:
        return self._session.unlock(password)

    @property
    def locked(self) -> bool:
        return self._session.locked

    def lock(self) -> None:
        self._session.lock()

    def sign_out(self) -> Future[object]:
        return self._session.logout()

    def accounts(self) -> Future[list[AccountSummary]]:
        return self._session.storage.writer.submit(people.list_accounts)

    def _admin(self) -> Actor:
        user = self._session.current
        if user is None:
            raise RuntimeError("nobody is signed in")
        return user.actor(self._session.storage.device)

    def add_account(
        self, username: str, display_name: str, role: str, password: str, admin: bool = False
    ) -> Future[None]:
        actor = self._admin()

        def run(session: Session) -> None:
            people.add_account(session, actor, username, display_name, role, password, admin)

        return self._session.storage.writer.submit(run)

    def set_active(self, account_id: str, active: bool) -> Future[None]:
        actor = self._admin()
        return self._session.storage.writer.submit(
            lambda s: people.set_active(s, actor, account_id, active)
        )

    def reset_password(self, account_id: str, password: str) -> Future[None]:
        actor = self._admin()
        return self._session.storage.writer.submit(
            lambda s: people.reset_password(s, actor, account_id, password)
        )
