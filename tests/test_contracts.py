"""The architecture contracts in pyproject.toml are real: each one breaks on a planted
violation in a copy of the code, and the import graph among our modules has no cycles."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]

LAYERS = "Desktop layers: ui > services > sync | media | call > storage > core"
CORE_IO = "The domain core does no I/O"
NO_SQL = "Sync and media reach the database only through storage"
QT_UI = "Qt only in the UI"
HUB = "The hub server is independent of the desktop app"


def _contract(name: str) -> dict[str, object]:
    [found] = [c for c in CONFIG["contracts"] if c["name"] == name]
    return found


def _lint(tmp_path: Path, module: str, source: str) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on a copy of the code with ``module`` (a dotted name) planted."""
    for name in CONFIG["root_packages"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / Path(*module.split("."))).with_suffix(".py").write_text(source, encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result


def _lint_with(tmp_path: Path, module: str, source: str) -> str:
    """The report of a run that must fail."""
    result = _lint(tmp_path, module, source)
    assert result.returncode != 0, result.stdout[-3000:]
    return result.stdout


PLANTED = [
    # A lower layer importing a higher one.
    (LAYERS, "desktop.storage.leak", "import desktop.sync.outbox\n"),
    (LAYERS, "desktop.services.leak", "import desktop.ui.tasks\n"),
    (LAYERS, "desktop.sync.leak", "import desktop.services\n"),
    (LAYERS, "desktop.media.leak", "from desktop.services import consults\n"),
    # Sync and media are independent siblings.
    (LAYERS, "desktop.sync.leak", "import desktop.media.journal\n"),
    # The call's network side is their sibling too, and below the services.
    (LAYERS, "desktop.call.leak", "import desktop.sync.client\n"),
    (LAYERS, "desktop.call.leak", "from desktop.services import consults\n"),
    # Core: no pictures, no files.
    (CORE_IO, "desktop.core.leak", "import cv2\n"),
    (CORE_IO, "desktop.core.leak", "from pathlib import Path\n"),
    (NO_SQL, "desktop.media.leak", "from sqlalchemy import select\n"),
    (NO_SQL, "desktop.sync.leak", "import sqlalchemy.orm\n"),
    # The outbox queue's SQL lives in desktop.storage.outbox_queue: no exception remains.
    (NO_SQL, "desktop.sync.outbox", "from sqlalchemy import select\n"),
    (QT_UI, "desktop.storage.leak", "from PySide6.QtCore import QObject\n"),
    (QT_UI, "desktop.services.leak", "import shiboken6\n"),
    (QT_UI, "desktop.sync.leak", "from PySide6.QtCore import Signal\n"),
    (QT_UI, "desktop.call.leak", "from PySide6.QtCore import Signal\n"),
    # The hub server stands alone: no desktop code, no Qt.
    (HUB, "hub.leak", "from desktop import paths\n"),
    (HUB, "hub.leak", "import PySide6.QtCore\n"),
]


@pytest.mark.parametrize(("contract", "module", "source"), PLANTED)
def test_contract_catches_a_planted_violation(
    tmp_path: Path, contract: str, module: str, source: str
) -> None:
    out = _lint_with(tmp_path, module, source)
    assert f"{contract} BROKEN" in out, out[-3000:]
    assert module in out


def test_no_sqlalchemy_contracts_hold_without_exceptions() -> None:
    """Sync, media and the UI import no SQLAlchemy, and no module is excused (the outbox
    queue's queries moved into desktop.storage.outbox_queue)."""
    for name in (NO_SQL, "The UI never sees a database session (no SQLAlchemy in desktop.ui)"):
        contract = _contract(name)
        assert "sqlalchemy" in contract["forbidden_modules"]  # type: ignore[operator]
        assert not contract.get("ignore_imports"), name


def test_sync_may_not_reach_up_into_the_services(tmp_path: Path) -> None:
    """The change bus lives beside the layers (desktop/changes.py), so the puller announces
    without an upward import, and none is allowed."""
    (tmp_path / "ok").mkdir()
    (tmp_path / "broken").mkdir()
    ok = _lint(tmp_path / "ok", "desktop.sync.announce", "from desktop import changes\n")
    assert ok.returncode == 0, ok.stdout[-3000:]
    broken = _lint(
        tmp_path / "broken", "desktop.sync.reach", "from desktop.services import consults\n"
    )
    assert broken.returncode != 0 and "desktop.sync.reach" in broken.stdout


@pytest.mark.skipif(
    not (ROOT / "protocol").is_dir(), reason="the protocol package (issue 13 item 5) not merged yet"
)
@pytest.mark.parametrize("source", ["import desktop.core\n", "import hub\n", "import PySide6\n"])
def test_protocol_stays_at_the_bottom(tmp_path: Path, source: str) -> None:
    """Both ends import protocol; it imports neither (nor Qt). Needs "protocol" among the
    root packages and a contract forbidding it desktop, hub and PySide6."""
    assert "protocol" in CONFIG["root_packages"]
    out = _lint_with(tmp_path, "protocol.leak", source)
    assert "BROKEN" in out and "protocol.leak" in out


def test_qt_contract_covers_every_desktop_module_but_the_ui_and_the_self_test() -> None:
    """A new module directly in desktop/ is not silently free to import Qt."""
    desktop = ROOT / "desktop"
    children = {p.stem for p in desktop.glob("*.py") if p.stem != "__init__"}
    children |= {p.name for p in desktop.iterdir() if (p / "__init__.py").exists()}
    expected = {f"desktop.{name}" for name in children - {"ui", "selftest"}}
    assert set(_contract(QT_UI)["source_modules"]) == expected  # type: ignore[arg-type]


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    edges = {
        m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules) for m in graph.modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_import_cycles() -> None:
    """No module imports itself back through others (lazy and type-checking imports count)."""
    graph = grimp.build_graph(*CONFIG["root_packages"], cache_dir=None)
    assert _cycles(graph) == []


def test_cycle_finder_sees_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(module)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert _cycles(graph) == [["a.x", "a.y"]]
