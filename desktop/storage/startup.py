"""Opening the clinic's storage at start: first set-up, normal start with every refusal
path, and restore with the recovery code. ``Storage`` bundles what the app then uses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pyrage import x25519
from sqlalchemy.orm import Session

from desktop import logs
from desktop.paths import Locations
from desktop.storage import audit, migrate, people, recovery
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database, connect
from desktop.storage.errors import (
    DataMissingError,
    KeyMissingError,
    ProfileDamagedError,
    RecoveryCodeError,
    StorageError,
    UnfinishedSetupHasDataError,
    WrongKeyError,
)
from desktop.storage.keys import KeyStore, ProfileKeys
from desktop.storage.models.accounts import Facility

# Re-exported: the profile's state and manifest live in the light module (start-up asks it
# before anything heavy is imported).
from desktop.storage.profile import MANIFEST as MANIFEST
from desktop.storage.profile import RECOVERY_FILE as RECOVERY_FILE
from desktop.storage.profile import Manifest as Manifest
from desktop.storage.profile import ProfileState as ProfileState
from desktop.storage.profile import profile_state as profile_state
from desktop.storage.profile import read_manifest as _read_manifest
from desktop.storage.writer import DbWriter

log = logs.get("storage")

# The rows set-up itself writes (one facility, its first account, the audit chain's head and
# "setup" entries): a database holding nothing more was never used and may be set up again.
SETUP_ROWS = {"facility": 1, "accounts": 1, "audit_head": 1}


@dataclass(frozen=True)
class FacilityDetails:
    name: str
    code: str = ""
    kind: str = "spoke"
    state: str = ""
    district: str = ""


@dataclass(frozen=True)
class FirstAccount:
    username: str
    display_name: str
    role: str
    password: str


class Storage:
    """The opened storage of one profile: database, writer, blobs, keys."""

    def __init__(
        self, locs: Locations, manifest: Manifest, keys: ProfileKeys, db: Database
    ) -> None:
        self.locs = locs
        self.manifest = manifest
        self.keys = keys
        self.db = db
        self.writer = DbWriter(db)
        self.blobs = BlobStore(locs.blobs, keys.identity)
        self.blobs.remove_partials()
        with db.read_session() as session:
            facility = session.get(Facility, 1)
            if facility is not None and facility.hub_recipient:
                self.blobs.add_recipient(x25519.Recipient.from_str(facility.hub_recipient))

    @property
    def device(self) -> str:
        return self.manifest.profile_id

    def set_hub_recipient(self, recipient: str) -> None:
        """Remember the hub's public age key; blobs from now on are encrypted to it too."""
        parsed = x25519.Recipient.from_str(recipient.strip())

        def save(session: Session) -> None:
            facility = session.get(Facility, 1)
            if facility is None:
                raise StorageError("facility details are missing")
            facility.hub_recipient = str(parsed)

        self.writer.run(save)
        self.blobs.add_recipient(parsed)

    def close(self) -> None:
        self.writer.close()
        self.db.dispose()


def _holds_data(path: Path, key: bytes) -> bool:
    """True if the database holds any row beyond what set-up itself writes (read-only)."""
    conn = connect(path, key, query_only=True)
    try:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
        for name, _sql in rows:
            if name == "alembic_version" or any(name.startswith(f"{v}_") for v in virtual):
                continue  # the schema's version, or a full-text index's own bookkeeping
            quoted = '"' + name.replace('"', '""') + '"'
            where = " WHERE action != 'setup'" if name == "audit_log" else ""
            (count,) = conn.execute(f"SELECT count(*) FROM {quoted}{where}").fetchone()
            if count > SETUP_ROWS.get(name, 0):
                return True
        return False
    finally:
        conn.close()


def check_unfinished_setup(locs: Locations, keystore: KeyStore) -> None:
    """For a profile whose set-up never finished: return if what it left may be deleted (no
    database, or one holding only set-up's own rows); otherwise raise
    ``UnfinishedSetupHasDataError`` (or the keyring's own error): never guess data away."""
    database = locs.database
    if not any(p.stat().st_size for p in locs.data.glob("clinic.db*")):
        return  # no database was written yet
    if not database.exists():
        raise UnfinishedSetupHasDataError("database journal present without its database")
    manifest = _read_manifest(locs)
    if manifest is None:
        raise UnfinishedSetupHasDataError("database present, storage.json unreadable")
    keys = keystore.load(manifest.profile_id)
    if keys is None or keys.recipient != manifest.recipient:
        raise UnfinishedSetupHasDataError("database present, its keys are not in the keyring")
    try:
        holds_data = _holds_data(database, keys.database_key)
    except WrongKeyError as exc:
        raise UnfinishedSetupHasDataError("the keyring key does not open the database") from exc
    if holds_data:
        log.error("storage.json says set-up is unfinished, but the database holds data")
        raise UnfinishedSetupHasDataError("database holds data")


def _open_database(locs: Locations, keys: ProfileKeys, max_page_count: int | None) -> Database:
    db = Database(locs.database, keys.database_key, max_page_count=max_page_count)
    try:
        migrate.check_not_newer(db)
        migrate.upgrade(db, backup_dir=locs.backups)
    except BaseException:
        db.dispose()
        raise
    return db


