"""The way into the clinic's data at start: set-up wizard on a new profile, otherwise open the
storage off the main thread and, if it refuses, explain and offer the recovery code; then
sign in. One call each for the app shell.

    storage = obtain_storage(locs)            # None: the user closed a refusal (app quits)
    session = UserSession(storage)
    if not sign_in(session): ...              # cancelled
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QDialog, QWidget

from desktop.paths import Locations
from desktop.storage.errors import StorageError
from desktop.storage.keys import KeyStore
from desktop.storage.session import UserSession
from desktop.storage.startup import ProfileState, Storage, open_storage, profile_state
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.recovery_dialog import StorageProblemDialog
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.tasks import Operation


def _open_in_background(locs: Locations, keystore: KeyStore) -> Storage:
    """Opening can migrate and back up (seconds): never on the main thread's stack, but the
    caller waits for it in a local event loop, so windows stay responsive."""
    loop = QEventLoop()
    outcome: list[object] = []

    def done(value: object) -> None:
        outcome.append(value)
        loop.quit()

    Operation(lambda: open_storage(locs, keystore)).success(done).failure(done).run()
    if not outcome:
        loop.exec()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    assert isinstance(result, Storage)
    return result


def obtain_storage(
    locs: Locations, keystore: KeyStore | None = None, parent: QWidget | None = None
) -> Storage | None:
    """The opened storage, or None if the user gave up (no data is ever created over old)."""
    keystore = keystore or KeyStore()
    if profile_state(locs) in (ProfileState.NEW, ProfileState.INTERRUPTED):
        wizard = SetupWizard(locs, keystore, parent)
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
        if wizard.storage is not None and not accepted:
            wizard.storage.close()
        return wizard.storage if accepted else None
    while True:
        try:
            return _open_in_background(locs, keystore)
        except StorageError as exc:
            dialog = StorageProblemDialog(exc, locs, keystore, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None  # keys restored -> loop and open again; otherwise give up


def sign_in(session: UserSession, parent: QWidget | None = None) -> bool:
    """Show the login screen until somebody signs in (True) or it is cancelled (False)."""
    return LoginDialog(session, parent).exec() == QDialog.DialogCode.Accepted
