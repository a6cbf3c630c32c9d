"""The SQLCipher database: raw 256-bit key (no KDF on open), WAL, synchronous=FULL, foreign
keys, in-memory temp store; a write engine (one connection, ``BEGIN IMMEDIATE``, used only by
the writer thread) and a read engine (several ``query_only`` connections, WAL readers)."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from desktop import logs
from desktop.storage.errors import StorageError, StorageFullError, WrongKeyError

log = logs.get("storage")

# The session a read or a writer transaction hands its function: layers above storage name
# this type to hold one, and reach the database only through storage's functions.
DbSession = Session

KEY_BYTES = 32
SQLITE_FULL = 13
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 30000",
    # 32 MB of decrypted pages per connection (memory only): SQLCipher decrypts every page
    # it reads, so a larger cache is what keeps search near plain SQLite's speed.
    "PRAGMA cache_size = -32000",
)


def connect(
    path: Path, key: bytes, *, max_page_count: int | None = None, query_only: bool = False
) -> Any:
    """Open one keyed DB-API connection; raises ``WrongKeyError`` if the key does not fit.
    ``query_only`` connections refuse every write (the read engine's)."""
    if len(key) != KEY_BYTES:
        raise ValueError("the database key must be 32 bytes")
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
    try:
        # SQLCipher would print "hmac check failed" to stderr on a wrong key; we report it.
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        # A raw key: no PBKDF2 on open, the key is already 256 random bits.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            raise WrongKeyError("key does not decrypt the database") from exc
        for pragma in PRAGMAS:
            conn.execute(pragma).fetchall()
        if max_page_count is not None:
            conn.execute(f"PRAGMA max_page_count = {int(max_page_count)}").fetchall()
        if query_only:
            conn.execute("PRAGMA query_only = ON").fetchall()
    except BaseException:
        conn.close()
        raise
    return conn


def is_storage_full(exc: BaseException) -> bool:
    """True for SQLite's 'database or disk is full' and the OS's ENOSPC."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if getattr(orig, "sqlite_errorcode", None) == SQLITE_FULL:
        return True
    if isinstance(orig, OSError) and orig.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return "database or disk is full" in str(orig)


def map_error(exc: BaseException) -> BaseException:
    """Translate driver errors that the user must hear about into ``StorageError``s."""
    if isinstance(exc, StorageError):
        return exc
    if is_storage_full(exc):
        return StorageFullError("SQLITE_FULL")
    return exc


class Database:
    """One encrypted database file and its two engines."""

    def __init__(self, path: Path, key: bytes, *, max_page_count: int | None = None) -> None:
        self.path = Path(path)
        # Opening once here checks the key before any engine exists.
        connect(self.path, key, max_page_count=max_page_count).close()
        self.write_engine = self._engine(key, max_page_count, writer=True)
        self.read_engine = self._engine(key, max_page_count, writer=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

    def _engine(self, key: bytes, max_page_count: int | None, *, writer: bool) -> Engine:
        path = self.path
        engine = create_engine(
            "sqlite://",
            module=sqlcipher,
            # Readers are query_only: every write has to go through the writer thread.
            creator=lambda: connect(
                path, key, max_page_count=max_page_count, query_only=not writer
            ),
            poolclass=QueuePool,
            pool_size=1 if writer else 4,
            max_overflow=0 if writer else 4,
            # A failed statement's exception text (and any SQL logging) names the statement,
            # never the values bound to it: those are patient data.
            hide_parameters=True,
        )
        begin = "BEGIN IMMEDIATE" if writer else "BEGIN"

        # The driver runs in autocommit mode (isolation_level=None) and we issue BEGIN
        # ourselves: then DDL is transactional too, and a migration is all or nothing.
        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql(begin)

        return engine

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading on any thread (WAL readers never block the writer)."""
        with self._read_sessions() as session, session.begin():
            yield session

    def checkpoint(self) -> None:
        """Fold the WAL back into the main file (before a backup copy)."""
        with self.write_engine.connect() as conn:
            # Outside a transaction (SQLAlchemy would autobegin one), on the driver itself.
            raw = conn.connection.dbapi_connection
            assert raw is not None
            busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                raise StorageError("database busy: WAL checkpoint incomplete")

    def integrity_check(self) -> str:
        with self.read_engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()
