"""Embedded hub for ``spoke-clinic --demo``: the real hub on loopback with SQLite and a blob
folder, seeded with a demo network.

Demo accounts (synthetic; password for all three: ``demo-password``):
``demo-operator`` (spoke_operator at "HWC Kolar (demo)", Sehore, Madhya Pradesh),
``demo-doctor`` (hub_doctor, general_medicine, registration MP-DEMO-0001, at
"Zonal Hub Bhopal (demo)") and ``demo-admin``. Operators and doctors log in from an enrolled
device: ``EmbeddedHub.devices`` holds a ready demo device per facility and
``EmbeddedHub.enrollment_codes`` a fresh one-time code per facility.

On a PC the embedded hub is protected like the spoke's own data: its SQLite file is an
SQLCipher database and its age identity is never written to disk. The caller (the desktop
app, from the OS keyring) passes both in ``EmbeddedSecrets``; a plain ``hub.db`` and a
``hub-key.txt`` left by an older version are encrypted and removed at start.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from pyrage import x25519
from sqlalchemy.orm import Session

from hub import keys
from hub.app import build_context, create_app
from hub.config import HubConfig
from hub.context import HubContext
from hub.db import SQLCIPHER_KEY_BYTES, open_sqlcipher
from hub.models import Device, Facility, User
from hub.security import new_device_secret
from hub.server import ServerThread

DEMO_PASSWORD = "demo-password"
DEMO_OPERATOR = "demo-operator"
DEMO_DOCTOR = "demo-doctor"
DEMO_ADMIN = "demo-admin"
DEMO_MANAGER = "demo-manager"  # programme manager: statistics of Madhya Pradesh
_NS = uuid.UUID("6f1d4c1e-3f0b-4d8a-9b7e-5c1f0e2a7d10")
HUB_ID = str(uuid.uuid5(_NS, "hub"))
SPOKE_ID = str(uuid.uuid5(_NS, "spoke"))
DB_FILE = "hub.db"
KEY_FILE = "hub-key.txt"  # what older versions kept the embedded hub's identity in
SQLITE_HEADER = b"SQLite format 3\x00"


class EmbeddedHubError(RuntimeError):
    """The embedded hub's data cannot be opened or protected safely (no patient data)."""


@dataclass(frozen=True)
class EmbeddedSecrets:
    """The embedded hub's SQLCipher key (raw 256 bits) and age identity, held in memory only.
    ``repr`` never shows them."""

    database_key: bytes
    identity: x25519.Identity

    def __post_init__(self) -> None:
        if len(self.database_key) != SQLCIPHER_KEY_BYTES:
            raise ValueError("the hub database key must be 32 bytes")

    @classmethod
    def generate(cls) -> EmbeddedSecrets:
        return cls(os.urandom(SQLCIPHER_KEY_BYTES), x25519.Identity.generate())

    def __repr__(self) -> str:
        return f"EmbeddedSecrets(recipient={str(self.identity.to_public())!r})"


@dataclass
class EmbeddedHub:
    """A running embedded hub. ``base_url`` is e.g. ``http://127.0.0.1:43117``."""

    base_url: str
    data_dir: Path
    context: HubContext
    devices: dict[str, tuple[str, str]] = field(default_factory=dict)  # facility -> (id, secret)
    enrollment_codes: dict[str, str] = field(default_factory=dict)  # "hub"/"spoke" -> code
    hub_facility_id: str = HUB_ID
    spoke_facility_id: str = SPOKE_ID
    _server: ServerThread | None = None

    def stop(self) -> None:
        """Shut the server down and release the database."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        self.context.engine.dispose()


def start_embedded(data_dir: Path, secrets: EmbeddedSecrets, port: int = 0) -> EmbeddedHub:
    """Start the hub on 127.0.0.1:``port`` (0 = any free port) with its data in ``data_dir``.

    Creates the SQLCipher database (keyed with ``secrets.database_key``) and the blob folder
    on first use, protects what an older version left in plain form (``protect_legacy``),
    seeds the demo network (idempotent), and returns once the server answers. Call
    ``.stop()`` to shut it down.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    if os.name != "nt":
        data_dir.chmod(0o700)
    protect_legacy(data_dir, secrets)
    config = HubConfig.for_data_dir(data_dir)
    context = build_context(config, db_key=secrets.database_key, identity=secrets.identity)
    with context.sessions() as session:
        seed_demo(session, context)
        devices = _demo_devices(session, context, data_dir)
        from hub.api.admin import add_enrollment_code

        codes = {
            kind: add_enrollment_code(session, config, fid).code
            for kind, fid in (("hub", HUB_ID), ("spoke", SPOKE_ID))
        }
        session.commit()
    server = ServerThread(create_app(config, context), port=port)
    server.start()
    return EmbeddedHub(server.base_url, data_dir, context, devices, codes, _server=server)


