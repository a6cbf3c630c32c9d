"""The licence texts of the third-party components an installation carries, as the build
collected them into ``resources/third-party`` (index.json + one text per component), and the
project's own licence; read for the About dialog. Collecting them is installers/licences.py's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop import paths

INDEX = "index.json"


@dataclass(frozen=True)
class Component:
    """One third-party part of the application and the terms it comes under."""

    name: str
    version: str
    licence: str
    text: str
    # Native libraries of the bundle this entry covers (paths inside the bundle).
    libraries: tuple[str, ...] = ()


def bundled_dir() -> Path:
    return paths.resource_dir() / "third-party"


def load() -> list[Component]:
    """The collected components of this installation; none where the build did not collect
    them (a source checkout)."""
    index = bundled_dir() / INDEX
    if not index.exists():
        return []
    comps = []
    for entry in json.loads(index.read_text(encoding="utf-8")):
        text = (index.parent / entry["file"]).read_text(encoding="utf-8")
        libraries = tuple(entry.get("libraries", ()))
        comps.append(Component(entry["name"], entry["version"], entry["licence"], text, libraries))
    return comps


def project_licence_text() -> str:
    """The GPL-3.0 text of Spoke Clinic itself (LICENSE beside the resources folder)."""
    path = paths.resource_dir().parent / "LICENSE"
    return path.read_text(encoding="utf-8") if path.exists() else "GPL-3.0-or-later"
