"""Ids change form in one place: protocol/ids.py (``wire_id`` dashed for the wire, ``local_id``
32 hex digits as the spoke's storage keeps them). No desktop module converts on its own."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

from protocol.ids import local_id, same_id, wire_id

ROOT = Path(__file__).resolve().parent.parent


def _conversions(path: Path) -> list[str]:
    """``uuid.UUID(x).hex``, ``str(uuid.UUID(x))`` and ``x.replace("-", "")`` in one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "replace"
                and [getattr(a, "value", None) for a in node.args] == ["-", ""]
            ):
                found.append(f"{path.name}:{node.lineno} replace('-', '')")
            is_uuid = isinstance(func, ast.Attribute) and func.attr == "UUID"
            if is_uuid and node.args:
                found.append(f"{path.name}:{node.lineno} uuid.UUID(...)")
    return found


def test_only_the_protocol_converts_ids() -> None:
    found = [
        hit
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        # A migration is frozen as written: it never imports code that may change later.
        if "migrations" not in path.parts
        for hit in _conversions(path)
    ]
    assert found == []


def test_the_finder_sees_a_conversion(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("import uuid\nx = uuid.UUID('a' * 32).hex\ny = 'a-b'.replace('-', '')\n")
    assert len(_conversions(planted)) == 2


def test_wire_and_local_forms_round_trip() -> None:
    u = uuid.uuid4()
    assert local_id(str(u)) == local_id(u.hex) == u.hex
    assert wire_id(local_id(str(u))) == str(u)
    assert local_id("not-a-uuid") == "not-a-uuid"
    assert same_id(u.hex, str(u).upper())
