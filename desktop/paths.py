"""Owns every file location the desktop app uses: data, config, logs, cache, temp, crash.

Nothing else in the app builds a path to user data by hand. ``init()`` is called once at
start (``--profile DIR`` overrides the per-OS defaults); tests point it at a temp dir.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_ID


@dataclass(frozen=True)
class Locations:
    """The resolved folders of one profile."""

    data: Path
    config: Path
    logs: Path
    cache: Path
    temp: Path
    crash: Path

    @property
    def database(self) -> Path:
        return self.data / "clinic.db"

    @property
    def blobs(self) -> Path:
        return self.data / "blobs"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    def all_dirs(self) -> tuple[Path, ...]:
        return (self.data, self.config, self.logs, self.cache, self.temp, self.crash)


_current: Locations | None = None


def _default_locations() -> Locations:
    dirs = platformdirs.PlatformDirs(appname=APP_ID, appauthor=False, ensure_exists=False)
    data = Path(dirs.user_data_dir)
    cache = Path(dirs.user_cache_dir)
    return Locations(
        data=data,
        config=Path(dirs.user_config_dir),
        logs=Path(dirs.user_log_dir),
        cache=cache,
        # Our own temp folder inside the profile, never the shared system temp: whatever
        # lands there is ours to scan and clean, and it sits on the same disk as the data
        # (atomic renames work).
        temp=data / "tmp",
        crash=data / "crash",
    )


def _profile_locations(root: Path) -> Locations:
    return Locations(
        data=root / "data",
        config=root / "config",
        logs=root / "logs",
        cache=root / "cache",
        temp=root / "data" / "tmp",
        crash=root / "data" / "crash",
    )


def init(profile: Path | str | None = None) -> Locations:
    """Resolve and create the folders. ``profile`` puts everything under one directory."""
    global _current
    if profile is None and os.environ.get("SPOKE_CLINIC_PROFILE"):
        profile = os.environ["SPOKE_CLINIC_PROFILE"]
    locs = _profile_locations(Path(profile).resolve()) if profile else _default_locations()
    for folder in locs.all_dirs():
        folder.mkdir(parents=True, exist_ok=True)
        if sys.platform != "win32":
            folder.chmod(0o700)
    _current = locs
    return locs


def get() -> Locations:
    """The current profile's locations; ``init()`` must have run."""
    if _current is None:
        raise RuntimeError("desktop.paths.init() has not been called")
    return _current


def resource_dir() -> Path:
    """Read-only resources shipped with the app (works in a PyInstaller bundle too).

    ``SPOKE_CLINIC_RESOURCES`` overrides it (the self-test's own test hides files this way).
    """
    override = os.environ.get("SPOKE_CLINIC_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def translations_dir() -> Path:
    return resource_dir() / "translations"


def export_partial(destination: Path) -> Path:
    """Where an export the user asked for is written before it is renamed to
    ``destination``: a hidden file in the same folder (plain data never lands outside the
    folder the user chose, and the rename is atomic)."""
    return destination.with_name(f".{destination.name}.{os.urandom(4).hex()}.partial")
