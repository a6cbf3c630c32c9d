"""Storage errors, each carrying a plain-words message and what the user can do about it.

The UI shows ``exc.message`` and ``exc.recovery`` as they are; neither ever holds patient data.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base class: ``message`` says what happened, ``recovery`` what to do next."""

    message = "The clinic's data could not be opened."
    recovery = "Close the app and start it again. If this keeps happening, call support."

    def __init__(self, detail: str = "") -> None:
        # ``detail`` is for logs and support: technical, never patient data.
        self.detail = detail
        super().__init__(f"{self.message} {detail}".strip())


class KeyringUnavailableError(StorageError):
    message = (
        "This computer has no secure password store (keyring), so the clinic's data cannot "
        "be opened safely. The app will not store patient data without one."
    )
    recovery = (
        "On Windows, make sure you are logged in to your own Windows account. On Linux, log "
        "in to a desktop session that runs GNOME Keyring or KWallet, then start the app again."
    )


class KeyringLockedError(StorageError):
    message = "The computer's password store (keyring) is locked, so the app cannot read its key."
    recovery = (
        "Unlock the keyring (usually by logging in to the computer again with your own "
        "password), then start the app again. Your data is safe and has not been changed."
    )


class KeyMissingError(StorageError):
    message = (
        "The key for this clinic's data is missing from the computer's password store. "
        "The data is still here and safe, but it cannot be opened without its key."
    )
    recovery = (
        "Choose 'Restore with recovery code' and type the recovery code from the recovery "
        "sheet printed when the app was set up. Do not set up a new clinic: that would not "
        "bring the data back."
    )


class WrongKeyError(StorageError):
    message = (
        "The key in the computer's password store does not open this clinic's data. "
        "The data has not been changed."
    )
    recovery = (
        "Choose 'Restore with recovery code' and type the recovery code from the recovery "
        "sheet. If you copied the data from another computer, use that clinic's recovery code."
    )


class RecoveryCodeError(StorageError):
    message = "That recovery code does not open this clinic's data."
    recovery = "Check the code on the printed recovery sheet and type it again (dashes optional)."


class DataMissingError(StorageError):
    message = "The clinic's database file is missing from this profile."
    recovery = (
        "Restore the profile folder from your backup copy. The app will not create an empty "
        "database over a profile that was already set up."
    )


class ProfileDamagedError(StorageError):
    message = (
        "A file that describes this clinic's data (storage.json) is missing. "
        "The data itself is still here and has not been changed."
    )
    recovery = (
        "Choose 'Restore with recovery code' and type the recovery code from the recovery "
        "sheet. Do not set up a new clinic: that would not bring the data back."
    )


class UnfinishedSetupHasDataError(StorageError):
    message = (
        "This clinic's data is marked as not completely set up, but its database already "
        "holds records (or cannot be checked). The app will not delete it or set up a new "
        "clinic over it; nothing has been changed."
    )
    recovery = (
        "Choose 'Restore with recovery code' and type the recovery code from the recovery "
        "sheet printed when the app was set up. Without the sheet, keep the profile folder "
        "as it is and call support: do not delete it."
    )


class NewerDatabaseError(StorageError):
    message = (
        "This clinic's data was saved by a newer version of Spoke Clinic. "
        "This older version will not open it, so nothing in it is changed."
    )
    recovery = "Install the newest version of Spoke Clinic, then start it again."


class StorageFullError(StorageError):
    message = "The disk is full, so the last change could not be saved. Earlier data is safe."
    recovery = "Free some space on the disk (delete old downloads or videos), then try again."


class BlobDamagedError(StorageError):
    message = "This file is damaged and cannot be shown or sent."
    recovery = "Capture or attach the file again. The damaged copy is kept for support."


class BlobMissingError(StorageError):
    message = "This file is missing from the computer."
    recovery = "Capture or attach the file again."


class AuditChainError(StorageError):
    message = "The audit log has been changed: at least one entry was edited or removed."
    recovery = "Report this to your supervisor; do not delete anything."
