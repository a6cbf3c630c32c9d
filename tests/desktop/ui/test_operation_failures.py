"""An Operation with no failure handler shows the failure to the user, in words chosen by
the error's type (never only a log line)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.accounts import AccountError
from desktop.storage.errors import StorageFullError
from desktop.sync.errors import HubUnreachableError
from desktop.ui import failure_report, i18n
from desktop.ui.tasks import Operation


@pytest.fixture
def shown(qapp) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    texts: list[str] = []
    failure_report.set_reporter(texts.append)
    yield texts
    failure_report.set_reporter(None)
    i18n.install("en")


def _fail(exc: BaseException) -> None:
    raise exc


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (StorageFullError(), "disk"),
        (AccountError("username_taken"), "already taken"),
        (HubUnreachableError("timeout"), "No connection to the hub"),
        (RuntimeError("secret detail"), "could not be completed"),
    ],
)
def test_unhandled_failure_is_shown_by_type(
    shown: list[str],
    qtbot,  # type: ignore[no-untyped-def]
    expected_errors,  # type: ignore[no-untyped-def]
    exc: BaseException,
    words: str,
) -> None:
    Operation(lambda: _fail(exc)).run_in_background()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    assert words in shown[0]
    assert "secret detail" not in shown[0]  # the exception's own text never reaches the user
    assert [r.getMessage() for r in expected_errors] == [
        f"background operation failed: {type(exc).__name__}"
    ]


def test_a_failure_handler_replaces_the_report(shown: list[str], qtbot) -> None:  # type: ignore[no-untyped-def]
    handled: list[BaseException] = []
    future: Future[None] = Future()
    op = Operation.from_future(future).failure(handled.append).run()
    future.set_exception(StorageFullError())
    qtbot.waitUntil(op.finished.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: len(handled) == 1, timeout=10_000)
    assert shown == []


def test_in_hindi(shown: list[str], qtbot, expected_errors) -> None:  # type: ignore[no-untyped-def]
    i18n.install("hi")
    Operation(lambda: _fail(RuntimeError("x"))).run_in_background()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    assert "could not" not in shown[0]


def test_without_a_reporter_a_message_box_opens(qtbot, expected_errors) -> None:  # type: ignore[no-untyped-def]
    failure_report.set_reporter(None)
    Operation(lambda: _fail(StorageFullError())).run_in_background()

    def box() -> QMessageBox | None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.objectName() == "failureReport" and w.isVisible():
                return w
        return None

    qtbot.waitUntil(lambda: box() is not None, timeout=10_000)
    found = box()
    assert found is not None and "disk" in found.text()
    found.accept()
    qtbot.waitUntil(lambda: not failure_report._boxes, timeout=10_000)
    found.deleteLater()
