"""What goes into the frozen bundle and what is trimmed out of it.

Shared by the PyInstaller spec, ``installers/build_release.py`` and the tests, so the rules live in
one place: the Python modules never frozen, the Qt plugins and translations kept, and the
data files of our own packages (resources, Alembic migrations) listed explicitly.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

# Qt binding modules the app never uses. PyInstaller freezes only what is imported, but a
# library importing one of these "just in case" would drag in its plugins and libraries
# (QtWebEngine alone is ~200 MB), so they are excluded outright. A test fails if desktop/
# starts importing one.
EXCLUDED_QT_MODULES = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCanvasPainter",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLabsStyleKit",
    "QtLocation",
    "QtNetworkAuth",
    "QtNfc",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
)

# Python packages that are development tools, never run by the app.
EXCLUDED_PYTHON = (
    "tkinter",
    "_tkinter",
    "IPython",
    "matplotlib",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "schemathesis",
    "PyInstaller",
    "mypy",
    "ruff",
    "importlinter",
    "PySide6.scripts",
    "pydoc_data",
    # uvicorn extras the embedded hub does without: uvloop (an optional faster event loop,
    # 13 MB, none on Windows; uvicorn falls back to asyncio) and watchfiles (--reload only).
    # Production hubs run `spoke-hub serve` from their own environment, not this bundle.
    "uvloop",
    "watchfiles",
    # httpx's command-line client (httpx._main, which httpx imports if it can: rich, pygments,
    # markdown-it): without them ``import httpx`` falls back at once. 500 of the archive's
    # 3,000 modules, whose index every start reads.
    "rich",
    "pygments",
    "markdown_it",
    "mdurl",
)

EXCLUDES = tuple(f"PySide6.{m}" for m in EXCLUDED_QT_MODULES) + EXCLUDED_PYTHON

# Platform plugins kept: the desktop ones (X11, Wayland, Windows, macOS) and the headless
# ones the self-test and CI use. eglfs, linuxfb, vnc, vkkhrdisplay are kiosk/embedded.
KEPT_PLATFORMS = ("*xcb*", "*offscreen*", "*wayland*", "*windows*", "*cocoa*", "*minimal.*")

# Whole plugin folders the app has no use for (embedded EGL, QML tooling, 3D, sensors...).
DROPPED_PLUGIN_DIRS = (
    "egldeviceintegrations",
    "qmltooling",
    "designer",
    "assetimporters",
    "geometryloaders",
    "geoservices",
    "position",
    "renderers",
    "renderplugins",
    "sceneparsers",
    "sensors",
    "sqldrivers",
    "texttospeech",
    "webview",
    "canbus",
    "scxmldatamodel",
    "wayland-graphics-integration-server",
)

# Single plugins of kept types that pull in large unused stacks: PDF pages (QtPdf), the
# GTK3 theme (all of GTK, Pango, Cairo, ATK from the build host), the on-screen keyboard
# (QtQuick-based, for kiosks). IBus and compose input contexts stay: Hindi typing needs them.
DROPPED_PLUGINS = (
    "imageformats/*qpdf*",
    "platformthemes/*gtk3*",
    "platforminputcontexts/*virtualkeyboard*",
)

# Libraries only ever loaded with dlopen (never a DT_NEEDED of anything), kept by the prune.
ALWAYS_KEPT_LIBRARIES = ("libpython*", "libQt6FFmpegStub*")

# Qt's own translations: only the languages the app offers.
KEPT_QT_LANGUAGES = ("en", "hi")

# Linux: libraries of the desktop session itself (X11/xcb, Wayland, EGL/GL, fontconfig,
# GLib, D-Bus, sound) come from the system, not from the build machine: bundled copies of
# these clash with the running session's (GL drivers, font configuration). The .deb declares
# the Debian packages that provide them (computed from the bundle by installers/debian.py).
SYSTEM_LIBRARIES = (
    "libxcb*",
    "libX11*",
    "libXau.*",
    "libXdmcp.*",
    "libXext.*",
    "libXrandr.*",
    "libXrender.*",
    "libXfixes.*",
    "libXi.*",
    "libxkbcommon*",
    "libwayland-*",
    "libEGL.*",
    "libGL*",
    "libOpenGL.*",
    "libdrm.*",
    "libgbm.*",
    "libfontconfig.*",
    "libfreetype.*",
    "libexpat.*",
    "libglib-2.0.*",
    "libgobject-2.0.*",
    "libgthread-2.0.*",
    "libgio-2.0.*",
    "libgmodule-2.0.*",
    "libdbus-1.*",
    "libsystemd.*",
    "libpulse*",
    "libasound.*",
    "libsndfile.*",
    # The C++ runtime: the system's is always at least as new, and GL drivers loaded from
    # the system need its newer symbol versions (a bundled older copy breaks them).
    "libstdc++.so.*",
    "libgcc_s.so.*",
)

# Data files of our packages that travel with the code (see pyproject's package-data).
PACKAGE_DATA_PATTERNS = ("*.ini", "*.mako", "*.qss", "*.svg", "*.png", "*.qm", "*.json", "*.csv")


def _qt_relative(dest: str) -> PurePosixPath | None:
    """The path below PySide6/Qt (or PySide6/ on Windows) of a bundled file, else None."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6":
        return None
    rest = parts[1:]
    if rest and rest[0] == "Qt":
        rest = rest[1:]
    return PurePosixPath(*rest) if rest else None


