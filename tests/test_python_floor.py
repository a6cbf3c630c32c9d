"""The oldest supported Python is one number everywhere and the tests run on it: pyproject's
requires-python, ruff's target, mypy's version and scripts/bootstrap.sh's check agree; a venv
made by the bootstrap on Debian 12 runs /usr/bin/python3 (3.11.2); and no code calls stdlib
API that arrived in a 3.11 patch release (mypy cannot see those: typeshed lists them for
every 3.11), like ``TarFile.extractall(filter=...)`` from 3.11.4."""

from __future__ import annotations

import ast
import os
import platform
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"
SCANNED = ("desktop", "hub", "tests", "bench", "scripts", "installers")


def _floor() -> tuple[int, int]:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(\d+)\.(\d+)", spec.strip())
    assert match, f"requires-python should be a plain floor, not {spec!r}"
    return int(match[1]), int(match[2])


def _bash(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f'source "{BOOTSTRAP}" && {script}'],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_tool_names_the_same_floor() -> None:
    major, minor = _floor()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    assert config["ruff"]["target-version"] == f"py{major}{minor}"
    assert config["mypy"]["python_version"] == f"{major}.{minor}"
    assert _bash('echo "$PYTHON_FLOOR"').stdout.strip() == f"{major}.{minor}"


def _fake_python(path: Path, version: str) -> Path:
    """Answers the bootstrap's version check as a Python ``version`` would."""
    major, minor, _ = (int(n) for n in version.split("."))
    floor = _floor()
    ok = 0 if (major, minor) >= floor else 1
    path.write_text(
        "#!/bin/bash\n"
        'case "$*" in\n'
        f"  *version_info*) exit {ok} ;;\n"
        f"  *python_version*) echo {version} ;;\n"
        "  *) exit 3 ;;\n"
        "esac\n"
    )
    path.chmod(0o755)
    return path


def test_the_bootstrap_accepts_the_floor_and_refuses_below_it(tmp_path: Path) -> None:
    major, minor = _floor()
    at_floor = _fake_python(tmp_path / "at-floor", f"{major}.{minor}.0")
    below = _fake_python(tmp_path / "below", f"{major}.{minor - 1}.12")
    assert _bash(f'check_python "{at_floor}"').returncode == 0
    refused = _bash(f'check_python "{below}"')
    assert refused.returncode != 0
    assert f"needs Python {major}.{minor} or newer" in refused.stderr


def test_the_bootstrap_prefers_the_system_python_and_python_overrides(tmp_path: Path) -> None:
    system = _fake_python(tmp_path / "system-python3", "3.11.2")
    old = _fake_python(tmp_path / "old-python3", "3.9.2")
    pick = 'SYSTEM_PYTHON="$FAKE_SYSTEM" venv_python'
    env = {k: v for k, v in os.environ.items() if k != "PYTHON"}
    cases = [
        ({"FAKE_SYSTEM": str(system)}, str(system)),  # Debian 12: its own 3.11.2
        ({"FAKE_SYSTEM": str(system), "PYTHON": "python3.13"}, "python3.13"),  # PYTHON wins
        ({"FAKE_SYSTEM": str(old)}, "python3"),  # too old: the PATH's python3 (then checked)
        ({"FAKE_SYSTEM": str(tmp_path / "none")}, "python3"),  # no /usr/bin/python3
    ]
    for extra, expected in cases:
        result = subprocess.run(
            ["bash", "-c", f'source "{BOOTSTRAP}" && {pick}'],
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.stdout.strip() == expected, (extra, result.stderr)


def test_the_test_venv_runs_on_the_system_python_when_that_is_the_floor() -> None:
    """On Debian 12 the suite must run on 3.11.2, where the tarfile filter was missing."""
    system = Path("/usr/bin/python3")
    if os.environ.get("PYTHON") or not system.exists():
        pytest.skip("PYTHON chose the interpreter, or there is no /usr/bin/python3")
    version = subprocess.run(
        [str(system), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if tuple(int(n) for n in version.split(".")[:2]) != _floor():
        pytest.skip(f"/usr/bin/python3 is {version}, not the floor")
    if sys.prefix == sys.base_prefix:
        pytest.skip("not in a venv made by scripts/bootstrap.sh")
    assert platform.python_version() == version, (
        f"the test venv runs Python {platform.python_version()}, not the system's {version}: "
        "remove .venv and run scripts/test.sh again"
    )


# Stdlib API added in a 3.11 patch release (security backports), invisible to mypy.
PATCH_RELEASE_KEYWORDS = {
    # TarFile.extractall/extract and shutil.unpack_archive: 3.11.4 (PEP 706).
    ("extractall", "filter"): "3.11.4",
    ("extract", "filter"): "3.11.4",
    ("unpack_archive", "filter"): "3.11.4",
    # email.utils strict parsing: 3.11.10.
    ("getaddresses", "strict"): "3.11.10",
    ("parseaddr", "strict"): "3.11.10",
}
PATCH_RELEASE_ATTRIBUTES = {
    ("tarfile", name): "3.11.4"
    for name in (
        "data_filter",
        "tar_filter",
        "fully_trusted_filter",
        "FilterError",
        "AbsolutePathError",
        "OutsideDestinationError",
        "SpecialFileError",
        "AbsoluteLinkError",
        "LinkOutsideDestinationError",
    )
}


def newer_stdlib_uses(source: str, filename: str = "<source>") -> list[str]:
    """``line: what (since)`` for each use of the API above (names guarded by a
    ``hasattr(module, name)`` test are the way to use it when present, and are allowed)."""
    tree = ast.parse(source, filename)
    guarded = {
        (node.args[0].id, node.args[1].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "hasattr"
        and len(node.args) == 2
        and isinstance(node.args[0], ast.Name)
        and isinstance(node.args[1], ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            for keyword in node.keywords:
                since = PATCH_RELEASE_KEYWORDS.get((name, keyword.arg or ""))
                if since:
                    found.append(f"{node.lineno}: {name}({keyword.arg}=...) (Python {since})")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            key = (node.value.id, node.attr)
            since = PATCH_RELEASE_ATTRIBUTES.get(key)
            if since and key not in guarded:
                found.append(f"{node.lineno}: {node.value.id}.{node.attr} (Python {since})")
    return found


def test_the_check_catches_the_tarfile_filter() -> None:
    """The call that failed on Debian 12's 3.11.2, and the guarded way that works."""
    bad = "with tarfile.open(t) as tar:\n    tar.extractall(dest, filter='tar')\n"
    assert newer_stdlib_uses(bad) == ["2: extractall(filter=...) (Python 3.11.4)"]
    assert newer_stdlib_uses("tarfile.extract_all = tarfile.data_filter\n") != []
    guarded = "f = tarfile.tar_filter if hasattr(tarfile, 'tar_filter') else None\n"
    assert newer_stdlib_uses(guarded) == []


def test_no_code_needs_a_newer_python_than_the_floor() -> None:
    offenders = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "build" in path.relative_to(ROOT).parts[1:2]:
                continue  # installers/build: PyInstaller's work folder
            text = path.read_text(encoding="utf-8")
            for use in newer_stdlib_uses(text, str(path)):
                offenders.append(f"{path.relative_to(ROOT)}:{use}")
    assert offenders == []
