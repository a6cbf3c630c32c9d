"""The settings store: one ``Settings`` object the app shares, changed only through ``apply``,
which validates, writes the file on its own thread (never the UI's) and then announces
``Kind.SETTINGS`` so the idle lock, the temperature unit and the rest apply at once."""

from __future__ import annotations

import copy
import dataclasses
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from desktop import settings as settings_file
from desktop.services.changes import Change, ChangeBus, Kind, changes
from desktop.settings import Settings

__all__ = ["Settings", "SettingsService"]


class SettingsService:
    """``current`` is the live object (views may hold it); saves run in order on one thread,
    so the file always ends with the newest values."""

    def __init__(self, current: Settings, path: Path, bus: ChangeBus = changes) -> None:
        self.current = current
        self._path = path
        self._bus = bus
        self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settings-save")

    def apply(self, new: Settings | None = None) -> Future[Settings]:
        """Validate ``new`` (default: ``current`` as edited in place), make it current at
        once, save it in the background and announce it once saved. The future gives the
        values saved."""
        clean = (new if new is not None else self.current).validated()
        for f in dataclasses.fields(Settings):
            setattr(self.current, f.name, getattr(clean, f.name))
        snapshot = copy.deepcopy(self.current)
        path, bus = self._path, self._bus

        def save() -> Settings:
            settings_file.save(snapshot, path)
            bus.announce(Change(Kind.SETTINGS, (), "saved"))
            return snapshot

        return self._saver.submit(save)

    def close(self) -> None:
        """Finish the queued saves."""
        self._saver.shutdown(wait=True)
