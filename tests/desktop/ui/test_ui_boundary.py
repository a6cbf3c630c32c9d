"""The UI never sees a database session: no module in desktop/ui imports SQLAlchemy or a
storage module (it goes through desktop.services); the import contracts catch a planted
violation of each."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
UI = ROOT / "desktop" / "ui"


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


def test_no_ui_module_imports_storage() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _ui_modules()
        if any(name.startswith("desktop.storage") for name in _imports(p))
    ]
    assert offenders == []


def test_the_check_sees_a_planted_import(tmp_path: Path) -> None:
    """The AST walk catches both import forms (the test above is not vacuous)."""
    planted = tmp_path / "leak.py"
    planted.write_text("from sqlalchemy.orm import Session\nimport desktop.storage.db\n")
    names = _imports(planted)
    assert "sqlalchemy.orm" in names and "desktop.storage.db" in names


@pytest.mark.parametrize(
    ("planted", "contract", "line"),
    [
        (
            "from sqlalchemy.orm import Session\n",
            "The UI never sees a database session (no SQLAlchemy in desktop.ui)",
            "desktop.ui.leak -> sqlalchemy",
        ),
        (
            "from desktop.storage import consult_repo\n",
            "The UI reaches storage only through the services",
            "desktop.ui.leak -> desktop.storage.consult_repo",
        ),
    ],
)
def test_import_contract_catches_a_planted_import(
    tmp_path: Path, planted: str, contract: str, line: str
) -> None:
    """The import-linter contracts are real: a UI module importing SQLAlchemy or a storage
    module breaks them."""
    for name in ("desktop", "hub"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "desktop" / "ui" / "leak.py").write_text(planted)
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint)], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout
    assert line in result.stdout