def dropped(dest: str, linux: bool = sys.platform.startswith("linux")) -> str | None:
    """Why a file headed for ``dest`` in the bundle is trimmed, or None to keep it."""
    if linux and "/" not in dest and any(fnmatch.fnmatch(dest, p) for p in SYSTEM_LIBRARIES):
        return "system library of the desktop session (a Debian dependency)"
    rel = _qt_relative(dest)
    if rel is None:
        return None
    parts = rel.parts
    if len(parts) >= 2 and parts[0] == "plugins":
        kind, name = parts[1], parts[-1]
        if kind in DROPPED_PLUGIN_DIRS:
            return f"unused plugin type {kind}"
        if kind == "platforms" and not any(fnmatch.fnmatch(name, p) for p in KEPT_PLATFORMS):
            return "embedded-only platform plugin"
        if any(fnmatch.fnmatch(f"{kind}/{name}", p) for p in DROPPED_PLUGINS):
            return "plugin pulling in an unused stack"
    if len(parts) >= 2 and parts[0] == "translations" and parts[-1].endswith(".qm"):
        lang = parts[-1].rsplit("_", 1)[-1].removesuffix(".qm")
        if lang not in KEPT_QT_LANGUAGES:
            return "Qt translation of a language the app does not offer"
    # Qt shared libraries of excluded modules are NOT dropped by name: kept binaries may
    # need them (Qt's FFmpeg media plugin links QtQuick and QtQml); PyInstaller's binary
    # dependency analysis brings in exactly those. QtWebEngine is the exception: nothing we
    # keep links it, and it must never ride along.
    if "webengine" in str(rel).lower():
        return "QtWebEngine"
    return None


def trim(toc: Iterable[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Split a PyInstaller TOC into the entries kept and a list of what was dropped and why."""
    kept: list[tuple[str, str, str]] = []
    report: list[str] = []
    for entry in toc:
        reason = dropped(entry[0])
        if reason is None:
            kept.append(entry)
        else:
            report.append(f"{entry[0]}: {reason}")
    return kept, report


def _is_library(dest: str, typecode: str) -> bool:
    """A plain shared library (not an extension module or plugin) that nothing may need."""
    if typecode != "BINARY" or ("/" in dest and not dest.startswith("PySide6/Qt/lib/")):
        return False
    return ".so" in PurePosixPath(dest).name


def needed_sonames(files: list[str]) -> dict[str, set[str]]:
    """DT_NEEDED entries of ELF files (readelf, which PyInstaller itself needs on Linux)."""
    result: dict[str, set[str]] = {f: set() for f in files}
    for start in range(0, len(files), 200):
        chunk = files[start : start + 200]
        out = subprocess.run(
            ["readelf", "-d", "-W", *chunk], capture_output=True, text=True, check=False
        ).stdout
        current = chunk[0] if len(chunk) == 1 else ""
        for line in out.splitlines():
            if line.startswith("File: "):
                current = line[6:].strip()
            match = re.search(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", line)
            if match and current in result:
                result[current].add(match.group(1))
    return result


def prune_unneeded(
    binaries: list[tuple[str, str, str]],
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Drop shared libraries that no kept extension, plugin or library needs any more.

    After plugins are trimmed, the libraries only they pulled in (GTK for the gtk3 theme,
    QtPdf for the PDF image format...) are still listed; this walks DT_NEEDED from every
    extension module, plugin and wheel-vendored library and keeps only what it reaches.
    """
    by_name: dict[str, str] = {}
    for dest, src, typecode in binaries:
        if typecode == "SYMLINK":
            by_name.setdefault(PurePosixPath(dest).name, src)
        else:
            by_name.setdefault(PurePosixPath(dest).name, dest)
    real = {dest: src for dest, src, typecode in binaries if typecode != "SYMLINK"}
    needs = needed_sonames(sorted(set(real.values())))
    kept: set[str] = set()
    todo = [
        dest
        for dest, _, typecode in binaries
        if (typecode != "SYMLINK" and not _is_library(dest, typecode))
        or any(fnmatch.fnmatch(PurePosixPath(dest).name, p) for p in ALWAYS_KEPT_LIBRARIES)
    ]
    while todo:
        dest = todo.pop()
        if dest in kept or dest not in real:
            continue
        kept.add(dest)
        for soname in needs.get(real[dest], ()):
            target = by_name.get(soname)
            if target is not None and target not in kept:
                todo.append(target)
    result, report = [], []
    for entry in binaries:
        dest, src, typecode = entry
        target = src if typecode == "SYMLINK" else dest
        if typecode == "SYMLINK" and target not in real:
            result.append(entry)  # a link into something we did not list: leave it be
        elif target in kept:
            result.append(entry)
        else:
            report.append(f"{dest}: no longer needed by anything kept")
    return result, report


def package_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source, dest dir) for resources/ and every package data file, migrations included.

    Globbed, not listed by name: new migrations, icons and translations are picked up
    without touching the spec.
    """
    datas: list[tuple[str, str]] = []
    resources = root / "resources"
    for path in sorted(resources.rglob("*")):
        if (
            path.is_file()
            and path.suffix not in (".ts", ".pyc")
            and "__pycache__" not in path.parts
        ):
            datas.append((str(path), str(path.parent.relative_to(root))))
    for package in ("desktop", "hub"):
        for path in sorted((root / package).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            in_migrations = "migrations" in path.relative_to(root).parts
            # Alembic reads migration scripts from disk, so their .py sources ship as files.
            wanted = (in_migrations and path.suffix == ".py") or any(
                fnmatch.fnmatch(path.name, p) for p in PACKAGE_DATA_PATTERNS
            )
            if wanted:
                datas.append((str(path), str(path.parent.relative_to(root))))
    return datas


def migration_dirs(root: Path = ROOT) -> list[Path]:
    """Every Alembic migrations folder of our packages (those holding an env.py)."""
    return sorted(p.parent for pkg in ("desktop", "hub") for p in (root / pkg).rglob("env.py"))
