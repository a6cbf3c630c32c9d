"""The protocol package depends on neither end: a planted import of desktop, hub, Qt or
SQLAlchemy breaks its import-linter contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = "The protocol is shared by both ends and depends on neither"


@pytest.mark.parametrize(
    "planted", ["desktop.core.consult", "hub.models", "PySide6.QtCore", "sqlalchemy"]
)
def test_protocol_contract_catches_a_planted_import(tmp_path: Path, planted: str) -> None:
    for name in ("desktop", "hub", "protocol"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint = str(Path(sys.executable).parent / "lint-imports")
    clean = subprocess.run([lint], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stdout[-2000:]
    (tmp_path / "protocol" / "leak.py").write_text(f"import {planted}\n")
    result = subprocess.run([lint], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert f"{CONTRACT} BROKEN" in result.stdout
