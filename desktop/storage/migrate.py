"""Schema migrations at start: refuse a newer database untouched, back up, then run every
pending Alembic step in ONE transaction (a kill leaves the old or the new schema, never a mix).
A database already at the head is recognised without importing Alembic (~0.25 s at start).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from desktop import logs
from desktop.storage.db import Database, map_error
from desktop.storage.errors import NewerDatabaseError, StorageError

if TYPE_CHECKING:
    from alembic.config import Config

log = logs.get("storage")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
KEEP_BACKUPS = 5


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def revisions() -> list[str]:
    """Every revision this app knows, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def head() -> str:
    from alembic.script import ScriptDirectory

    head_rev = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head_rev is not None
    return head_rev


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.read_engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


_ASSIGNED = re.compile(r"^(down_revision|revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


def head_from_files() -> str | None:
    """The single head read from the migration files' ``revision``/``down_revision`` lines,
    without Alembic; None if that is not plain (then Alembic decides)."""
    ids: set[str] = set()
    downs: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found: dict[str, str] = {m[1]: m[2] for m in _ASSIGNED.finditer(source)}
        rev, down = found.get("revision", ""), found.get("down_revision", "None")
        if not re.fullmatch(r"[\"'][\w.-]+[\"']", rev):
            continue  # not a migration module (the package's __init__)
        if down != "None" and not re.fullmatch(r"[\"'][\w.-]+[\"']", down):
            return None  # a merge (a tuple) or anything unusual
        ids.add(rev[1:-1])
        if down != "None":
            downs.add(down[1:-1])
    heads = ids - downs
    return heads.pop() if len(heads) == 1 else None


def _at_head(db: Database) -> str | None:
    """The head revision if the database is already there (no Alembic import), else None."""
    with db.read_engine.connect() as conn:
        table = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        if conn.execute(text(table)).first() is None:
            return None  # a new database
        row = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
    wanted = head_from_files()
    return wanted if wanted is not None and [r[0] for r in row] == [wanted] else None


def check_not_newer(db: Database) -> str | None:
    """The database's revision; ``NewerDatabaseError`` if this app does not know it."""
    at_head = _at_head(db)
    if at_head is not None:
        return at_head
    current = current_revision(db)
    if current is not None and current not in revisions():
        raise NewerDatabaseError(f"database revision {current}")
    return current


def backup(db: Database, folder: Path, label: str) -> Path:
    """Copy the (encrypted) database file after folding the WAL in; keeps the newest few."""
    folder.mkdir(parents=True, exist_ok=True)
    db.checkpoint()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"clinic-{label}-{stamp}.db"
    partial = target.with_suffix(".partial")
    try:
        with open(db.path, "rb") as src, open(partial, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise map_error(exc) from exc
    for old in sorted(folder.glob("clinic-*.db"))[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


# Alembic's migration context is process-global (module-level proxies): two migrations at
# once in one process (the spoke's, and the embedded demo hub's on a worker thread) corrupt
# each other. Whoever runs one in this process holds one lock. It is kept on the alembic
# package, which owns that global state, so the hub's migrations (hub.db.migrate, which must
# not import the desktop) take the very same lock; alembic is imported only when asked.
_LOCK_NAME = "_spoke_clinic_migration_lock"


def alembic_lock() -> threading.RLock:
    """The process's one migration lock (the same object ``hub.db.ALEMBIC_LOCK`` is)."""
    import alembic

    lock: threading.RLock = alembic.__dict__.setdefault(_LOCK_NAME, threading.RLock())
    return lock


def upgrade(db: Database, target: str = "head", backup_dir: Path | None = None) -> str:
    """Bring the schema to ``target``. Returns the revision the database is at afterwards."""
    with alembic_lock():
        return _upgrade(db, target, backup_dir)


def _upgrade(db: Database, target: str, backup_dir: Path | None) -> str:
    if target == "head":
        at_head = _at_head(db)
        if at_head is not None:
            return at_head
    current = check_not_newer(db)
    wanted = head() if target == "head" else target
    if current == wanted:
        return wanted
    if current is not None and backup_dir is not None:
        path = backup(db, backup_dir, current)
        log.info("database backed up before migrating from %s (%s)", current, path.name)
    with db.write_engine.connect() as conn:
        _set_foreign_keys(conn, on=False)  # batch table copies would trip them midway
        try:
            with conn.begin():
                from alembic import command

                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, wanted)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(f"migration broke {len(problems)} foreign keys")
        except Exception as exc:
            raise map_error(exc) from exc
        finally:
            _set_foreign_keys(conn, on=True)
    log.info("database schema migrated from %s to %s", current, wanted)
    return wanted


def _set_foreign_keys(conn: Connection, *, on: bool) -> None:
    # Outside any transaction (SQLite ignores this pragma inside one), so past SQLAlchemy's
    # autobegin, straight on the driver connection.
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
