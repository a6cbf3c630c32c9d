"""The spec's rules, checked without freezing: what is trimmed, what is listed, the cache key."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import bundle_rules as rules
from build_release import source_key
from installer_helpers import ROOT


def test_webengine_and_embedded_platforms_are_trimmed() -> None:
    assert rules.dropped("PySide6/Qt/lib/libQt6WebEngineCore.so.6", linux=True)
    assert rules.dropped("PySide6/Qt/libexec/QtWebEngineProcess", linux=True)
    assert rules.dropped("PySide6/Qt/plugins/platforms/libqeglfs.so", linux=True)
    assert rules.dropped("PySide6/Qt/plugins/platformthemes/libqgtk3.so", linux=True)
    assert rules.dropped("PySide6/Qt/translations/qtbase_de.qm", linux=True)
    assert rules.dropped("PySide6/plugins/platforms/qdirect2d.dll", linux=False)
    assert "PySide6.QtWebEngineWidgets" in rules.EXCLUDES


def test_what_the_app_needs_is_kept() -> None:
    for dest in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/translations/qtbase_en.qm",
        # QtQuick's library stays: Qt's FFmpeg media plugin links it.
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "av.libs/libxcb-5ddf6756.so.1.1.0",
    ):
        assert rules.dropped(dest, linux=True) is None, dest


def test_desktop_session_libraries_come_from_the_system_on_linux_only() -> None:
    assert rules.dropped("libxcb-cursor.so.0", linux=True)
    assert rules.dropped("libfontconfig.so.1", linux=True)
    assert rules.dropped("libxcb-cursor.so.0", linux=False) is None
    assert rules.dropped("libsqlite3.so.0", linux=True) is None


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_app_never_imports_an_excluded_qt_module() -> None:
    """Otherwise the frozen app would fail where the source checkout works."""
    offenders = []
    for path in (ROOT / "desktop").rglob("*.py"):
        hits = _imported_modules(path) & set(rules.EXCLUDES)
        offenders += [f"{path.relative_to(ROOT)}: {hit}" for hit in sorted(hits)]
    assert offenders == []


def test_every_migration_and_resource_is_listed() -> None:
    listed = {(Path(src).relative_to(ROOT)) for src, _ in rules.package_datas()}
    for folder in rules.migration_dirs():
        for script in folder.rglob("*.py"):
            if "__pycache__" not in script.parts:
                assert script.relative_to(ROOT) in listed, script
    assert Path("resources/style.qss") in listed
    assert Path("resources/icons/spoke-clinic.svg") in listed
    assert {m.relative_to(ROOT).as_posix() for m in rules.migration_dirs()} >= {
        "desktop/storage/migrations",
        "hub/migrations",
    }


def test_new_migration_is_picked_up_without_touching_the_spec(tmp_path: Path) -> None:
    for name in ("desktop", "hub", "resources"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    new = tmp_path / "hub" / "migrations" / "versions" / "9999_future.py"
    new.write_text("revision = '9999'\n")
    listed = {Path(src) for src, _ in rules.package_datas(tmp_path)}
    assert new in listed


def test_source_key_changes_with_the_sources(tmp_path: Path) -> None:
    for name in ("desktop", "resources", "installers"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "hub").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    first = source_key(tmp_path)
    assert source_key(tmp_path) == first
    (tmp_path / "desktop" / "paths.py").write_text("# changed\n", encoding="utf-8")
    assert source_key(tmp_path) != first
