"""Every sync error has its words in the UI's one table (desktop/ui/sync/messages.py), chosen
by its ``kind``; the error classes carry none (tests/test_error_texts.py)."""

from __future__ import annotations

from collections.abc import Iterator

from pytestqt.qtbot import QtBot

from desktop.sync import (  # noqa: F401 -- their errors are SyncErrors too
    doctor_api,
    doctor_media,
    prescribing_api,
    tokens,
    tus,
)
from desktop.sync.errors import SyncError
from desktop.ui.sync.messages import error_text


def _subclasses(cls: type[SyncError]) -> Iterator[type[SyncError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_sync_error_kind_has_a_text(qtbot: QtBot) -> None:
    kinds = {cls("detail").kind for cls in _subclasses(SyncError)}
    # Errors outside errors.py count too (imported above, so the test does not depend on
    # what other tests happened to import first).
    assert {"KeyringError", "UploadGoneError", "DeviceKeyMissingError"} <= kinds
    assert sorted(k for k in kinds if not error_text(k)) == []