def open_storage(
    locs: Locations, keystore: KeyStore, *, max_page_count: int | None = None
) -> Storage:
    """Open a set-up profile, or raise a ``StorageError`` that says why and what to do.
    Never creates keys, never creates a database."""
    state = profile_state(locs)
    if state is ProfileState.DAMAGED:
        raise ProfileDamagedError("storage.json missing")
    if state is ProfileState.INTERRUPTED:
        check_unfinished_setup(locs, keystore)  # refuses if the leftovers hold data
    if state is not ProfileState.READY:
        raise StorageError("this profile has not been set up")
    manifest = Manifest.load(locs.data / MANIFEST)
    if not locs.database.exists():
        raise DataMissingError("clinic.db absent")
    keys = keystore.load(manifest.profile_id)
    if keys is None:
        raise KeyMissingError("no keyring entries for this profile")
    if keys.recipient != manifest.recipient:
        raise WrongKeyError("keyring identity is not this profile's")
    db = _open_database(locs, keys, max_page_count)
    log.info("storage opened (profile %s)", manifest.profile_id[:8])
    return Storage(locs, manifest, keys, db)


def set_up(
    locs: Locations, keystore: KeyStore, facility: FacilityDetails, first: FirstAccount | None
) -> tuple[Storage, str]:
    """First start: new keys in the keyring, recovery file, database, facility and first
    account. Returns the opened storage and the recovery code, to be shown once.
    A hub doctor's PC (``first`` None) has no local account: its doctors sign in at the hub."""
    state = profile_state(locs)
    if state is ProfileState.READY:
        raise StorageError("this profile is already set up")
    if state is ProfileState.DAMAGED:
        raise ProfileDamagedError("data present without storage.json")
    keystore.backend()  # refuse early, before anything is written, if there is no keyring
    if state is ProfileState.INTERRUPTED:
        # The manifest says set-up never finished; its leftovers go only once they are shown
        # to hold nothing but set-up's own rows (a database with data is never deleted).
        check_unfinished_setup(locs, keystore)
        old = _read_manifest(locs)
        for leftover in locs.data.glob("clinic.db*"):
            leftover.unlink()
        (locs.data / RECOVERY_FILE).unlink(missing_ok=True)
        if old is not None:
            keystore.delete(old.profile_id)
    keys = ProfileKeys.generate()
    manifest = Manifest(uuid.uuid4().hex, keys.recipient, datetime.now(UTC).isoformat())
    keystore.save(manifest.profile_id, keys)
    # First on disk, marked incomplete: from here on, leftovers are recognisably set-up's.
    replace(manifest, complete=False).save(locs.data / MANIFEST)
    code = recovery.generate_code()
    recovery.write_file(locs.data / RECOVERY_FILE, manifest.profile_id, keys, code)
    db = _open_database(locs, keys, None)
    storage = Storage(locs, manifest, keys, db)
    actor = (
        audit.Actor(people.normalize_username(first.username), first.role, storage.device)
        if first is not None
        else audit.Actor("system", "system", storage.device)
    )

    def initial_rows(session: Session) -> None:
        session.add(
            Facility(
                id=1,
                name=facility.name,
                code=facility.code,
                kind=facility.kind,
                state=facility.state,
                district=facility.district,
                hub_recipient="",
            )
        )
        if first is not None:
            people.create_account(
                session,
                first.username,
                first.display_name,
                first.role,
                first.password,
                is_admin=True,  # whoever sets up the clinic can add the others
            )
        audit.record(session, actor, "setup")

    try:
        storage.writer.run(initial_rows)
    except BaseException:
        storage.close()
        raise
    manifest.save(locs.data / MANIFEST)  # complete: set-up is done
    log.info("new profile set up (%s)", manifest.profile_id[:8])
    return storage, code


def restore_keys(locs: Locations, keystore: KeyStore, code: str) -> None:
    """Put this profile's keys back into the keyring from the recovery file and code, after
    checking they really open the database (and rebuild a lost ``storage.json``, or clear a
    wrong "set-up unfinished" mark). Then ``open_storage`` works again."""
    manifest_path = locs.data / MANIFEST
    profile_id, keys = recovery.read_file(locs.data / RECOVERY_FILE, code)
    manifest = _read_manifest(locs)
    if manifest is not None and (
        profile_id != manifest.profile_id or keys.recipient != manifest.recipient
    ):
        raise RecoveryCodeError("recovery file belongs to another profile")
    if not locs.database.exists():
        raise DataMissingError("clinic.db absent")
    try:
        db = Database(locs.database, keys.database_key)
    except WrongKeyError as exc:
        raise RecoveryCodeError("recovered key does not open the database") from exc
    try:  # the audit log says when the keys came back from the recovery code
        migrate.check_not_newer(db)  # a newer app's database is never written to
        with Session(db.write_engine) as session, session.begin():
            audit.record(session, audit.Actor("system", "system", profile_id), "restore")
    finally:
        db.dispose()
    keystore.save(profile_id, keys)
    if manifest is None:
        Manifest(profile_id, keys.recipient, datetime.now(UTC).isoformat()).save(manifest_path)
    elif not manifest.complete:
        # The recovery code is shown only once set-up has finished, and it opened this
        # database: the "unfinished" mark is wrong, and the data is kept as it is.
        replace(manifest, complete=True).save(manifest_path)
    log.info("profile keys restored from the recovery code (%s)", profile_id[:8])
