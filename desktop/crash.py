"""Crash reports: uncaught exceptions on any thread and hard faults end up in a crash file.

A report holds the exception type and the stack (files, lines, functions), never the
exception message or local variables, which may carry patient data. The next start offers
reports it has not shown yet (``pending()``), then files them away (``mark_seen()``).
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from desktop import __version__, redact

log = logging.getLogger("spoke.crash")

_fault_file: IO[str] | None = None
_crash_dir: Path | None = None
_on_crash: Callable[[Path], None] | None = None


def format_report(exc_type: type[BaseException], tb: TracebackType | None, thread_name: str) -> str:
    """The text of a report: type and stack only; the message is withheld on purpose."""
    lines = [
        f"Spoke Clinic {__version__} crash report",
        f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        f"python: {sys.version.split()[0]} on {sys.platform}",
        f"thread: {thread_name}",
        f"exception: {exc_type.__module__}.{exc_type.__qualname__}",
        "message: (withheld: it may contain patient data)",
        "stack (most recent call last):",
    ]
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    return redact.scrub("\n".join(lines)) + "\n"


def write_report(
    exc_type: type[BaseException], tb: TracebackType | None, thread_name: str
) -> Path | None:
    """Write a report, or nothing at all (None): on a full disk a half-written file would be
    offered at next start as an empty report, so it is written aside and renamed when whole."""
    if _crash_dir is None:
        return None
    name = time.strftime("crash-%Y%m%d-%H%M%S") + f"-{time.monotonic_ns() % 100000:05d}.txt"
    path = _crash_dir / name
    partial = _crash_dir / f".{name}.partial"
    try:
        with open(partial, "w", encoding="utf-8") as fh:
            fh.write(format_report(exc_type, tb, thread_name))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return None
    return path


def _outcome(path: Path | None) -> str:
    return "crash report written" if path is not None else "no crash report could be written"


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    path = write_report(exc_type, tb, threading.current_thread().name)
    log.error("uncaught %s on the main thread; %s", exc_type.__name__, _outcome(path))
    if path is not None and _on_crash is not None:
        _on_crash(path)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "unknown"
    path = write_report(args.exc_type, args.exc_traceback, name)
    log.error("uncaught %s in thread %s; %s", args.exc_type.__name__, name, _outcome(path))
    if path is not None and _on_crash is not None:
        _on_crash(path)


def install(crash_dir: Path, on_crash: Callable[[Path], None] | None = None) -> None:
    """Install the hooks for all threads and faulthandler for hard crashes."""
    global _fault_file, _crash_dir, _on_crash
    _crash_dir = crash_dir
    _on_crash = on_crash
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
    _fault_file = open(crash_dir / "fault.log", "a", encoding="utf-8")  # noqa: SIM115
    faulthandler.enable(file=_fault_file, all_threads=True)


def uninstall() -> None:
    global _fault_file, _crash_dir, _on_crash
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
    _crash_dir = None
    _on_crash = None


def pending(crash_dir: Path) -> list[Path]:
    """Reports not yet offered to the user, oldest first (a non-empty fault.log counts)."""
    # An empty report is one an older version began on a full disk: nothing to offer.
    reports = [p for p in sorted(crash_dir.glob("crash-*.txt")) if p.stat().st_size > 0]
    fault = crash_dir / "fault.log"
    if fault.exists() and fault.stat().st_size > 0:
        reports.append(fault)
    return reports


def mark_seen(crash_dir: Path, reports: list[Path]) -> None:
    """Move offered reports into ``seen/`` so they are not offered again."""
    seen = crash_dir / "seen"
    seen.mkdir(exist_ok=True)
    for report in reports:
        target = seen / (time.strftime("%Y%m%d-%H%M%S-") + report.name)
        if report.name == "fault.log":
            # faulthandler holds this file open; copy and truncate instead of moving.
            target.write_text(report.read_text(encoding="utf-8", errors="replace"))
            with open(report, "w", encoding="utf-8"):
                pass
        else:
            report.replace(target)
