"""What the user is told when background work fails and its caller gave no failure handler:
a translated message chosen by the error's type (storage, account, sync), shown by the
installed reporter (the main window's status bar) or, with none, in a non-modal message box.
Never the exception's own text (it may carry technical details)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("spoke.ui")

Reporter = Callable[[str], None]
_reporter: Reporter | None = None
_boxes: list[QMessageBox] = []  # open message boxes (kept alive until closed)


def set_reporter(reporter: Reporter | None) -> None:
    """Where failure messages go (e.g. ``window.statusBar().showMessage``); None: a box."""
    global _reporter
    _reporter = reporter


def failure_text(exc: BaseException) -> str:
    """The translated message for ``exc``, chosen by its type, never from its text."""
    # Imported here: desktop.ui.sync imports desktop.ui.tasks, which imports this module.
    from desktop.services.accounts import AccountError
    from desktop.services.errors import StorageError
    from desktop.sync.errors import SyncError
    from desktop.ui.storage_messages import account_error_text, storage_error_text
    from desktop.ui.sync.messages import error_text

    if isinstance(exc, StorageError):
        return storage_error_text(exc)
    if isinstance(exc, AccountError):
        return account_error_text(exc)
    if isinstance(exc, SyncError):
        for cls in type(exc).__mro__:  # the nearest class with a message of its own
            text = error_text(cls.__name__)
            if text:
                return text
    return QCoreApplication.translate(
        "FailureReport", "The action could not be completed. Your work is kept; try again."
    )


def report(exc: BaseException) -> str:
    """Tell the user about ``exc``; returns the text shown."""
    log.error("background operation failed: %s", type(exc).__name__)
    text = failure_text(exc)
    if _reporter is not None:
        _reporter(text)
        return text
    parent = QApplication.activeWindow()
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("FailureReport", "Spoke Clinic"),
        text,
        QMessageBox.StandardButton.Ok,
        parent if isinstance(parent, QWidget) else None,
    )
    box.setObjectName("failureReport")
    _boxes.append(box)
    box.finished.connect(lambda _r: _boxes.remove(box) if box in _boxes else None)
    box.open()  # non-modal for the event loop: nothing waits on it
    return text
