"""SyncBridge: carries the sync engine's events (sync thread) to the main thread as Qt
signals, feeds the status-bar indicator, and runs the sync service's blocking actions in the
background with results back on the main thread. The list of unsent items is re-read when
the outbox changes (``Kind.OUTBOX`` announced by a service)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot

from desktop.changes import Change, ChangeBus, Kind, changes
from desktop.services.sync import SyncService
from desktop.sync.engine import SyncEngine
from desktop.sync.events import (
    ConsultUpdate,
    ItemFailed,
    ItemProgress,
    ItemSent,
    PrescriptionArrived,
    StatusChanged,
    SyncEvent,
)
from desktop.sync.outbox import Item
from desktop.ui import i18n
from desktop.ui.changes import ChangeSignal
from desktop.ui.tasks import Operation


def local_time_text(when: datetime | None) -> str:
    """DD-MM-YYYY HH:MM in local time, as the clinic reads dates."""
    return i18n.format_datetime(when) if when else ""


class SyncBridge(QObject):
    """Lives on the main thread; pass ``bridge.listener`` to ``SyncEngine``.

    Signals:
        status_changed(str, int, str, str, str): state, pending count, last synced
            (DD-MM-YYYY HH:MM), error code, error text (English fallback).
        item_progress(int, object, object, float): outbox id, bytes done, total, bytes/s.
        item_sent(int, str): outbox id, entity type.
        item_failed(int, str, bool, bool, str): id, message, needs review, will retry, code.
        prescription_arrived(str, object): consult id, prescription (dict).
        consult_updated(str, str, object, object): consult id, status, queue position or
            None, estimated wait in seconds or None.
        items_loaded(object): list of unsent outbox ``Item``s (after ``refresh_items``).
        action_failed(str): error code of a background action that failed.
    """

    status_changed = Signal(str, int, str, str, str)
    item_progress = Signal(int, object, object, float)
    item_sent = Signal(int, str)
    item_failed = Signal(int, str, bool, bool, str)
    prescription_arrived = Signal(str, object)
    consult_updated = Signal(str, str, object, object)
    items_loaded = Signal(object)
    action_failed = Signal(str)

    def __init__(self, parent: QObject | None = None, bus: ChangeBus = changes) -> None:
        super().__init__(parent)
        self.engine: SyncEngine | None = None
        self._sync: SyncService | None = None
        self._bus = bus
        self._changes = ChangeSignal(bus, self)
        self._changes.changed.connect(self.on_changed)
        self.state = "not_enrolled"
        self.pending = 0
        self.last_synced = ""
        self._indicator: Any = None
        # A bound slot of this main-thread object: Qt queues it when the sync thread emits.
        self.status_changed.connect(self.on_status_changed)

    def set_engine(self, engine: SyncEngine) -> None:
        self.engine = engine

    @property
    def sync(self) -> SyncService | None:
        """The sync service over the engine set now (None before one is set)."""
        engine = self.engine
        if engine is None:
            return None
        if self._sync is None or self._sync.engine is not engine:
            self._sync = SyncService(engine, self._bus)
        return self._sync

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.kind is Kind.OUTBOX:
            self.refresh_items()

    # -- called on the sync thread: only emit (queued to the main thread) ---------------
    def listener(self, event: SyncEvent) -> None:
        if isinstance(event, StatusChanged):
            self.status_changed.emit(
                event.state,
                event.pending,
                local_time_text(event.last_synced),
                event.error_code,
                event.error,
            )
        elif isinstance(event, ItemProgress):
            self.item_progress.emit(event.item_id, event.done, event.total, event.rate)
        elif isinstance(event, ItemSent):
            self.item_sent.emit(event.item_id, event.entity_type)
        elif isinstance(event, ItemFailed):
            self.item_failed.emit(
                event.item_id, event.message, event.needs_review, event.will_retry, event.code
            )
        elif isinstance(event, PrescriptionArrived):
            self.prescription_arrived.emit(event.consult_id, event.prescription)
        elif isinstance(event, ConsultUpdate):
            self.consult_updated.emit(
                event.consult_id, event.status, event.position, event.estimated_wait_seconds
            )

    # -- status bar ---------------------------------------------------------------------
    def attach_indicator(self, indicator: Any) -> None:
        """Feed ``MainWindow.sync_indicator`` (``set_state(state, pending, last_synced)``).
        Updated from this object's slot, so always on the main thread. The indicator knows
        no "paused": that text is set here (and again after a language change)."""
        self._indicator = indicator
        if isinstance(indicator, QObject):
            indicator.installEventFilter(self)
            # The bridge outlives the window (the app holds it; statuses queued by the sync
            # thread still arrive after the window is gone): forget the indicator with it.
            indicator.destroyed.connect(self.on_indicator_destroyed)

    @Slot()
    def on_indicator_destroyed(self) -> None:
        self._indicator = None

    @Slot(str, int, str, str, str)
    def on_status_changed(self, state: str, pending: int, last: str, code: str, text: str) -> None:
        self.state, self.pending, self.last_synced = state, pending, last
        self._show_state()

    def _show_state(self) -> None:
        indicator = self._indicator
        if indicator is None:
            return
        indicator.set_state(self.state, self.pending, self.last_synced)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._indicator and event.type() == QEvent.Type.LanguageChange:
            QTimer.singleShot(0, self._show_state)  # after the indicator's own retranslation
        return False

    # -- actions: never block the main thread -------------------------------------------
    def _background(
        self,
        fn: Callable[[], Any],
        then: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> Operation[Any]:
        op: Operation[Any] = Operation(fn)
        if then is not None:
            op.success(then)
        report = failed or self.action_failed.emit
        op.failure(lambda exc: report(type(exc).__name__))
        return op.run_in_background()

    def refresh_items(self) -> None:
        sync = self.sync
        if sync is not None:
            self._background(lambda: sync.unsent(), self.items_loaded.emit)

    def retry_now(
        self,
        item_id: int | None = None,
        done: Callable[[], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Send now instead of waiting out the backoff; ``done`` once the engine has taken
        the request (``failed`` with the error code if it could not). The sync service
        announces the change; the list follows (``on_changed``)."""
        sync = self.sync
        if sync is not None:

            def answered(_: object) -> None:
                if done is not None:
                    done()

            self._background(lambda: sync.retry_now(item_id), answered, failed)

    def resolve(self, item_id: int, keep: str) -> None:
        sync = self.sync
        if sync is not None:
            self._background(lambda: sync.resolve(item_id, keep))

    def pause(self) -> None:
        if self.engine is not None:
            self.engine.pause()  # sets an event: instant

    def resume(self) -> None:
        if self.engine is not None:
            self.engine.resume()

    def sign_in(
        self,
        username: str,
        password: str,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> Operation[Any]:
        """Password grant at the hub (background); ``failed`` gets the error code."""
        engine = self.engine
        assert engine is not None
        return self._background(lambda: engine.sign_in(username, password), done, failed)

    def set_ca_pem(self, pem: str) -> None:
        """The pinned hub CA (PEM text; empty: the system's store) for the next connection."""
        if self.engine is not None:
            self.engine.ca_pem = pem

    def enroll(
        self,
        hub_url: str,
        code: str,
        name: str = "",
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> Operation[Any]:
        """Connect this PC to a hub with a one-time code (background)."""
        engine = self.engine
        assert engine is not None
        return self._background(lambda: engine.enroll(hub_url, code, name), done, failed)


__all__ = ["Item", "SyncBridge", "local_time_text"]
