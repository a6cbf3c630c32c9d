"""The way into the clinic's data at start: set-up wizard on a new profile, otherwise open the
storage off the main thread and, if it refuses, explain and offer the recovery code; then
sign in. One call each for the app shell.

    storage = obtain_storage(locs)            # None: the user closed a refusal (app quits)
    session = UserSession(storage)
    if not sign_in(session): ...              # cancelled
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QDialog, QWidget

from desktop.paths import Locations
from desktop.services.accounts import AccountService
from desktop.services.errors import StorageError
from desktop.services.startup import (
    KeyStore,
    ProfileState,
    Storage,
    UserSession,
    check_unfinished_setup,
    open_storage,
    profile_state,
)
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.recovery_dialog import StorageProblemDialog
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.start_report import storage_refusal
from desktop.ui.tasks import Operation

T = TypeVar("T")


def _in_background(work: Callable[[], T]) -> T:
    """Opening can migrate and back up (seconds): never on the main thread's stack, but the
    caller waits for it in a local event loop, so windows stay responsive."""
    loop = QEventLoop()
    outcome: list[object] = []

    def done(value: object) -> None:
        outcome.append(value)
        loop.quit()

    Operation(work).success(done).failure(done).run()
    if not outcome:
        loop.exec()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return cast(T, result)


def _set_up_with_wizard(
    locs: Locations, keystore: KeyStore, parent: QWidget | None
) -> Storage | None:
    wizard = SetupWizard(locs, keystore, parent)
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    if wizard.storage is not None and not accepted:
        wizard.storage.close()
    return wizard.storage if accepted else None


def obtain_storage(
    locs: Locations,
    keystore: KeyStore | None = None,
    parent: QWidget | None = None,
    *,
    headless: bool = False,
) -> Storage | None:
    """The opened storage, or None if the user gave up (no data is ever created over old).

    A refusal is printed to the terminal too; ``headless`` (no desktop session: nobody could
    answer a dialog) stops there instead of showing the refusal dialog."""
    keystore = keystore or KeyStore()
    store = keystore
    refusal: StorageError | None = None
    state = profile_state(locs)
    if state is ProfileState.INTERRUPTED:
        # Set-up runs again only over set-up's own leftovers, never over a database with data.
        try:
            _in_background(lambda: check_unfinished_setup(locs, store))
        except StorageError as exc:
            refusal = exc
    if refusal is None and state in (ProfileState.NEW, ProfileState.INTERRUPTED):
        return _set_up_with_wizard(locs, keystore, parent)
    while True:
        if refusal is None:
            try:
                return _in_background(lambda: open_storage(locs, store))
            except StorageError as exc:
                refusal = exc
        storage_refusal(refusal, headless=headless)
        if headless:
            return None
        dialog = StorageProblemDialog(refusal, locs, keystore, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None  # keys restored -> loop and open again; otherwise give up
        refusal = None


def sign_in(session: UserSession, parent: QWidget | None = None) -> bool:
    """Show the login screen until somebody signs in (True) or it is cancelled (False)."""
    return LoginDialog(AccountService(session), parent).exec() == QDialog.DialogCode.Accepted
