"""The code quality gates run inside the test command: import contracts, ruff, mypy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*cmd: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_import_contracts_hold() -> None:
    result = _run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout[-4000:]


def test_core_contract_catches_a_qt_import(tmp_path: Path) -> None:
    """The contract is real: a core module importing PySide6 breaks it."""
    for name in ("desktop", "hub", "protocol"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "desktop" / "core" / "leak.py").write_text("import PySide6.QtCore\n")
    result = _run(str(BIN / "lint-imports"), cwd=tmp_path)
    assert result.returncode != 0
    assert "The domain core never imports Qt" in result.stdout


def test_workers_never_import_widgets() -> None:
    """Storage, sync and media run on worker threads: no QtWidgets there."""
    offenders = []
    for folder in ("storage", "sync", "media", "core"):
        for path in (ROOT / "desktop" / folder).rglob("*.py"):
            if "QtWidgets" in path.read_text(encoding="utf-8"):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# Every folder of Python we write: lint and format checks cover the same set.
LINTED = ("desktop", "hub", "protocol", "tests", "bench", "scripts", "installers")


def test_ruff_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", *LINTED)
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff_format_clean() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", *LINTED)
    assert result.returncode == 0, result.stdout[-4000:]


def test_mypy_clean() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout[-4000:]