def seed_demo(session: Session, context: HubContext) -> None:
    """The demo hub, spoke and accounts, created once (fixed ids make it idempotent)."""
    now = context.config.clock.now()
    if session.get(Facility, HUB_ID) is None:
        session.add(
            Facility(
                id=HUB_ID,
                kind="hub",
                name="Zonal Hub Bhopal (demo)",
                state="Madhya Pradesh",
                district="Bhopal",
                created_at=now,
            )
        )
        session.flush()
        session.add(
            Facility(
                id=SPOKE_ID,
                kind="spoke",
                name="HWC Kolar (demo)",
                state="Madhya Pradesh",
                district="Sehore",
                hub_id=HUB_ID,
                created_at=now,
            )
        )
        session.flush()
    accounts: tuple[tuple[str, str, str | None, list[str], str, str], ...] = (
        (DEMO_OPERATOR, "spoke_operator", SPOKE_ID, [], "", "CHO Demo Operator"),
        (DEMO_DOCTOR, "hub_doctor", HUB_ID, ["general_medicine"], "MP-DEMO-0001", "Dr Demo"),
        (DEMO_ADMIN, "admin", None, [], "", "Demo Admin"),
        (DEMO_MANAGER, "programme_manager", None, [], "", "Demo Programme Manager"),
    )
    for username, role, fid, specialties, reg, name in accounts:
        uid = str(uuid.uuid5(_NS, username))
        if session.get(User, uid) is None:
            session.add(
                User(
                    id=uid,
                    username=username,
                    password_hash=context.passwords.hash(DEMO_PASSWORD),
                    role=role,
                    facility_id=fid,
                    full_name=name,
                    registration_number=reg,
                    specialties=specialties,
                    availability="offline",
                    stat_scope=[{"state": "Madhya Pradesh", "district": ""}]
                    if role == "programme_manager"
                    else [],
                    created_at=now,
                )
            )
    session.flush()


def _demo_devices(
    session: Session, context: HubContext, data_dir: Path
) -> dict[str, tuple[str, str]]:
    """One enrolled demo device per facility, its secret kept in demo-devices.json."""
    path = data_dir / "demo-devices.json"
    known: dict[str, list[str]] = json.loads(path.read_text()) if path.exists() else {}
    devices: dict[str, tuple[str, str]] = {}
    for kind, fid in (("hub", HUB_ID), ("spoke", SPOKE_ID)):
        entry = known.get(kind)
        device = session.get(Device, entry[0]) if entry else None
        if entry is None or device is None or device.revoked:
            secret, digest = new_device_secret()
            device = Device(
                id=str(uuid.uuid4()),
                facility_id=fid,
                name=f"demo {kind} PC",
                secret_hash=digest,
                enrolled_at=context.config.clock.now(),
            )
            session.add(device)
            entry = [device.id, secret]
            known[kind] = entry
        devices[kind] = (entry[0], entry[1])
    path.write_text(json.dumps(known))
    path.chmod(0o600)
    session.flush()
    return devices


# -- protection at rest ------------------------------------------------------------------
class DatabaseState(Enum):
    NEW = "new"  # no database yet (or an empty file)
    PLAIN = "plain"  # a plain SQLite file (written by an older version)
    ENCRYPTED = "encrypted"  # anything else: an SQLCipher file, readable only with its key


