"""The installer scripts are imported as top-level modules (the spec and the tests put
installers/ on the path): none may share its name with an installed package or with a
folder a build leaves at the repository root, or imports (and ruff's import sorting) would
depend on which one is found first."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_installer_module_shadows_a_package_or_a_build_folder() -> None:
    modules = {p.stem for p in (ROOT / "installers").glob("*.py")}
    installed = set(metadata.packages_distributions())
    root_folders = {"build", "dist", *(p.name for p in ROOT.iterdir() if p.is_dir())}
    assert "build_release" in modules
    assert modules & (installed | root_folders) == set()
