"""The UI never sees a database session: no module in desktop/ui imports SQLAlchemy, and the
storage modules it still reaches directly (start-up, keys, recovery) only shrink."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
UI = ROOT / "desktop" / "ui"

# Start-up and key handling (before any service exists) and the storage error texts: the
# only UI modules left that import desktop.storage. Remove names as they move to services;
# never add one.
STORAGE_IMPORTERS_LEFT = {
    "clinic_app.py",
    "demo.py",
    "recovery_dialog.py",
    "setup_wizard.py",
    "start_report.py",
    "storage_gate.py",
    "storage_messages.py",
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _ui_modules() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_no_ui_module_imports_sqlalchemy() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _ui_modules()
        if any(name == "sqlalchemy" or name.startswith("sqlalchemy.") for name in _imports(p))
    ]
    assert offenders == []


def test_ui_reaches_storage_only_where_still_listed() -> None:
    importers = {
        str(p.relative_to(UI))
        for p in _ui_modules()
        if any(name.startswith("desktop.storage") for name in _imports(p))
    }
    assert importers <= STORAGE_IMPORTERS_LEFT, importers - STORAGE_IMPORTERS_LEFT


def test_the_check_sees_a_planted_import(tmp_path: Path) -> None:
    """The AST walk catches both import forms (the test above is not vacuous)."""
    planted = tmp_path / "leak.py"
    planted.write_text("from sqlalchemy.orm import Session\nimport desktop.storage.db\n")
    names = _imports(planted)
    assert "sqlalchemy.orm" in names and "desktop.storage.db" in names


def test_import_contract_catches_sqlalchemy_in_ui(tmp_path: Path) -> None:
    """The import-linter contract is real: a UI module importing SQLAlchemy breaks it."""
    for name in ("desktop", "hub"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "desktop" / "ui" / "leak.py").write_text("from sqlalchemy.orm import Session\n")
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint)], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode != 0
    assert "The UI never sees a database session" in result.stdout
    assert "desktop.ui.leak -> sqlalchemy" in result.stdout
