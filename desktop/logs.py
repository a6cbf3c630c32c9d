"""Logging: one named logger per subsystem, a rotating file in the profile, redaction.

Subsystem loggers are ``spoke.<name>`` (``spoke.storage``, ``spoke.sync``, ``spoke.media``,
``spoke.ui``...). Every record passes through ``desktop.redact`` on its way to disk.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop import redact

ROOT = "spoke"
LOG_FILE = "spoke-clinic.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


def get(subsystem: str) -> logging.Logger:
    """The logger of one subsystem, e.g. ``get("storage")``."""
    return logging.getLogger(f"{ROOT}.{subsystem}")


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then scrubs the whole text, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact.scrub(super().format(record))


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
