"""Engine and session factory for SQLite or PostgreSQL, and schema migration via Alembic."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import alembic
import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Engine,
    Table,
    TextClause,
    bindparam,
    create_engine,
    event,
    insert,
    make_url,
    text,
)
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLCIPHER_KEY_BYTES = 32


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(
    url: str, key: bytes | None = None, ping_idle_seconds: float | None = None
) -> Engine:
    """An engine tuned for the backend: WAL + busy timeout on SQLite, a pool on PostgreSQL.

    ``hide_parameters``: a database error's text never carries the bound values (FHIR
    resources, names, mobile numbers), so a logged traceback holds no patient data.
    ``key``: a raw 256-bit key makes the SQLite file an SQLCipher database (the embedded
    hub on a PC, see ``use_sqlcipher``). ``ping_idle_seconds``: see ``ping_when_idle``.
    """
    url = normalise_url(url)
    if url.startswith("sqlite"):
        private_sqlite_file(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=20,
            hide_parameters=True,
            **({} if key is None else {"module": sqlcipher}),
        )
        if key is not None:
            use_sqlcipher(engine, key)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        serialise_sqlite_transactions(engine)
        return engine
    engine = create_engine(
        url,
        # As many connections as the thread pool has threads (anyio's default, 40): with 20,
        # busy moments opened and closed overflow connections all the time (a new PostgreSQL
        # backend for each request beyond the pool), a third of the hub's CPU in hub_load.py.
        pool_size=40,
        max_overflow=20,
        hide_parameters=True,
        connect_args={"options": "-c timezone=UTC"},
    )
    idle = PING_IDLE_SECONDS if ping_idle_seconds is None else ping_idle_seconds
    ping_when_idle(engine, idle)
    return engine


# A pooled connection unused for longer than this is checked with a round trip before use.
PING_IDLE_SECONDS = 1.0


def ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """SQLAlchemy's ``pool_pre_ping``, but only for connections that sat idle: a connection
    the database dropped (a restart, an idle timeout) is replaced before a request uses it,
    while under load, when connections come back within milliseconds, requests skip the
    extra round trip."""

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since <= idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:
            # The pool discards this connection and checks out (or opens) another.
            raise DisconnectionError("pooled connection is gone") from exc


class DatabaseKeyError(RuntimeError):
    """The key given does not open the hub's SQLCipher database."""


