"""Local accounts: argon2id password verifiers, lockout after repeated failures, and the
audit entries of every login, failure and lockout. All functions run on the DB writer."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.storage import audit
from desktop.storage.models.accounts import ROLES, Account
from desktop.storage.models.base import utcnow

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD = 8

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (64 MiB, t=3, p=4)


@functools.cache
def _dummy_hash() -> str:
    """Unknown usernames still cost one verification, so timing does not reveal who exists.
    Made on first use, not at import: one argon2id hash costs ~350 ms of start-up."""
    return _hasher.hash("not a real password, only here for timing")


# Why an account change is refused, as a code: the words (translated) are the UI's, keyed by
# the code (desktop/ui/storage_messages.py: ACCOUNT_MESSAGES); a test keeps both sets equal.
ACCOUNT_ERROR_CODES = frozenset(
    {
        "username_invalid",
        "role_unknown",
        "password_short",
        "name_required",
        "username_taken",
        "not_admin",
        "no_such_account",
        "own_account",
    }
)


class AccountError(ValueError):
    """A new or changed account is not acceptable: ``code`` (one of ``ACCOUNT_ERROR_CODES``)
    says why; the UI shows the translated words for it."""

    def __init__(self, code: str) -> None:
        if code not in ACCOUNT_ERROR_CODES:
            raise ValueError(f"unknown account error code {code!r}")
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class LoginResult:
    """``ok`` with the account's details, or why not: 'invalid', 'locked' or 'inactive'."""

    ok: bool
    reason: str = ""
    account_id: str = ""
    username: str = ""
    display_name: str = ""
    role: str = ""
    locked_until: datetime | None = None
    is_admin: bool = False


def normalize_username(username: str) -> str:
    return username.strip().lower()


def create_account(
    session: Session,
    username: str,
    display_name: str,
    role: str,
    password: str,
    is_admin: bool = False,
) -> Account:
    name = normalize_username(username)
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise AccountError("username_invalid")
    if role not in ROLES:
        raise AccountError("role_unknown")
    if len(password) < MIN_PASSWORD:
        raise AccountError("password_short")
    if not display_name.strip():
        raise AccountError("name_required")
    exists = session.scalar(select(func.count()).where(Account.username == name))
    if exists:
        raise AccountError("username_taken")
    account = Account(
        username=name,
        display_name=display_name.strip(),
        role=role,
        password_hash=_hasher.hash(password),
        is_admin=is_admin or role == "admin",
    )
    session.add(account)
    session.flush()
    return account


def count_accounts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)) or 0


def authenticate(
    session: Session,
    username: str,
    password: str,
    device: str,
    now: datetime | None = None,
    action: str = "login",
) -> LoginResult:
    """Check a password, count failures, lock after ``MAX_FAILURES``. Never raises for a
    wrong password: the failure counter must be committed. ``action`` is what the audit log
    calls a success ("login", or "unlock" after the idle lock)."""
    now = now or utcnow()
    account = session.scalar(
        select(Account).where(Account.username == normalize_username(username))
    )
    if account is None:
        try:
            _hasher.verify(_dummy_hash(), password)
        except VerificationError:
            pass
        audit.record(session, audit.Actor("unknown", "none", device), "login-failed", at=now)
        return LoginResult(False, "invalid")
    actor = audit.Actor(account.username, account.role, device)
    if not account.active:
        audit.record(session, actor, "login-failed", at=now)
        return LoginResult(False, "inactive")
    if account.locked_until is not None and account.locked_until > now:
        audit.record(session, actor, "login-failed", at=now)
        return LoginResult(False, "locked", locked_until=account.locked_until)
    try:
        _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        account.failed_attempts += 1
        if account.failed_attempts >= MAX_FAILURES:
            account.failed_attempts = 0
            account.locked_until = now + LOCKOUT
            audit.record(session, actor, "lockout", at=now)
            return LoginResult(False, "locked", locked_until=account.locked_until)
        audit.record(session, actor, "login-failed", at=now)
        return LoginResult(False, "invalid")
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    account.failed_attempts = 0
    account.locked_until = None
    account.last_login_at = now
    audit.record(session, actor, action, at=now)
    return LoginResult(
        True,
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        is_admin=account.is_admin,
    )


@dataclass(frozen=True)
class AccountSummary:
    """What the accounts screen lists (never the verifier)."""

    account_id: str
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    is_admin: bool


def list_accounts(session: Session) -> list[AccountSummary]:
    rows = session.scalars(select(Account).order_by(Account.display_name, Account.username))
    return [
        AccountSummary(
            a.id,
            a.username,
            a.display_name,
            a.role,
            a.active,
            a.locked_until,
            a.last_login_at,
            a.is_admin,
        )
        for a in rows
    ]


def may_manage_accounts(session: Session, username: str) -> bool:
    found = session.scalar(
        select(Account.is_admin).where(Account.username == username, Account.active)
    )
    return bool(found)


def _require_admin(session: Session, actor: audit.Actor) -> None:
    if not may_manage_accounts(session, actor.username):
        raise AccountError("not_admin")


def add_account(
    session: Session,
    actor: audit.Actor,
    username: str,
    display_name: str,
    role: str,
    password: str,
    admin: bool = False,
) -> Account:
    """An administrator adds an operator, doctor or administrator (audited)."""
    _require_admin(session, actor)
    account = create_account(session, username, display_name, role, password, admin)
    audit.record(session, actor, "account", entity_type="account", entity_id=account.id)
    return account


def set_active(session: Session, actor: audit.Actor, account_id: str, active: bool) -> None:
    """Switch an account off (it can no longer sign in) or on again; never deleted."""
    _require_admin(session, actor)
    account = session.get(Account, account_id)
    if account is None:
        raise AccountError("no_such_account")
    if not active and account.username == actor.username:
        raise AccountError("own_account")
    account.active = active
    audit.record(session, actor, "account", entity_type="account", entity_id=account_id)


def reset_password(session: Session, actor: audit.Actor, account_id: str, password: str) -> None:
    """An administrator sets a new password (also lifts a lockout)."""
    _require_admin(session, actor)
    set_password(session, account_id, password)
    audit.record(session, actor, "account", entity_type="account", entity_id=account_id)


def set_password(session: Session, account_id: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError("password_short")
    account = session.get(Account, account_id)
    if account is None:
        raise AccountError("no_such_account")
    account.password_hash = _hasher.hash(password)
    account.failed_attempts = 0
    account.locked_until = None
