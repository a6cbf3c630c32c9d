"""Logging: one named logger per subsystem, a rotating file in the profile, redaction.

Subsystem loggers are ``spoke.<name>`` (``spoke.storage``, ``spoke.sync``, ``spoke.media``,
``spoke.ui``...). Every record passes through ``RedactingFormatter`` on its way to disk: no
exception message is ever written, and ``desktop.redact`` masks patient data in the rest.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop import redact

ROOT = "spoke"
LOG_FILE = "spoke-clinic.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


def get(subsystem: str) -> logging.Logger:
    """The logger of one subsystem, e.g. ``get("storage")``."""
    return logging.getLogger(f"{ROOT}.{subsystem}")


class RedactingFormatter(logging.Formatter):
    """Formats a record without any exception's message, then scrubs the whole text.

    Whatever logger it comes from (ours, SQLAlchemy, httpx, the hub), an exception reaches
    the log as its type and code only: in a traceback (frames kept, ``redact.traceback_text``)
    and as an argument (``log.error("... %s", exc)`` logs ``redact.describe(exc)``). Its
    message may hold anything the failing code held, so it is never formatted."""

    def format(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        # Another handler may have cached a traceback formatted with messages: not ours.
        safe.exc_text = None
        if isinstance(safe.msg, BaseException):
            safe.msg = redact.describe(safe.msg)
        if isinstance(safe.args, tuple):
            safe.args = tuple(_without_message(arg) for arg in safe.args)
        elif isinstance(safe.args, Mapping):
            safe.args = {key: _without_message(arg) for key, arg in safe.args.items()}
        return redact.scrub(super().format(safe))

    def formatException(self, ei: Any) -> str:
        exc = ei[1] if isinstance(ei, tuple) else None
        return redact.traceback_text(exc) if isinstance(exc, BaseException) else ""


def _without_message(arg: object) -> object:
    return redact.describe(arg) if isinstance(arg, BaseException) else arg


def setup(log_dir: Path, level: int = logging.INFO, console: bool = False) -> None:
    """Attach the rotating file handler (and optionally stderr) to the app's loggers."""
    formatter = RedactingFormatter(_FORMAT)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / LOG_FILE, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(formatter)
    handler.set_name("spoke-file")
    handlers: list[logging.Handler] = [handler]
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        stream.set_name("spoke-console")
        handlers.append(stream)
    # Our loggers and the libraries we lean on write to the same redacted file.
    for name in (ROOT, "sqlalchemy", "alembic", "httpx", "aiortc", "av", "hub", "uvicorn"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() in ("spoke-file", "spoke-console")]:
            logger.removeHandler(old)
            old.close()
        for h in handlers:
            logger.addHandler(h)
        logger.propagate = False
    logging.getLogger(ROOT).setLevel(level)


def shutdown() -> None:
    """Detach and close our handlers (tests and clean exit)."""
    for name in (ROOT, "sqlalchemy", "alembic", "httpx", "aiortc", "av", "hub", "uvicorn"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() in ("spoke-file", "spoke-console")]:
            logger.removeHandler(old)
            old.close()
        logger.propagate = True
