"""The settings store: one ``Settings`` object the app shares, changed only through ``apply``,
which validates, makes the values current and announces ``Kind.SETTINGS`` at once (the idle
lock, the temperature unit and the rest apply without waiting for the disk), then writes the
file on its own thread (never the UI's), in order."""

from __future__ import annotations

import copy
import dataclasses
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from desktop import settings as settings_file
from desktop.changes import Change, ChangeBus, Kind, changes
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
        self._closed = False

    def apply(self, new: Settings | None = None) -> Future[Settings]:
        """Validate ``new`` (default: ``current`` as edited in place), make it current and
        announce it at once, and save it in the background. The future resolves once the
        file holds these values."""
        clean = (new if new is not None else self.current).validated()
        for f in dataclasses.fields(Settings):
            setattr(self.current, f.name, getattr(clean, f.name))
        snapshot = copy.deepcopy(self.current)
        path = self._path

        def save() -> Settings:
            settings_file.save(snapshot, path)
            return snapshot

        self._bus.announce(Change(Kind.SETTINGS, (), "applied"))

        if not self._closed:
            return self._saver.submit(save)
        done: Future[Settings] = Future()  # after close (app exit): save right here
        done.set_result(save())
        return done

    def close(self) -> None:
        """Finish the queued saves (at exit: nothing changed is lost)."""
        self._closed = True
        self._saver.shutdown(wait=True)
