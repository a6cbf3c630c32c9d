"""English text exists once: the words the user reads live in the UI's translated tables,
keyed by code; storage, sync, the services and the protocol carry codes only (issue 13)."""

from __future__ import annotations

import ast
from pathlib import Path

from desktop.storage import errors as storage_errors
from desktop.storage import people
from desktop.sync import errors as sync_errors

ROOT = Path(__file__).resolve().parent.parent
# The call that marks a text for translation -> the position of the text among its arguments.
TRANSLATE = {
    "translate": 1,
    "QT_TRANSLATE_NOOP": 1,
    "QT_TRANSLATE_NOOP3": 1,
    "tr": 0,
    "QT_TR_NOOP": 0,
}
# Shorter texts are single words or units ("Consent", "kg", "days") shared with FHIR displays
# and keys; a message the user reads is a sentence.
MIN_WORDS = 4


def _translated(paths: list[Path]) -> dict[str, Path]:
    """Every text the UI marks for translation."""
    found: dict[str, Path] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            at = TRANSLATE.get(name or "")
            if at is not None and len(node.args) > at:
                text = node.args[at]
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    found.setdefault(text.value, path)
    return found


def _literals(paths: list[Path]) -> dict[str, Path]:
    """Every string literal but docstrings (implicitly joined pieces count as one)."""
    found: dict[str, Path] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
            ):
                found.setdefault(node.value, path)
    return found


def test_no_user_message_is_written_twice() -> None:
    """A sentence the UI translates appears nowhere else as a literal: not in storage or sync
    errors, the services, media, core, the protocol or the hub."""
    desktop = ROOT / "desktop"
    ui = _translated(sorted((desktop / "ui").rglob("*.py")))
    assert len(ui) > 300  # the scan found the UI's texts
    others = [p for p in sorted(desktop.rglob("*.py")) if p.relative_to(desktop).parts[0] != "ui"]
    others += sorted((ROOT / "protocol").rglob("*.py")) + sorted((ROOT / "hub").rglob("*.py"))
    elsewhere = _literals(others)
    twice = {
        text: f"{ui[text].relative_to(ROOT)} and {elsewhere[text].relative_to(ROOT)}"
        for text in ui.keys() & elsewhere.keys()
        if len(text.split()) >= MIN_WORDS
    }
    assert twice == {}


def _storage_errors() -> list[type[storage_errors.StorageError]]:
    return [
        c
        for c in vars(storage_errors).values()
        if isinstance(c, type) and issubclass(c, storage_errors.StorageError)
    ]


def _sync_errors() -> list[type[sync_errors.SyncError]]:
    return [
        c
        for c in vars(sync_errors).values()
        if isinstance(c, type) and issubclass(c, sync_errors.SyncError)
    ]


def test_storage_errors_carry_codes_not_words() -> None:
    classes = _storage_errors()
    assert len(classes) > 10
    codes = [cls.__dict__.get("code") for cls in classes]
    assert all(isinstance(code, str) and code.isidentifier() for code in codes), codes
    assert len(set(codes)) == len(codes)
    for cls in classes:
        assert not hasattr(cls, "message") and not hasattr(cls, "recovery"), cls.__name__
        # What logs and the terminal may show is the code (and technical detail), no words.
        assert str(cls()) == cls.code and str(cls("errno 28")) == f"{cls.code}: errno 28"


def test_sync_and_account_errors_carry_codes_not_words() -> None:
    for cls in _sync_errors():
        error = cls("technical detail")
        assert error.kind == cls.__name__ and not hasattr(error, "message"), cls.__name__
    assert not hasattr(people, "ACCOUNT_MESSAGES")
    refused = people.AccountError("password_short")
    assert refused.code == str(refused) == "password_short" and not hasattr(refused, "message")
