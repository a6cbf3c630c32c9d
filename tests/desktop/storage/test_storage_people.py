"""Accounts: argon2id verifiers, lockout, and the login session (idle lock, logout)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import redact
from desktop.storage import people
from desktop.storage.models.accounts import Account
from desktop.storage.models.audit import AuditEntry
from desktop.storage.models.base import utcnow
from desktop.storage.session import UserSession, caches
from desktop.storage.startup import open_storage

PASSWORD = "correct horse 1"  # the template profile's first account (conftest)


@pytest.fixture
def storage(ready):
    locs, keystore, _ = ready
    opened = open_storage(locs, keystore)
    yield opened
    opened.close()


def _actions(storage) -> list[str]:
    with storage.db.read_session() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_verifier_is_argon2id_never_the_password(storage) -> None:
    with storage.db.read_session() as s:
        stored = s.scalar(select(Account.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_login_success_and_failure_are_audited(storage) -> None:
    ok = storage.writer.run(lambda s: people.authenticate(s, "ASHA ", PASSWORD, "dev"))
    assert ok.ok and ok.role == "operator" and ok.username == "asha"
    assert ok.is_admin  # whoever set the clinic up may manage accounts
    bad = storage.writer.run(lambda s: people.authenticate(s, "asha", "wrong", "dev"))
    assert not bad.ok and bad.reason == "invalid"
    nobody = storage.writer.run(lambda s: people.authenticate(s, "ghost", "x", "dev"))
    assert not nobody.ok and nobody.reason == "invalid"  # same answer as a wrong password
    assert _actions(storage)[-3:] == ["login", "login-failed", "login-failed"]


def test_lockout_after_repeated_failures_and_expiry(storage) -> None:
    now = utcnow()
    for _ in range(people.MAX_FAILURES - 1):
        r = storage.writer.run(lambda s: people.authenticate(s, "asha", "nope", "d", now=now))
        assert r.reason == "invalid"
    locked = storage.writer.run(lambda s: people.authenticate(s, "asha", "nope", "d", now=now))
    assert locked.reason == "locked" and locked.locked_until == now + people.LOCKOUT
    # Even the right password is refused while locked.
    still = storage.writer.run(lambda s: people.authenticate(s, "asha", PASSWORD, "d", now=now))
    assert not still.ok and still.reason == "locked"
    later = now + people.LOCKOUT + timedelta(seconds=1)
    back = storage.writer.run(lambda s: people.authenticate(s, "asha", PASSWORD, "d", now=later))
    assert back.ok
    assert "lockout" in _actions(storage)


def test_account_rules(storage) -> None:
    with pytest.raises(people.AccountError, match="password_short"):
        storage.writer.run(lambda s: people.create_account(s, "dr_b", "Dr B", "doctor", "short"))
    with pytest.raises(people.AccountError, match="username_taken"):
        storage.writer.run(
            lambda s: people.create_account(s, "Asha", "Other", "operator", "long enough 1")
        )
    doc = storage.writer.run(
        lambda s: people.create_account(s, "dr_b", "Dr B", "doctor", "long enough 1")
    )
    assert doc.role == "doctor"


def test_idle_lock_keeps_the_user_and_logout_drops_caches(storage) -> None:
    session = UserSession(storage)
    assert session.login("asha", PASSWORD).result(10).ok
    decrypted = {"photo-1": b"decoded pixels"}
    caches.register("test-photos", decrypted.clear)
    redact.register("Canary Patientname")
    assert redact.scrub("Canary Patientname") == f"{redact.MASK} {redact.MASK}"
    try:
        session.lock()
        assert session.locked and session.current is not None
        assert decrypted  # unsaved work and caches stay behind the lock
        assert not session.unlock("wrong").result(10).ok and session.locked
        assert session.unlock(PASSWORD).result(10).ok and not session.locked
        session.logout().result(10)
        assert session.current is None and decrypted == {}
        # The patient's words stay masked in logs after logout (kept as digests only).
        assert redact.scrub("Canary Patientname") == f"{redact.MASK} {redact.MASK}"
    finally:
        caches.unregister("test-photos")
        redact.forget_all()
    assert _actions(storage)[-5:] == ["login", "lock", "login-failed", "unlock", "logout"]


def test_only_an_administrator_manages_accounts(storage) -> None:
    from desktop.storage import audit

    # The template's first account "asha" set the clinic up: an operator who may manage.
    asha = audit.Actor("asha", "operator", storage.device)
    boss = storage.writer.run(
        lambda s: people.add_account(s, asha, "boss", "Boss", "doctor", "long enough 1", True)
    )
    assert boss.is_admin and boss.role == "doctor"
    admin = audit.Actor("boss", "doctor", storage.device)
    plain = storage.writer.run(
        lambda s: people.add_account(s, admin, "op2", "Op Two", "operator", "long enough 1")
    )
    assert not plain.is_admin
    op2 = audit.Actor("op2", "operator", storage.device)
    with pytest.raises(people.AccountError, match="not_admin"):
        storage.writer.run(
            lambda s: people.add_account(s, op2, "x1", "X", "doctor", "long enough 1")
        )
    doc = storage.writer.run(
        lambda s: people.add_account(s, admin, "dr.b", "Dr B", "doctor", "long enough 1")
    )
    storage.writer.run(lambda s: people.set_active(s, admin, doc.id, False))
    off = storage.writer.run(lambda s: people.authenticate(s, "dr.b", "long enough 1", "d"))
    assert off.reason == "inactive"
    storage.writer.run(lambda s: people.set_active(s, admin, doc.id, True))
    storage.writer.run(lambda s: people.reset_password(s, admin, doc.id, "another one 2"))
    assert storage.writer.run(lambda s: people.authenticate(s, "dr.b", "another one 2", "d")).ok
    names = [a.username for a in storage.writer.run(people.list_accounts)]
    assert names == ["boss", "dr.b", "op2", "asha"]  # by display name
    assert _actions(storage).count("account") == 6


def test_importing_people_hashes_nothing_and_unknown_users_still_pay_one_verify(storage) -> None:
    """The timing-equaliser hash is made on first use (it cost ~350 ms at import)."""
    code = (
        "import argon2\n"
        "calls = []\n"
        "real = argon2.PasswordHasher.hash\n"
        "def spy(self, *a, **k):\n"
        "    calls.append(1)\n"
        "    return real(self, *a, **k)\n"
        "argon2.PasswordHasher.hash = spy\n"
        "import desktop.storage.people\n"
        "assert calls == [], calls\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[3])
    before = people._dummy_hash.cache_info().misses + people._dummy_hash.cache_info().hits
    result = storage.writer.run(lambda s: people.authenticate(s, "nobody", "whatever1", "dev"))
    assert not result.ok
    after = people._dummy_hash.cache_info().misses + people._dummy_hash.cache_info().hits
    assert after == before + 1  # the unknown name was checked against the dummy hash
