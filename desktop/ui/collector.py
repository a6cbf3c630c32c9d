"""Python's cycle collector runs on the UI thread only.

The automatic collector runs on whichever thread happens to allocate when a generation's
count passes its threshold: the call's event loop, a camera thread, the database writer.
A Qt object in an unreachable cycle (a window's bound method held by a callback held by
the window) is then destroyed on that thread while the UI thread paints or deletes nearby
objects, and the process dies far from the cause (segfaults and bus errors in the call
tests, one in a future's callbacks on the call's thread). ``install`` switches the
automatic collector off and collects on the UI thread instead, from a timer, with the
interpreter's own thresholds: young objects often, the old generations rarely.
"""

from __future__ import annotations

import gc
import logging

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

log = logging.getLogger("spoke.ui")

INTERVAL_MS = 250


class UiThreadCollector(QObject):
    """Collects on a timer on the UI thread; ``collect_due`` may also be called there."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.collections = [0, 0, 0]
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold (with the younger
        ones, as ``gc.collect(n)`` does); the generation collected, or None."""
        counts = gc.get_count()
        due = None
        for generation in range(3):
            if counts[generation] < self.thresholds[generation]:
                break
            due = generation
        if due is not None:
            gc.collect(due)
            self.collections[due] += 1
        return due

    def stop(self) -> None:
        self._timer.stop()


_installed: UiThreadCollector | None = None


def install(app: QCoreApplication | None = None) -> UiThreadCollector:
    """Turn the automatic collector off and collect on the UI thread from now on. Call it on
    the UI thread; a second call returns the collector already installed."""
    global _installed
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("the collector needs a QCoreApplication")
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("the collector is installed on the UI thread")
    if _installed is not None and shiboken6.isValid(_installed):
        return _installed
    gc.disable()
    _installed = UiThreadCollector(app)
    log.debug("cycle collection moved to the UI thread")
    return _installed


def uninstall() -> None:
    """Back to the interpreter's automatic collector (tests, shutdown)."""
    global _installed
    if _installed is not None and shiboken6.isValid(_installed):
        _installed.stop()
        _installed.deleteLater()
    _installed = None
    gc.enable()
