"""Typed application settings with defaults, stored as versioned JSON in the profile.

Every setting is declared once in ``Settings``; unknown keys are dropped, wrong types fall
back to the default, and ``MIGRATIONS`` upgrade files written by older versions.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger("spoke.settings")

SCHEMA_VERSION = 2
LANGUAGES = ("en", "hi")


@dataclass
class Settings:
    """All user-adjustable settings and their defaults."""

    language: str = "en"
    hub_url: str = ""
    hub_ca_pem: str = ""  # pinned CA of the hub, PEM text; empty means the system store
    camera_id: str = ""
    camera_resolution: str = "640x480"
    camera_fps: int = 30
    microphone_id: str = ""
    call_sound_output: str = ""  # hex of the chosen QAudioDevice.id(); empty: the default
    recording_preset: str = "standard"
    idle_lock_minutes: int = 10
    temperature_unit: str = "C"
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    recent_specialties: list[str] = field(default_factory=list)

    def validated(self) -> Settings:
        """Return a copy where out-of-range values are replaced by defaults."""
        clean = dataclasses.replace(self)
        if clean.language not in LANGUAGES:
            clean.language = "en"
        if clean.temperature_unit not in ("C", "F"):
            clean.temperature_unit = "C"
        if not 1 <= clean.idle_lock_minutes <= 240:
            clean.idle_lock_minutes = Settings.idle_lock_minutes
        if not 1 <= clean.camera_fps <= 120:
            clean.camera_fps = Settings.camera_fps
        return clean


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    # Version 1 stored the language as a display name ("English"/"Hindi").
    names = {"English": "en", "Hindi": "hi", "हिन्दी": "hi"}
    if "lang" in raw:
        raw["language"] = names.get(raw.pop("lang"), "en")
    return raw


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def _from_dict(raw: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in raw:
            continue
        default = getattr(defaults, f.name)
        value = raw[f.name]
        if isinstance(default, bool) != isinstance(value, bool) or not isinstance(
            value, type(default)
        ):
            log.warning("setting %s has the wrong type; using the default", f.name)
            continue
        values[f.name] = value
    return Settings(**values).validated()


def load(path: Path) -> Settings:
    """Read settings, migrating old versions; a missing or broken file gives defaults."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):
        log.warning("settings file unreadable; using defaults")
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    version = raw.pop("version", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        log.warning("settings written by a newer version; using defaults, file kept")
        return Settings()
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    return _from_dict(raw)


def save(settings: Settings, path: Path) -> None:
    """Write atomically: a crash mid-write leaves the previous file intact."""
    payload = {"version": SCHEMA_VERSION, **dataclasses.asdict(settings.validated())}
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=2, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
