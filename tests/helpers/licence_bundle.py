"""A resources folder with the third-party licence texts collected as the installer build
collects them (installers/licences.py), for tests of what the app shows from it."""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from desktop.third_party import Component

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"


def licences() -> ModuleType:
    """installers/licences.py: build-time code, outside the runtime package (the PyInstaller
    spec imports it from its own folder, and so do these tests)."""
    if str(INSTALLERS) not in sys.path:
        sys.path.insert(0, str(INSTALLERS))
    return importlib.import_module("licences")


def collect(dest: Path, components: Iterable[Component] | None = None) -> Path:
    """Write ``dest``/resources/third-party (and LICENSE beside resources, as in the bundle)
    from ``components``, or from every installed distribution the app needs; returns the
    resources folder, for ``SPOKE_CLINIC_RESOURCES``."""
    build = licences()
    comps = list(components) if components is not None else build.runtime_closure()
    resources = dest / "resources"
    build.write_bundle(comps, resources / "third-party")
    shutil.copy(ROOT / "LICENSE", dest / "LICENSE")
    return resources
