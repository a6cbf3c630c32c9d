"""Refusals at start reach the terminal as well as the screen: on a machine without a desktop
session (a server under Xvfb, a root shell) nobody sees a dialog, so there the app prints
what happened and what to do, and stops instead of waiting on a window.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication

from desktop import launch, logs
from desktop.services.errors import KeyringUnavailableError, StorageError
from desktop.ui.storage_messages import storage_error_texts

log = logs.get("ui")


def headless_note() -> str:
    """Why the app stopped instead of asking in a window (headless starts only)."""
    return QCoreApplication.translate(
        "StartReport",
        "No desktop session was found, so Spoke Clinic stops here instead of showing this "
        "in a window nobody can see.",
    )


def demo_keyring_hint() -> str:
    """The way to a keyring for the demo without a desktop (source checkouts: scripts/run.sh)."""
    return QCoreApplication.translate(
        "StartReport",
        "For the demo on a machine without a desktop, start it with {command}: it starts a "
        "demo keyring kept in the demo profile.",
    ).format(command=launch.run_command())


def to_terminal(what: str, todo: str, *, headless: bool = False, extra: str = "") -> None:
    """Print a start-up refusal to standard error (skipped where there is none, as in the
    Windows exe without a console). Never patient data: these are the storage messages."""
    lines = [f"Spoke Clinic: {what}", f"  {todo}"]
    if extra:
        lines.append(f"  {extra}")
    if headless:
        lines.append(f"  {headless_note()}")
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write("\n".join(lines) + "\n")
        stream.flush()
    except (OSError, ValueError):  # a closed or broken terminal must not stop the app
        pass


def storage_refusal(exc: StorageError, *, headless: bool = False) -> tuple[str, str]:
    """Log and print why the clinic's data did not open; returns (what, todo) for a dialog."""
    log.error("start refused: %s", type(exc).__name__)
    what, todo = storage_error_texts(exc)
    extra = ""
    if isinstance(exc, KeyringUnavailableError) and launch.from_source():
        extra = demo_keyring_hint()
    to_terminal(what, todo, headless=headless, extra=extra)
    return what, (f"{todo}\n\n{extra}" if extra else todo)