def database_state(data_dir: Path) -> DatabaseState:
    """What ``hub.db`` is, from its first bytes (a WAL database never has an empty main file:
    SQLite writes page 1 before the first WAL frame, and deletes a WAL beside an empty file)."""
    path = data_dir / DB_FILE
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return DatabaseState.NEW
    if not head:
        return DatabaseState.NEW
    return DatabaseState.PLAIN if head == SQLITE_HEADER else DatabaseState.ENCRYPTED


def legacy_identity(data_dir: Path) -> x25519.Identity | None:
    """The identity an older version kept in ``hub-key.txt`` (spokes encrypted blobs to it,
    so it moves into the keyring rather than being replaced), or None."""
    path = data_dir / KEY_FILE
    return keys.load_or_create(path) if path.exists() else None


def protect_legacy(data_dir: Path, secrets: EmbeddedSecrets) -> None:
    """Encrypt a plain ``hub.db`` (and its WAL) into an SQLCipher file with ``secrets``' key,
    and remove ``hub-key.txt`` once ``secrets`` holds the same identity. Crash-safe: an
    interrupted run is finished or undone by the next one."""
    path = data_dir / DB_FILE
    _finish_interrupted(path)
    key_file = data_dir / KEY_FILE
    old = legacy_identity(data_dir)
    if old is not None and str(old) != str(secrets.identity):
        raise EmbeddedHubError("hub-key.txt holds another identity than the one given")
    if database_state(data_dir) is DatabaseState.PLAIN:
        encrypt_plain_database(path, secrets.database_key)
    if old is not None:
        _scrub(key_file)


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _finish_interrupted(path: Path) -> None:
    """After a crash in ``encrypt_plain_database``: the verified encrypted copy replaces the
    plain file, or the plain file comes back; a plain copy left behind is scrubbed."""
    plain, encrypted = _side(path, ".plain"), _side(path, ".encrypted")
    if plain.exists() and not path.exists():
        os.replace(encrypted if encrypted.exists() else plain, path)
    if plain.exists():
        _scrub(plain)
    for leftover in (encrypted, _side(encrypted, "-journal"), _side(encrypted, "-wal")):
        leftover.unlink(missing_ok=True)


def encrypt_plain_database(path: Path, key: bytes) -> None:
    """Copy the plain SQLite database at ``path`` into a new SQLCipher file (``sqlcipher_export``),
    check that every table came across, then put it in the plain file's place and overwrite
    the plain file's bytes before removing it."""
    encrypted, plain = _side(path, ".encrypted"), _side(path, ".plain")
    encrypted.unlink(missing_ok=True)
    conn = sqlcipher.connect(str(path), isolation_level=None)  # no key: plain SQLite
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        counts = _row_counts(conn)
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(encrypted), f"x'{key.hex()}'"))
        conn.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()  # the last connection: SQLite folds and deletes the plain WAL
    for side in ("-wal", "-shm"):
        leftover = _side(path, side)
        if leftover.exists() and leftover.stat().st_size > 0 and side == "-wal":
            raise EmbeddedHubError("the plain hub database is still in use")
        leftover.unlink(missing_ok=True)
    check = open_sqlcipher(key, str(encrypted), isolation_level=None)
    try:
        if _row_counts(check) != counts:
            raise EmbeddedHubError("the encrypted copy of the hub database is incomplete")
    finally:
        check.close()
    _fsync(encrypted)
    os.replace(path, plain)
    os.replace(encrypted, path)
    _fsync_dir(path.parent)
    _scrub(plain)


def _row_counts(conn: sqlcipher.Connection) -> dict[str, int]:
    tables = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}


def _scrub(path: Path) -> None:
    """Overwrite a file that held plain data with zeros, then delete it (best effort against
    undelete tools; SSDs and copy-on-write file systems may keep the old blocks)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        zeros = bytes(min(size, 1 << 20))
        written = 0
        while written < size:
            written += fh.write(zeros[: size - written])
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a directory for fsync; NTFS journals renames
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
