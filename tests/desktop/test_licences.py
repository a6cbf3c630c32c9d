"""Third-party licences: gathered from installed metadata, written into a bundle folder and
read back from it, with Qt's LGPL text filled in where its wheels ship none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import licences


def test_runtime_closure_covers_the_app_dependencies() -> None:
    names = {c.name.lower() for c in licences.runtime_closure()}
    for dist in ("av", "keyring", "sqlcipher3", "pyrage", "opencv-python-headless", "numpy"):
        assert dist in names, dist
    assert "spoke-clinic" not in names
    # Test-only tools are not part of the application.
    assert "pytest" not in names and "pyinstaller" not in names


def test_components_are_found_from_bundled_files() -> None:
    found = licences.for_files(licences.module_files(["keyring.backends.SecretService", "av"]))
    by_name = {c.name.lower(): c for c in found}
    assert set(by_name) == {"keyring", "av"}
    assert by_name["keyring"].licence == "MIT"
    assert "Permission is hereby granted" in by_name["keyring"].text


def test_qt_gets_the_lgpl_text_its_wheels_lack() -> None:
    qt = [c for c in licences.runtime_closure() if c.name.lower().startswith("pyside6")]
    assert qt
    assert all("GNU LESSER GENERAL PUBLIC LICENSE" in c.text for c in qt)


def test_bundle_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    comps = [licences.Component("Example", "1.0", "MIT", "Permission is hereby granted")]
    python = licences.python_runtime()
    assert python is not None and "PYTHON SOFTWARE FOUNDATION" in python.text
    resources = tmp_path / "resources"
    index = licences.write_bundle([*comps, python], resources / "third-party")
    assert [e["file"] for e in json.loads(index.read_text())] == ["example.txt", "python.txt"]
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(resources))
    assert licences.load() == [*comps, python]


def test_project_licence_is_the_gpl3() -> None:
    assert "GNU GENERAL PUBLIC LICENSE" in licences.project_licence_text()
    assert "Version 3" in licences.project_licence_text()