def open_sqlcipher(key: bytes, *args: Any, **kwargs: Any) -> Any:
    """One SQLCipher connection keyed with a raw 256-bit key before anything else runs on it
    (no KDF: the key is already random); ``DatabaseKeyError`` if it does not fit the file."""
    if len(key) != SQLCIPHER_KEY_BYTES:
        raise ValueError("the database key must be 32 bytes")
    conn = sqlcipher.connect(*args, **kwargs)
    try:
        # SQLCipher would print "hmac check failed" to stderr on a wrong key.
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            raise DatabaseKeyError("the key does not open the hub database") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def use_sqlcipher(engine: Engine, key: bytes) -> None:
    """Open every connection of this SQLite ``engine`` (created with ``module=sqlcipher``, so
    driver errors map to SQLAlchemy's) through ``open_sqlcipher``: the key comes before the
    dialect's first statement and before every ``connect`` listener."""

    @event.listens_for(engine, "do_connect")
    def _keyed(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
        return open_sqlcipher(key, *cargs, **cparams)


def private_sqlite_file(url: str) -> None:
    """Create the database file 0600 before SQLite does (it would use 0644 less the umask);
    SQLite gives its -wal and -shm files the database file's mode."""
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class WriterBusy(RuntimeError):
    """The embedded database's one writer stayed busy too long (answered 503)."""


def serialise_sqlite_transactions(engine: Engine, wait_seconds: float = 60.0) -> None:
    """One transaction at a time in this process, each begun with ``BEGIN IMMEDIATE``.

    SQLite has one writer. Left to itself, a transaction that read first and writes later
    fails at once when another wrote meanwhile, and waiters poll the lock with growing
    sleeps, so under load answers were 500 "database is locked" after the busy timeout.
    Here threads queue on a lock (first come, first served) before the database's own lock
    is taken, and release it when the transaction ends; callers keep transactions short.
    """
    lock = threading.Lock()
    holder: list[Any] = [None]  # the DBAPI connection whose transaction holds the lock

    @event.listens_for(engine, "connect")
    def _no_driver_begin(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver's own BEGIN would be a deferred one

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        raw = conn.connection.driver_connection
        if not lock.acquire(timeout=wait_seconds):
            raise WriterBusy("the database stayed busy")
        holder[0] = raw
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(raw)
            raise

    def _release(raw: Any) -> None:
        if raw is not None and holder[0] is raw:
            holder[0] = None
            lock.release()

    dialect = engine.dialect

    def _ending(step: Any) -> Any:
        def end(dbapi_conn: Any, *args: Any) -> None:
            try:
                step(dbapi_conn, *args)
            finally:
                _release(getattr(dbapi_conn, "driver_connection", dbapi_conn))

        return end

    dialect.do_commit = _ending(dialect.do_commit)  # type: ignore[method-assign]
    dialect.do_rollback = _ending(dialect.do_rollback)  # type: ignore[method-assign]
    dialect.do_close = _ending(dialect.do_close)  # type: ignore[method-assign]


def insert_new(
    session: Session,
    model: type[Any],
    values: dict[str, Any],
    also: tuple[Table, dict[str, Any]] | None = None,
) -> bool:
    """INSERT a row unless one with its primary key exists: one statement, no existence check
    first and no race to lose (``ON CONFLICT DO NOTHING``, the same words on PostgreSQL and
    SQLite). True if this call inserted it. ``values`` names every column.

    ``also``: a row for another table (an audit row) written only when this one is new. On
    PostgreSQL both go in one statement (a data-modifying ``WITH``: a round trip and an
    execution fewer per record PUT, hub_load.py); SQLite has no such ``WITH``, so a second
    statement follows there."""
    table = model.__table__
    if also is not None and session.get_bind().dialect.name == "postgresql":
        key = (table.name, also[0].name)
        both = _insert_new_statements.get(key)
        if both is None:
            both = _insert_new_statements[key] = _insert_new_with(table, also[0])
        other, row = also
        params = values | {f"also_{c.name}": row.get(c.name) for c in other.columns}
        return session.execute(both, params).first() is not None
    stmt = _insert_new_statements.get(table.name)
    if stmt is None:
        stmt = _insert_new_statements[table.name] = _insert_new_statement(table)
    inserted = session.execute(stmt, values).first() is not None
    if inserted and also is not None:
        session.execute(insert(also[0]), also[1])
    return inserted


def _insert_new_sql(table: Table) -> str:
    names = [c.name for c in table.columns]
    keys = ", ".join(c.name for c in table.primary_key.columns)
    return (
        f"INSERT INTO {table.name} ({', '.join(names)}) "
        f"VALUES ({', '.join(':' + n for n in names)}) "
        f"ON CONFLICT ({keys}) DO NOTHING RETURNING {keys}"
    )


def _insert_new_statement(table: Table) -> TextClause:
    # Text, typed by the columns (JSON, UTC datetimes): SQLAlchemy 2.0 caches no compiled
    # form of the dialects' ``insert().on_conflict_do_nothing()``, and compiling it again on
    # every call cost a third of a record PUT's CPU.
    return text(_insert_new_sql(table)).bindparams(
        *(bindparam(c.name, type_=c.type) for c in table.columns)
    )


def _insert_new_with(table: Table, other: Table) -> TextClause:
    """PostgreSQL: the new row, and ``other``'s row (parameters ``also_<column>``) only if the
    first went in; returns a row exactly when both did."""
    columns = [c for c in other.columns if not c.primary_key]
    sql = (
        f"WITH new AS ({_insert_new_sql(table)}) "
        f"INSERT INTO {other.name} ({', '.join(c.name for c in columns)}) "
        f"SELECT {', '.join(':also_' + c.name for c in columns)} FROM new "
        f"RETURNING {', '.join(c.name for c in other.primary_key.columns)}"
    )
    return text(sql).bindparams(
        *(bindparam(c.name, type_=c.type) for c in table.columns),
        *(bindparam(f"also_{c.name}", type_=c.type) for c in columns),
    )


_insert_new_statements: dict[object, TextClause] = {}


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


# Alembic's migration context is process-global: a desktop running an embedded hub migrates
# its own database and the hub's in one process, so every migration holds one lock, kept on
# the alembic package (desktop.storage.migrate takes the same one without either importing
# the other).
ALEMBIC_LOCK: threading.RLock = alembic.__dict__.setdefault(
    "_spoke_clinic_migration_lock", threading.RLock()
)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (idempotent)."""
    with ALEMBIC_LOCK:
        command.upgrade(alembic_config(engine), revision)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
