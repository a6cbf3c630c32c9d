"""Start-up trace: with ``SPOKE_CLINIC_STARTUP_TRACE=1`` the start path writes wall-clock
marks (``startup-trace <epoch seconds> <step>``) to stderr, so bench/startup.py can split the
time to the sign-in window into interpreter/bootloader, imports, Qt and window. Off: one
dictionary look-up per mark, nothing written."""

from __future__ import annotations

import os
import sys
import time

ENV = "SPOKE_CLINIC_STARTUP_TRACE"
ENABLED = os.environ.get(ENV) == "1"
PREFIX = "startup-trace"


def mark(step: str) -> None:
    """Note that the start reached ``step`` (a few words, no data of any person)."""
    if ENABLED and sys.stderr is not None:
        sys.stderr.write(f"{PREFIX} {time.time():.6f} {step}\n")
        sys.stderr.flush()
