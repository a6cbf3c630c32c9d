"""Shared fixtures: offscreen Qt, a temp profile for desktop.paths, a logged error fails
the test unless it expects it."""

from __future__ import annotations

import faulthandler
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Tests never touch the user's real profile.
os.environ.pop("SPOKE_CLINIC_PROFILE", None)

import pytest  # noqa: E402

from desktop import paths  # noqa: E402

# -- hard crashes leave their stacks where the run can show them ---------------------------
# desktop.crash.install (the app's crash hooks, used by some tests) points faulthandler at a
# profile's crash folder, which is gone with that test's tmp_path; a later segfault would say
# nothing. After every test faulthandler writes to the run's file again (scripts/test.sh
# prints it when the process dies).
_FAULTS = open(  # noqa: SIM115 -- kept open for the whole run
    os.environ.get("SPOKE_TEST_FAULTS") or os.devnull, "a", encoding="utf-8"
)


@pytest.fixture(autouse=True)
def _faults_to_the_run_file() -> Iterator[None]:
    yield
    from desktop import crash

    if crash._fault_file is not None:
        crash.uninstall()
    faulthandler.enable(file=_FAULTS, all_threads=True)


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread() -> Iterator[None]:
    """As in the app (desktop/ui/app.py): once a QApplication exists, the cycle collector
    runs on the UI thread only, never on a call's, camera's or writer's thread."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        from desktop.ui import collector

        collector.install()


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[paths.Locations]:
    """A fresh profile under tmp_path, with desktop.paths pointed at it."""
    locs = paths.init(tmp_path / "profile")
    yield locs
    paths._current = None


ROOT = Path(__file__).resolve().parent.parent


# -- a logged error fails the test (conventions #12) ---------------------------------------
# The loggers that logs.setup() stops propagating to the root logger are watched directly.
_WATCHED_LOGGERS = ("", "spoke", "hub", "uvicorn", "sqlalchemy", "alembic", "httpx", "aiortc", "av")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Background work still running on Qt's pool when the interpreter goes down crashes
    the process (seen 3 times in 13 runs): let it finish first."""
    core = sys.modules.get("PySide6.QtCore")
    if core is not None:
        core.QThreadPool.globalInstance().waitForDone(30_000)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expected_errors(*patterns): the test logs errors on purpose; with patterns, only "
        "errors whose message matches one (re.search) are allowed",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's fault file closes last; a crash after this point goes to standard error."""
    faulthandler.enable(all_threads=True)
    _FAULTS.close()


class _ErrorRecords(logging.Handler):
    """Keeps every record at ERROR or above, once (it may be seen by several loggers)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not any(seen is record for seen in self.records):
            self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_error_logs(request: pytest.FixtureRequest) -> Iterator[_ErrorRecords]:
    """A test that logs at ERROR or above fails, unless it says it expects to: the
    ``expected_errors`` marker (optionally with message patterns) or fixture."""
    handler = _ErrorRecords()
    loggers = [logging.getLogger(name or None) for name in _WATCHED_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    if "expected_errors" in request.fixturenames:
        return
    marker = request.node.get_closest_marker("expected_errors")
    if marker is not None and not marker.args:
        return
    allowed = marker.args if marker is not None else ()
    unexpected = [
        record
        for record in handler.records
        if not any(re.search(pattern, record.getMessage()) for pattern in allowed)
    ]
    if unexpected:
        lines = [f"  {r.levelname} {r.name}: {r.getMessage()[:300]}" for r in unexpected]
        pytest.fail(
            "unexpected error logged (mark the test expected_errors if it is on purpose):\n"
            + "\n".join(lines),
            pytrace=False,
        )


@pytest.fixture
def expected_errors(_fail_on_error_logs: _ErrorRecords) -> list[logging.LogRecord]:
    """The test logs errors on purpose; the records, for it to check."""
    return _fail_on_error_logs.records
