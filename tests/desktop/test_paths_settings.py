"""desktop.paths owns every location; desktop.settings loads, validates and migrates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import paths, settings


def test_profile_puts_everything_under_one_dir(profile: paths.Locations, tmp_path: Path) -> None:
    root = (tmp_path / "profile").resolve()
    for folder in profile.all_dirs():
        assert folder.is_dir()
        assert root in folder.parents
    assert profile.database.parent == profile.data
    assert paths.get() is profile


def test_get_before_init_is_an_error() -> None:
    paths._current = None
    with pytest.raises(RuntimeError):
        paths.get()


def test_settings_round_trip(profile: paths.Locations) -> None:
    s = settings.Settings(language="hi", idle_lock_minutes=5)
    settings.save(s, profile.settings_file)
    loaded = settings.load(profile.settings_file)
    assert loaded.language == "hi" and loaded.idle_lock_minutes == 5
    assert json.loads(profile.settings_file.read_text())["version"] == settings.SCHEMA_VERSION


def test_settings_defaults_for_missing_or_broken_file(profile: paths.Locations) -> None:
    assert settings.load(profile.settings_file) == settings.Settings()
    profile.settings_file.write_text("{not json", encoding="utf-8")
    assert settings.load(profile.settings_file) == settings.Settings()


def test_settings_wrong_types_and_ranges_fall_back(profile: paths.Locations) -> None:
    profile.settings_file.write_text(
        json.dumps({"version": 2, "language": "fr", "idle_lock_minutes": "ten", "camera_fps": 0}),
        encoding="utf-8",
    )
    loaded = settings.load(profile.settings_file)
    assert loaded.language == "en"
    assert loaded.idle_lock_minutes == settings.Settings().idle_lock_minutes
    assert loaded.camera_fps == settings.Settings().camera_fps


def test_settings_v1_migrates(profile: paths.Locations) -> None:
    profile.settings_file.write_text(json.dumps({"lang": "Hindi"}), encoding="utf-8")
    assert settings.load(profile.settings_file).language == "hi"


def test_settings_from_newer_version_keeps_file(profile: paths.Locations) -> None:
    text = json.dumps({"version": 99, "language": "hi"})
    profile.settings_file.write_text(text, encoding="utf-8")
    assert settings.load(profile.settings_file) == settings.Settings()
    assert profile.settings_file.read_text(encoding="utf-8") == text
