"""The FastAPI application factory: wiring, middleware, background sweeper."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pyrage import x25519
from sqlalchemy import select
from starlette.exceptions import HTTPException

from hub import API_PREFIX, audit_chain, keys, queue, signal_bus
from hub.api import (
    addenda,
    admin,
    auth,
    calls,
    chat,
    doctor,
    doctor_stats,
    prescriptions,
    records,
    signaling,
    stats,
    stock,
    system,
    uploads,
)
from hub.api import queue as queue_api
from hub.config import HubConfig
from hub.context import HubContext
from hub.db import WriterBusy, make_engine, make_sessionmaker, migrate
from hub.errors import ServerErrors, validation_errors, writer_busy
from hub.gate import RequestGate
from hub.inputs import InputGuard, document_text_rule
from hub.limits import SizeLimit
from hub.methods import http_errors
from hub.models import Upload
from hub.openapi import document_rules
from hub.ratelimit import RateLimiter
from hub.security import Passwords
from hub.storage import FilesystemStorage
from hub.tus import TusProtocol
from protocol import formulary

log = logging.getLogger("hub")


def build_context(
    config: HubConfig,
    run_migrations: bool = True,
    *,
    db_key: bytes | None = None,
    identity: x25519.Identity | None = None,
) -> HubContext:
    """The hub's shared objects. The embedded hub passes its SQLite key and age identity in
    memory (from the desktop's keyring); otherwise the identity is ``config.key_file``."""
    formulary.default()  # a bad formulary file stops the hub here, not at a prescription
    engine = make_engine(config.db_url, key=db_key)
    if run_migrations:
        migrate(engine)
    clock = config.clock
    context = HubContext(
        config=config,
        engine=engine,
        sessions=make_sessionmaker(engine),
        passwords=Passwords(config.argon2_time_cost, config.argon2_memory_kib),
        storage=FilesystemStorage(config.blobs_dir),
        identity=identity if identity is not None else keys.load_or_create(config.key_file),
        login_limiter=RateLimiter(clock, *config.login_rate),
        upload_limiter=RateLimiter(clock, *config.upload_rate),
    )
    context.queue_watch.install(context.sessions)
    return context


def housekeeping(hub: HubContext) -> None:
    """Requeue stale assignments, assign waiting consults, drop expired unfinished uploads,
    chain the new audit rows."""
    now = hub.config.clock.now()
    with hub.sessions() as session:
        audit_chain.seal(session)
        session.commit()
        queue.sweep(session, now, hub.config.accept_timeout_seconds)
        expired = session.scalars(
            select(Upload).where(Upload.completed_at.is_(None), Upload.expires_at <= now)
        ).all()
        for upload in expired:
            hub.storage.delete(upload.id)
            session.delete(upload)
        session.commit()


async def _sweeper(hub: HubContext, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            await run_in_threadpool(housekeeping, hub)
        except Exception:
            log.exception("housekeeping failed")


def _declare_text_rule(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            document_rules(spec)
            document_text_rule(spec)
        return build()

    app.openapi = openapi  # type: ignore[method-assign]


# FastAPI's own OpenTelemetry (newer releases): the hub exports none, and its log records
# carry validation failures and exception messages, which can hold patient data. Off also
# spares every request a look at the global providers (hub_load.py).
NO_TELEMETRY: dict[str, Any] = (
    {"telemetry": {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}}
    if "telemetry" in inspect.signature(FastAPI).parameters
    else {}
)


def create_app(config: HubConfig, context: HubContext | None = None) -> FastAPI:
    """The hub app; migrates the database unless a ready ``context`` is given."""
    hub = context or build_context(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None
        if config.background_sweep_seconds > 0:
            task = asyncio.create_task(_sweeper(hub, config.background_sweep_seconds))
        # PostgreSQL: signaling rooms span the workers (LISTEN/NOTIFY).
        bus = await signal_bus.attach(
            hub.rooms, hub.engine.dialect.name, config.db_url, config.signal_presence_seconds
        )
        log.info("hub ready (%s)", hub.engine.dialect.name)
        yield
        await signal_bus.detach(hub.rooms, bus)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app = FastAPI(
        title="Spoke Clinic hub",
        version="1.0.0",
        description="Central API of the Spoke Clinic hub-and-spoke teleconsultation network.",
        lifespan=lifespan,
        **NO_TELEMETRY,
    )
    app.state.hub = hub
    _declare_text_rule(app)
    for router in (
        auth.router,
        records.router,
        addenda.router,
        chat.router,
        calls.router,
        queue_api.router,
        doctor.router,
        prescriptions.router,
        stock.router,
        uploads.router,
        signaling.router,
        stats.router,
        doctor_stats.router,
        admin.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(system.router)
    app.add_exception_handler(HTTPException, http_errors)
    app.add_exception_handler(RequestValidationError, validation_errors)
    app.add_exception_handler(WriterBusy, writer_busy)
    if hub.engine.dialect.name == "sqlite":
        app.add_middleware(RequestGate)  # innermost: bodies are read before a slot is taken
    app.add_middleware(InputGuard)  # inside the size limit: it reads bounded bodies only
    app.add_middleware(SizeLimit, max_json=config.max_json_bytes)
    app.add_middleware(TusProtocol)  # outside the size limit: it sees overridden methods
    app.add_middleware(ServerErrors)  # added last: the outermost of the app's middleware
    return app
