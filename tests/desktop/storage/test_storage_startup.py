"""First set-up, normal start, every refusal path, and recovery with the code (end to end)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from pyrage import x25519
from sqlalchemy import select, text

from desktop import paths
from desktop.storage import audit, migrate, recovery
from desktop.storage.db import Database
from desktop.storage.errors import (
    DataMissingError,
    KeyMissingError,
    KeyringLockedError,
    KeyringUnavailableError,
    NewerDatabaseError,
    RecoveryCodeError,
    UnfinishedSetupHasDataError,
    WrongKeyError,
)
from desktop.storage.keys import KeyStore, ProfileKeys
from desktop.storage.models.accounts import Account, Facility
from desktop.storage.models.audit import AuditEntry
from desktop.storage.startup import (
    MANIFEST,
    FacilityDetails,
    FirstAccount,
    Manifest,
    ProfileState,
    check_unfinished_setup,
    open_storage,
    profile_state,
    restore_keys,
    set_up,
)

FACILITY = FacilityDetails("HWC Test Spoke", code="IN0000TEST", state="Bihar", district="Gaya")
FIRST = FirstAccount("asha", "Test Operator", "operator", "correct horse 1")
# The ``ready`` fixture (conftest) gives a set-up profile: (locations, keystore, recovery code).


def _set_up(locs: paths.Locations, keystore: KeyStore):
    storage, code = set_up(locs, keystore, FACILITY, FIRST)
    return storage, code


def _all_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_first_start_then_normal_start(profile: paths.Locations, keystore: KeyStore) -> None:
    assert profile_state(profile) is ProfileState.NEW
    storage, code = _set_up(profile, keystore)
    assert recovery.normalize(code) == code
    storage.close()
    assert profile_state(profile) is ProfileState.READY
    again = open_storage(profile, keystore)
    with again.db.read_session() as s:
        facility = s.get(Facility, 1)
        assert facility is not None and facility.name == "HWC Test Spoke"
        assert s.scalar(select(Account.username)) == "asha"
    again.close()


def test_no_keyring_refuses_set_up_before_writing_anything(
    profile: paths.Locations, keystore: KeyStore, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    with pytest.raises(KeyringUnavailableError):
        _set_up(profile, KeyStore(service=keystore.service))
    assert _all_files(profile.data) == {}


def test_missing_keyring_at_start(ready, monkeypatch, tmp_path: Path) -> None:
    locs, keystore, _ = ready
    before = _all_files(locs.data)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    with pytest.raises(KeyringUnavailableError) as info:
        open_storage(locs, KeyStore(service=keystore.service))
    assert info.value.code == "keyring_unavailable"
    assert _all_files(locs.data) == before


def test_locked_keyring_at_start(ready, secret_service) -> None:
    from contextlib import closing

    import secretstorage

    locs, keystore, _ = ready
    before = _all_files(locs.data)
    with closing(secretstorage.dbus_init()) as bus:
        secretstorage.get_default_collection(bus).lock()
    try:
        with pytest.raises(KeyringLockedError):
            open_storage(locs, keystore)
    finally:
        secret_service.unlock()
    assert _all_files(locs.data) == before
    open_storage(locs, keystore).close()


def test_key_missing_never_creates_a_new_key(ready) -> None:
    locs, keystore, _ = ready
    manifest = Manifest.load(locs.data / MANIFEST)
    keystore.delete(manifest.profile_id)
    before = _all_files(locs.data)
    with pytest.raises(KeyMissingError) as info:
        open_storage(locs, keystore)
    assert info.value.code == "key_missing"
    assert keystore.load(manifest.profile_id) is None  # nothing generated behind our back
    assert _all_files(locs.data) == before
    with pytest.raises(Exception, match="already set up"):
        _set_up(locs, keystore)


def test_wrong_database_key_is_refused(ready) -> None:
    locs, keystore, _ = ready
    manifest = Manifest.load(locs.data / MANIFEST)
    real = keystore.require(manifest.profile_id)
    keystore.save(manifest.profile_id, ProfileKeys(b"\x01" * 32, real.identity))
    before = _all_files(locs.data)
    with pytest.raises(WrongKeyError):
        open_storage(locs, keystore)
    assert _all_files(locs.data) == before


def test_wrong_identity_is_refused(ready) -> None:
    locs, keystore, _ = ready
    manifest = Manifest.load(locs.data / MANIFEST)
    real = keystore.require(manifest.profile_id)
    keystore.save(manifest.profile_id, ProfileKeys(real.database_key, x25519.Identity.generate()))
    with pytest.raises(WrongKeyError):
        open_storage(locs, keystore)


def test_missing_database_is_refused_not_recreated(ready) -> None:
    locs, keystore, _ = ready
    for f in locs.data.glob("clinic.db*"):
        f.unlink()
    with pytest.raises(DataMissingError):
        open_storage(locs, keystore)
    assert not locs.database.exists()


def test_newer_database_is_refused_untouched(ready) -> None:
    locs, keystore, code = ready
    keys = keystore.require(Manifest.load(locs.data / MANIFEST).profile_id)
    db = Database(locs.database, keys.database_key)
    with db.write_engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.checkpoint()
    db.dispose()
    before = _all_files(locs.data)
    with pytest.raises(NewerDatabaseError):
        open_storage(locs, keystore)
    after = _all_files(locs.data)
    assert after["clinic.db"] == before["clinic.db"]
    assert not list(locs.backups.glob("*.db"))  # refused before the backup step
    # Restoring the keys does not write its audit entry into a newer app's database either.
    with pytest.raises(NewerDatabaseError):
        restore_keys(locs, keystore, code)
    assert _all_files(locs.data)["clinic.db"] == before["clinic.db"]


def test_recovery_on_another_pc_after_keyring_loss(ready, tmp_path: Path) -> None:
    locs, keystore, code = ready
    storage = open_storage(locs, keystore)
    ref = storage.blobs.put("photo", b"synthetic photo bytes")
    storage.writer.run(lambda s: s.execute(text("UPDATE facility SET district = 'Nalanda'")))
    storage.db.checkpoint()
    storage.close()

    # Another PC: the data folder copied over, an empty keyring of its own.
    other = paths.Locations(*(tmp_path / "other" / d for d in ("data", "c", "l", "ca", "t", "cr")))
    shutil.copytree(locs.data, other.data)
    for folder in other.all_dirs():
        folder.mkdir(parents=True, exist_ok=True)
    other_keyring = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    with pytest.raises(KeyMissingError):
        open_storage(other, other_keyring)
    with pytest.raises(RecoveryCodeError):
        restore_keys(other, other_keyring, recovery.generate_code())
    restore_keys(other, other_keyring, code.lower().replace("-", " "))
    moved = open_storage(other, other_keyring)
    with moved.db.read_session() as s:
        assert s.scalar(select(Facility.district)) == "Nalanda"
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None
        assert (last.action, last.actor, last.device) == ("restore", "system", moved.device)
        assert audit.verify(s) == last.id
        restores = s.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).all()
        assert len(restores) == 1  # the wrong code left no entry
    assert moved.blobs.read_all(ref.blob_id, ref.sha256) == b"synthetic photo bytes"
    moved.close()


def test_recovery_also_fixes_a_wrong_key_on_the_same_pc(ready) -> None:
    locs, keystore, code = ready
    pid = Manifest.load(locs.data / MANIFEST).profile_id
    keystore.save(pid, ProfileKeys.generate())
    with pytest.raises(WrongKeyError):
        open_storage(locs, keystore)
    restore_keys(locs, keystore, code)
    open_storage(locs, keystore).close()


def test_migration_at_start_makes_a_backup(ready) -> None:
    locs, keystore, _ = ready
    keys = keystore.require(Manifest.load(locs.data / MANIFEST).profile_id)
    # Take the database back to the first revision (drop what later steps add).
    first = migrate.revisions()[0]
    db = Database(locs.database, keys.database_key)
    with db.write_engine.begin() as conn:
        later = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN "
                    "('facility', 'accounts', 'audit_log', 'audit_head', 'alembic_version') "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            )
        ]
        conn.execute(text("PRAGMA foreign_keys = OFF"))
        for table in later:
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("ALTER TABLE accounts DROP COLUMN is_admin"))
        conn.execute(text(f"UPDATE alembic_version SET version_num = '{first}'"))
    db.dispose()
    assert not list(locs.backups.glob("*.db"))

    storage = open_storage(locs, keystore)
    assert migrate.current_revision(storage.db) == migrate.head()
    storage.close()

    backups = list(locs.backups.glob("*.db"))
    assert len(backups) == 1 and first in backups[0].name
    assert not backups[0].read_bytes().startswith(b"SQLite format 3")
    old = Database(backups[0], keys.database_key)  # encrypted with the same key
    assert migrate.current_revision(old) == first
    old.dispose()


def test_hub_key_is_remembered_and_old_blobs_reencrypted(ready) -> None:
    import pyrage

    locs, keystore, _ = ready
    hub = x25519.Identity.generate()
    storage = open_storage(locs, keystore)
    before = storage.blobs.put("photo", b"taken before the hub key was known")
    storage.set_hub_recipient(str(hub.to_public()))
    after = storage.blobs.put("photo", b"taken after")
    assert (
        pyrage.decrypt(storage.blobs.path_of(after.blob_id).read_bytes(), [hub]) == b"taken after"
    )
    updated = storage.blobs.reencrypt(before)
    raw = storage.blobs.path_of(before.blob_id).read_bytes()
    assert pyrage.decrypt(raw, [hub]) == b"taken before the hub key was known"
    assert str(hub.to_public()) in updated.recipients
    storage.close()
    again = open_storage(locs, keystore)  # the hub key survives a restart
    assert str(hub.to_public()) in {str(r) for r in again.blobs.recipients}
    again.close()


@pytest.mark.expected_errors("storage.json is unreadable")
@pytest.mark.parametrize("how", ["deleted", "garbled"])
def test_lost_manifest_is_restored_never_set_up_over(ready, how: str) -> None:
    from desktop.storage.errors import ProfileDamagedError

    locs, keystore, code = ready
    if how == "deleted":
        (locs.data / MANIFEST).unlink()
    else:
        (locs.data / MANIFEST).write_bytes(b'{"format": 1, "profile_')
    before = _all_files(locs.data)
    assert profile_state(locs) is ProfileState.DAMAGED
    with pytest.raises(ProfileDamagedError):
        open_storage(locs, keystore)
    with pytest.raises(ProfileDamagedError):
        _set_up(locs, keystore)  # never a fresh clinic over existing data
    assert _all_files(locs.data) == before
    restore_keys(locs, keystore, code)
    assert profile_state(locs) is ProfileState.READY
    storage = open_storage(locs, keystore)
    with storage.db.read_session() as s:
        assert s.scalar(select(Facility.name)) == "HWC Test Spoke"
    storage.close()


def test_interrupted_set_up_is_done_again(profile: paths.Locations, keystore: KeyStore) -> None:
    storage, _ = _set_up(profile, keystore)
    storage.close()
    # As if the app died before set-up's last step.
    first = Manifest.load(profile.data / MANIFEST)
    from dataclasses import replace

    replace(first, complete=False).save(profile.data / MANIFEST)
    assert profile_state(profile) is ProfileState.INTERRUPTED
    with pytest.raises(Exception, match="not been set up"):
        open_storage(profile, keystore)
    storage, _ = _set_up(profile, keystore)
    second = storage.manifest
    storage.close()
    assert second.profile_id != first.profile_id and second.complete
    assert keystore.load(first.profile_id) is None  # the abandoned keys are gone
    open_storage(profile, keystore).close()


@pytest.mark.parametrize("how", ["login", "second-account"])
@pytest.mark.expected_errors("set-up is unfinished")
def test_unfinished_mark_over_data_is_refused_never_wiped(ready, mark_unfinished, how: str) -> None:
    """Issue 12: "complete": false on a populated profile once made set-up delete clinic.db,
    recovery.age and the keys. Now set-up and start refuse, and the recovery code reopens."""
    locs, keystore, code = ready
    mark_unfinished(locs, keystore, how)
    profile_id = Manifest.load(locs.data / MANIFEST).profile_id
    before = _all_files(locs.data)
    assert profile_state(locs) is ProfileState.INTERRUPTED
    with pytest.raises(UnfinishedSetupHasDataError) as info:
        _set_up(locs, keystore)
    assert info.value.code == "unfinished_setup_has_data"
    with pytest.raises(UnfinishedSetupHasDataError):
        check_unfinished_setup(locs, keystore)
    with pytest.raises(UnfinishedSetupHasDataError):
        open_storage(locs, keystore)
    assert _all_files(locs.data) == before
    assert keystore.load(profile_id) is not None  # the keys stay too
    restore_keys(locs, keystore, code)  # the way back: the recovery sheet
    assert Manifest.load(locs.data / MANIFEST).complete
    storage = open_storage(locs, keystore)
    with storage.db.read_session() as s:
        actions = set(s.scalars(select(AuditEntry.action)))
        usernames = set(s.scalars(select(Account.username)))
    storage.close()
    assert {"setup", "restore"} <= actions
    assert ("login" in actions) if how == "login" else ("ravi" in usernames)


def test_unfinished_mark_with_keys_lost_is_refused_not_guessed(ready, mark_unfinished) -> None:
    """A database that cannot be checked (its keys are gone) counts as holding data."""
    locs, keystore, _ = ready
    mark_unfinished(locs, keystore)
    keystore.delete(Manifest.load(locs.data / MANIFEST).profile_id)
    before = _all_files(locs.data)
    with pytest.raises(UnfinishedSetupHasDataError):
        _set_up(locs, keystore)
    assert _all_files(locs.data) == before
