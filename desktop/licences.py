"""Third-party licences: gathered from the installed distributions' metadata at build time
into ``resources/third-party`` (index.json + one text per component), read back for the
About dialog. From a source checkout (no collected folder) they are gathered live.
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from desktop import paths

OWN_DISTRIBUTION = "spoke-clinic"
INDEX = "index.json"
TEXT_PATTERNS = ("licen[cs]e*", "copying*", "notice*", "copyright*")
# Distributions whose wheels carry no licence text: the text they are offered under,
# shipped in resources/licenses/.
FALLBACK_TEXTS = {"pyside6": "LGPL-3.0.txt", "shiboken6": "LGPL-3.0.txt"}


@dataclass(frozen=True)
class Component:
    """One third-party part of the application and the terms it comes under."""

    name: str
    version: str
    licence: str
    text: str


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    values = meta.get_all(name) or []
    return str(values[0]) if values else ""


def _licence_words(meta: metadata.PackageMetadata) -> str:
    expression = _field(meta, "License-Expression")
    if expression:
        return str(expression)
    classifiers = [
        c.split("::")[-1].strip()
        for c in (meta.get_all("Classifier") or [])
        if c.startswith("License ::")
    ]
    field = _field(meta, "License").strip()
    if field and "\n" not in field and len(field) < 120:
        return field
    if classifiers:
        return ", ".join(classifiers)
    return field.splitlines()[0] if field else "unknown"


def _licence_text(dist: metadata.Distribution) -> str:
    chunks: list[str] = []
    seen: set[str] = set()
    for file in dist.files or []:
        name = file.name.lower()
        if not any(fnmatch.fnmatch(name, p) for p in TEXT_PATTERNS):
            continue
        # Only the distribution's own notices (metadata folder or package root), not
        # every vendored test fixture that happens to be called LICENSE.
        if len(file.parts) > 3:
            continue
        try:
            content = Path(str(dist.locate_file(file))).read_text(
                encoding="utf-8", errors="replace"
            )
        except OSError:
            continue
        if content in seen:
            continue
        seen.add(content)
        chunks.append(f"==> {file} <==\n{content.strip()}\n")
    if not chunks:
        field = _field(dist.metadata, "License").strip()
        if "\n" in field:
            chunks.append(field)
    base = _normal(dist.metadata["Name"]).split("-")[0]
    fallback = FALLBACK_TEXTS.get(base)
    if not chunks and fallback:
        path = paths.resource_dir() / "licenses" / fallback
        if path.exists():
            chunks.append(path.read_text(encoding="utf-8"))
    if not chunks:
        home = _field(dist.metadata, "Home-page") or _field(dist.metadata, "Project-URL")
        chunks.append(
            f"This distribution ships no licence text. Licence: "
            f"{_licence_words(dist.metadata)}. {home}".strip()
        )
    return "\n".join(chunks)


def component(dist: metadata.Distribution) -> Component:
    return Component(
        name=dist.metadata["Name"],
        version=dist.version,
        licence=_licence_words(dist.metadata),
        text=_licence_text(dist),
    )


def python_runtime() -> Component | None:
    """The Python interpreter itself (the PSF licence), when its LICENSE file is present."""
    path = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if not path.exists():
        return None
    version = ".".join(map(str, sys.version_info[:3]))
    return Component("Python", version, "PSF-2.0", path.read_text(encoding="utf-8"))


def for_files(bundled: Iterable[str]) -> list[Component]:
    """The distributions owning any of these files (paths relative to site-packages, ``/``).

    A file several wheels all write (PySide6/__init__.py is in every PySide6 wheel,
    WebEngine's included) proves nothing: only files one distribution alone owns count.
    """
    wanted = {p.replace("\\", "/") for p in bundled}
    owners: dict[str, list[metadata.Distribution]] = {}
    for dist in metadata.distributions():
        name = _normal(dist.metadata["Name"] or "")
        if not name or name == OWN_DISTRIBUTION:
            continue
        for file in dist.files or []:
            path = str(file).replace("\\", "/")
            if path in wanted:
                owners.setdefault(path, []).append(dist)
    found: dict[str, Component] = {}
    for dists in owners.values():
        if len({_normal(d.metadata["Name"]) for d in dists}) == 1:
            dist = dists[0]
            name = _normal(dist.metadata["Name"])
            if name not in found:
                found[name] = component(dist)
    return sorted(found.values(), key=lambda c: c.name.lower())


def module_files(module_names: Iterable[str]) -> set[str]:
    """The source paths a set of frozen (pure Python) module names came from."""
    files: set[str] = set()
    for name in module_names:
        base = name.replace(".", "/")
        files.update((f"{base}.py", f"{base}/__init__.py"))
    return files


def runtime_closure(root: str = OWN_DISTRIBUTION) -> list[Component]:
    """Every distribution the app's runtime dependencies pull in (source checkouts)."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # not a runtime dependency: fall back to what is imported now
        return for_files(module_files(sys.modules))
    todo: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    done: set[str] = set()
    found: list[Component] = []
    while todo:
        name, extras = todo.pop()
        if _normal(name) in done:
            continue
        done.add(_normal(name))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if _normal(name) != root:
            found.append(component(dist))
        for line in dist.requires or []:
            req = Requirement(line)
            envs = [{"extra": e} for e in extras] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                todo.append((req.name, frozenset(req.extras)))
    return sorted(found, key=lambda c: c.name.lower())


def write_bundle(components: Iterable[Component], dest: Path) -> Path:
    """Write index.json and one text file per component into ``dest``; returns the index."""
    dest.mkdir(parents=True, exist_ok=True)
    index = []
    for comp in components:
        filename = f"{_normal(comp.name)}.txt"
        (dest / filename).write_text(comp.text, encoding="utf-8")
        entry = asdict(comp)
        del entry["text"]
        index.append({**entry, "file": filename})
    path = dest / INDEX
    path.write_text(json.dumps(index, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def bundled_dir() -> Path:
    return paths.resource_dir() / "third-party"


def load() -> list[Component]:
    """The collected components of this installation (gathered live from a checkout)."""
    index = bundled_dir() / INDEX
    if not index.exists():
        return runtime_closure()
    comps = []
    for entry in json.loads(index.read_text(encoding="utf-8")):
        text = (index.parent / entry["file"]).read_text(encoding="utf-8")
        comps.append(Component(entry["name"], entry["version"], entry["licence"], text))
    return comps


def project_licence_text() -> str:
    """The GPL-3.0 text of Spoke Clinic itself (LICENSE beside the resources folder)."""
    path = paths.resource_dir().parent / "LICENSE"
    return path.read_text(encoding="utf-8") if path.exists() else "GPL-3.0-or-later"
