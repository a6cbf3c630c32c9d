"""What changed, announced by the services (and the sync puller) after a commit: views
subscribe and re-read storage on an announcement, instead of polling or trusting a banner.

Qt-free and thread-safe: ``announce`` may be called on any thread; subscribers are called on
the announcing thread (the UI side, ``desktop.ui.changes``, hops them to the main thread)."""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("spoke.services")


class Kind(enum.Enum):
    PATIENT = "patient"
    CONSULT = "consult"
    PRESCRIPTION = "prescription"
    OUTBOX = "outbox"
    SETTINGS = "settings"
    STOCK = "stock"
    QUEUE = "queue"  # the hub doctor's queue moved (pushed by the hub, or a step taken)


@dataclass(frozen=True)
class Change:
    """``ids`` are the records that changed (empty: "some, re-read all of this kind");
    ``reason`` is a short machine word (``"pulled"``, ``"saved"``, ``"sent"``...), never
    patient data."""

    kind: Kind
    ids: tuple[str, ...] = ()
    reason: str = ""


Subscriber = Callable[[Change], None]


class ChangeBus:
    """Many subscribers, any thread. A failing subscriber is logged (type only) and the
    others still hear the change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []

    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        """Returns the function that unsubscribes ``fn``."""
        with self._lock:
            self._subscribers.append(fn)

        def unsubscribe() -> None:
            with self._lock:
                if fn in self._subscribers:
                    self._subscribers.remove(fn)

        return unsubscribe

    def announce(self, change: Change) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for fn in subscribers:
            try:
                fn(change)
            except Exception as exc:  # noqa: BLE001 -- one bad listener must not stop others
                log.error("change subscriber failed (%s)", type(exc).__name__)


# The app's one bus (tests may make their own).
changes = ChangeBus()
