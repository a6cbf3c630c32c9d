"""Third-party licences, at build time: gathered from the installed distributions' metadata
into the bundle's ``resources/third-party`` (index.json + one text per component), which the
About dialog reads (desktop/third_party.py). Native libraries vendored inside wheels (PyAV's
FFmpeg, x264, ...) get the notices of notices/native_libraries.json; system libraries
PyInstaller copies from a Debian build host get their package's copyright file.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from desktop import paths
from desktop.third_party import INDEX, Component

OWN_DISTRIBUTION = "spoke-clinic"
NOTICES = Path(__file__).resolve().parent / "notices" / "native_libraries.json"
TEXT_PATTERNS = ("licen[cs]e*", "copying*", "notice*", "copyright*")
# Distributions whose wheels carry no licence text: the text they are offered under,
# shipped in resources/licenses/.
FALLBACK_TEXTS = {"pyside6": "LGPL-3.0.txt", "shiboken6": "LGPL-3.0.txt"}


@dataclass(frozen=True)
class Native:
    """A native library project that wheels vendor (or link statically) into the bundle:
    ``notice`` is our summary of its copyright notices, ``texts`` files in resources/licenses."""

    name: str
    licence: str
    notice: str
    texts: tuple[str, ...]
    pattern: str  # regex on the file name (lower case)


def _lib(*names: str) -> str:
    """File names ``lib<name>[-<auditwheel hash>].so.N`` (or ``<name>-N.dll``)."""
    return r"^(?:lib)?(?:" + "|".join(re.escape(n) for n in names) + r")(?:-[0-9a-f]{8})*[-_.]"


def _read_notices() -> tuple[tuple[Native, ...], dict[str, tuple[str, ...]]]:
    data = json.loads(NOTICES.read_text(encoding="utf-8"))
    natives = tuple(
        Native(
            e["name"],
            e["licence"],
            e["notice"],
            tuple(e["texts"]),
            e["pattern"] if "pattern" in e else _lib(*e["libraries"]),
        )
        for e in data["native"]
    )
    return natives, {k: tuple(v) for k, v in data["embedded"].items()}


NATIVE, EMBEDDED = _read_notices()

SHARED_LIBRARY = re.compile(r"\.(so(\.[\w.]+)?|dll|pyd|dylib)$")


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
    return field.splitlines()[0] if field else ""


# Recognisable opening words of common licence texts, for metadata that names none.
TEXT_SIGNATURES = (
    ("MIT", "The MIT License"),
    ("MIT", "Permission is hereby granted, free of charge"),
    ("Apache-2.0", "Apache License"),
    ("Zlib", "provided 'as-is', without any express or implied warranty"),
    ("BSD-3-Clause", "Neither the name of"),
    ("BSD-2-Clause", "Redistribution and use in source and binary forms"),
    ("LGPL", "GNU LESSER GENERAL PUBLIC LICENSE"),
    ("GPL", "GNU GENERAL PUBLIC LICENSE"),
)


def licence_from_text(text: str) -> str:
    """A licence name read from the text itself (first match), or "unknown"."""
    for spdx, words in TEXT_SIGNATURES:
        if words.lower() in text.lower():
            return spdx
    return "unknown"


def native_for(filename: str) -> Native | None:
    """The native library project a shared library file belongs to, if it is a known one."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return next((n for n in NATIVE if re.search(n.pattern, name)), None)


def _resource_text(filename: str) -> str:
    return (paths.resource_dir() / "licenses" / filename).read_text(encoding="utf-8")


def native_notices(natives: dict[Native, list[str]]) -> str:
    """Notices of these native libraries (with the files each covers), then each full
    licence text once."""
    if not natives:
        return ""
    parts = ["==> Native libraries inside this component <=="]
    texts: list[str] = []
    for native, files in natives.items():
        parts.append(f"{native.name} -- {native.licence}\n{native.notice}")
        if files:
            parts.append("  Files: " + ", ".join(sorted(files)))
        texts += [t for t in native.texts if t not in texts]
    for filename in texts:
        parts.append(f"==> {filename.removesuffix('.txt')} <==\n{_resource_text(filename)}")
    return "\n\n".join(parts) + "\n"


def _natives_of(dist: metadata.Distribution) -> dict[Native, list[str]]:
    found: dict[Native, list[str]] = {}
    for name in EMBEDDED.get(_normal(dist.metadata["Name"] or ""), ()):
        found.setdefault(next(n for n in NATIVE if n.name == name), [])
    for file in dist.files or []:
        native = native_for(file.name) if SHARED_LIBRARY.search(file.name) else None
        if native is not None:
            found.setdefault(native, []).append(str(file).replace("\\", "/"))
    return found


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
            f"{_licence_words(dist.metadata) or 'unknown'}. {home}".strip()
        )
    return "\n".join(chunks)


