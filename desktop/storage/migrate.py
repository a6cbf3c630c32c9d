"""Schema migrations at start: refuse a newer database untouched, back up, then run every
pending Alembic step in ONE transaction (a kill leaves the old or the new schema, never a mix).
"""

from __future__ import annotations

import os
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from desktop import logs
from desktop.storage.db import Database, map_error
from desktop.storage.errors import NewerDatabaseError, StorageError

log = logs.get("storage")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
KEEP_BACKUPS = 5


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def revisions() -> list[str]:
    """Every revision this app knows, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def head() -> str:
    head_rev = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head_rev is not None
    return head_rev


def current_revision(db: Database) -> str | None:
    with db.read_engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(db: Database) -> str | None:
    """The database's revision; ``NewerDatabaseError`` if this app does not know it."""
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
# each other. Whoever runs one in this process holds this lock.
ALEMBIC_LOCK = threading.RLock()


def upgrade(db: Database, target: str = "head", backup_dir: Path | None = None) -> str:
    """Bring the schema to ``target``. Returns the revision the database is at afterwards."""
    with ALEMBIC_LOCK:
        return _upgrade(db, target, backup_dir)


def _upgrade(db: Database, target: str, backup_dir: Path | None) -> str:
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