def component(dist: metadata.Distribution, libraries: Iterable[str] = ()) -> Component:
    """A distribution, with the notices of the native libraries vendored inside it."""
    text = _licence_text(dist)
    words = _licence_words(dist.metadata) or licence_from_text(text)
    natives = _natives_of(dist)
    if natives:
        words += "; bundles " + ", ".join(sorted({n.licence.split(";")[0] for n in natives}))
        text += "\n" + native_notices(natives)
    return Component(
        name=dist.metadata["Name"],
        version=dist.version,
        licence=words,
        text=text,
        libraries=tuple(sorted(libraries)),
    )


def python_runtime(libraries: Iterable[str] = ()) -> Component | None:
    """The Python interpreter itself (the PSF licence), when its LICENSE file is present;
    ``libraries``: its files in the bundle (libpython, lib-dynload modules)."""
    path = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if not path.exists():
        return None
    version = ".".join(map(str, sys.version_info[:3]))
    text = path.read_text(encoding="utf-8")
    return Component("Python", version, "PSF-2.0", text, tuple(sorted(libraries)))


def _in_python_installation(source: str) -> bool:
    real = Path(source).resolve()
    for prefix in {sys.base_prefix, sys.base_exec_prefix}:
        if real.is_relative_to(Path(prefix).resolve()) and Path(prefix) != Path("/usr"):
            return True
    # Debian's own Python: libpython and lib-dynload belong to the interpreter all the same.
    return real.name.startswith("libpython") or real.parent.name == "lib-dynload"


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
    chosen: dict[str, metadata.Distribution] = {}
    libraries: dict[str, list[str]] = {}
    for path, dists in owners.items():
        names = {_normal(d.metadata["Name"]) for d in dists}
        if len(names) == 1:
            chosen.setdefault(names.pop(), dists[0])
        if SHARED_LIBRARY.search(path):  # a native file: each owner's entry lists it
            for dist in dists:
                libraries.setdefault(_normal(dist.metadata["Name"]), []).append(path)
    found = [component(dist, libraries.get(name, ())) for name, dist in chosen.items()]
    return sorted(found, key=lambda c: c.name.lower())


def system_components(binaries: Iterable[tuple[str, str]]) -> list[Component]:
    """Components for shared libraries copied from the build host, ``(dest, source)`` pairs:
    Python's own (libpython, lib-dynload) under the Python licence, the rest, on a Debian
    host, under each Debian package's /usr/share/doc/<package>/copyright."""
    by_package: dict[str, list[str]] = {}
    interpreter: list[str] = []
    dpkg = shutil.which("dpkg-query")
    for dest, source in binaries:
        if _in_python_installation(source):
            interpreter.append(dest.replace("\\", "/"))
            continue
        package = _debian_package(dpkg, source) if dpkg else ""
        by_package.setdefault(package, []).append(dest.replace("\\", "/"))
    runtime = python_runtime(interpreter)
    found: list[Component] = [runtime] if runtime is not None else []
    for package, dests in sorted(by_package.items()):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if package and copyright_file.exists():
            version = subprocess.run(
                [str(dpkg), "-W", "-f=${Version}", package],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            text = copyright_file.read_text(encoding="utf-8", errors="replace")
            found.append(
                Component(
                    f"{package} (Debian)",
                    version,
                    _debian_licences(text),
                    text,
                    tuple(sorted(dests)),
                )
            )
            continue
        for dest in dests:  # not from a package: the NATIVE notices, if the name is known
            native = native_for(dest)
            text = native_notices({native: [dest]}) if native else ""
            name = native.name if native else Path(dest).name
            found.append(
                Component(name, "", native.licence if native else "unknown", text, (dest,))
            )
    return found


def _debian_package(dpkg: str, source: str) -> str:
    """The Debian package that installed this file ("" if none)."""
    candidates = [source, str(Path(source).resolve())]
    for path in list(candidates):  # merged /usr: dpkg knows only one of /lib and /usr/lib
        if path.startswith("/usr/lib/"):
            candidates.append(path.removeprefix("/usr"))
        elif path.startswith("/lib/"):
            candidates.append("/usr" + path)
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run([dpkg, "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0 and ":" in result.stdout:
            return result.stdout.split(":", 1)[0].strip()
    return ""


def _debian_licences(text: str) -> str:
    names = re.findall(r"^License: *(\S+)", text, flags=re.MULTILINE)
    return ", ".join(dict.fromkeys(names)) or licence_from_text(text)


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
    used: set[str] = set()
    for comp in components:
        stem = re.sub(r"[^a-z0-9]+", "-", comp.name.lower()).strip("-") or "component"
        filename, n = f"{stem}.txt", 1
        while filename in used:
            n += 1
            filename = f"{stem}-{n}.txt"
        used.add(filename)
        (dest / filename).write_text(comp.text, encoding="utf-8")
        entry = asdict(comp)
        del entry["text"]
        entry["libraries"] = list(comp.libraries)
        index.append({**entry, "file": filename})
    path = dest / INDEX
    path.write_text(json.dumps(index, indent=1, ensure_ascii=False), encoding="utf-8")
    return path
