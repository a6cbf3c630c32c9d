"""The one place the words of every ``StorageError`` live: what happened and what to do,
keyed by the error's ``code`` and translated here, for dialogs (``storage_error_texts``) and
for one-line status labels in forms (``storage_error_text``); and why an account change was
refused (``account_error_text``, keyed by ``AccountError.code``). Storage keeps codes only."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services import errors
from desktop.services.accounts import MIN_PASSWORD, AccountError

GENERIC = errors.StorageError.code

# code -> (what happened, what to do), English sources; translated when shown.
STORAGE_MESSAGES: dict[str, tuple[object, object]] = {
    GENERIC: (
        QT_TRANSLATE_NOOP("StorageMessages", "The clinic's data could not be opened."),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Close the app and start it again. If this keeps happening, call support.",
        ),
    ),
    "keyring_unavailable": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "This computer has no secure password store (keyring), so the clinic's data "
            "cannot be opened safely. The app will not store patient data without one.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "On Windows, make sure you are logged in to your own Windows account. On Linux, "
            "log in to a desktop session that runs GNOME Keyring or KWallet, then start the "
            "app again.",
        ),
    ),
    "keyring_locked": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "The computer's password store (keyring) is locked, so the app cannot read its key.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Unlock the keyring (usually by logging in to the computer again with your own "
            "password), then start the app again. Your data is safe and has not been "
            "changed.",
        ),
    ),
    "key_missing": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "The key for this clinic's data is missing from the computer's password store. "
            "The data is still here and safe, but it cannot be opened without its key.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Choose 'Restore with recovery code' and type the recovery code from the "
            "recovery sheet printed when the app was set up. Do not set up a new clinic: "
            "that would not bring the data back.",
        ),
    ),
    "wrong_key": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "The key in the computer's password store does not open this clinic's data. "
            "The data has not been changed.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Choose 'Restore with recovery code' and type the recovery code from the "
            "recovery sheet. If you copied the data from another computer, use that "
            "clinic's recovery code.",
        ),
    ),
    "data_missing": (
        QT_TRANSLATE_NOOP(
            "StorageMessages", "The clinic's database file is missing from this profile."
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Restore the profile folder from your backup copy. The app will not create an "
            "empty database over a profile that was already set up.",
        ),
    ),
    "profile_damaged": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "A file that describes this clinic's data (storage.json) is missing. "
            "The data itself is still here and has not been changed.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Choose 'Restore with recovery code' and type the recovery code from the "
            "recovery sheet. Do not set up a new clinic: that would not bring the data "
            "back.",
        ),
    ),
    "unfinished_setup_has_data": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "This clinic's data is marked as not completely set up, but its database "
            "already holds records (or cannot be checked). The app will not delete it or "
            "set up a new clinic over it; nothing has been changed.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Choose 'Restore with recovery code' and type the recovery code from the "
            "recovery sheet printed when the app was set up. Without the sheet, keep the "
            "profile folder as it is and call support: do not delete it.",
        ),
    ),
    "newer_database": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "This clinic's data was saved by a newer version of Spoke Clinic. This older "
            "version will not open it, so nothing in it is changed.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Install the newest version of Spoke Clinic, then start it again.",
        ),
    ),
    "storage_full": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "The disk is full, so the last change could not be saved. Earlier data is safe.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Free some space on the disk (delete old downloads or videos), then try again.",
        ),
    ),
    "blob_damaged": (
        QT_TRANSLATE_NOOP("StorageMessages", "This file is damaged and cannot be shown or sent."),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Capture or attach the file again. The damaged copy is kept for support.",
        ),
    ),
    "blob_missing": (
        QT_TRANSLATE_NOOP("StorageMessages", "This file is missing from the computer."),
        QT_TRANSLATE_NOOP("StorageMessages", "Capture or attach the file again."),
    ),
    "audit_chain_broken": (
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "The audit log has been changed: at least one entry was edited or removed.",
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages", "Report this to your supervisor; do not delete anything."
        ),
    ),
    "recovery_code_wrong": (
        QT_TRANSLATE_NOOP(
            "StorageMessages", "That recovery code does not open this clinic's data."
        ),
        QT_TRANSLATE_NOOP(
            "StorageMessages",
            "Check the code on the printed recovery sheet and type it again (dashes optional).",
        ),
    ),
}


def storage_error_texts(exc: errors.StorageError) -> tuple[str, str]:
    """(what happened, what to do), translated, chosen by ``exc.code`` (an unknown code reads
    as the generic storage failure)."""
    what, todo = STORAGE_MESSAGES.get(exc.code, STORAGE_MESSAGES[GENERIC])
    return (
        QCoreApplication.translate("StorageMessages", str(what)),
        QCoreApplication.translate("StorageMessages", str(todo)),
    )


def storage_error_text(exc: errors.StorageError) -> str:
    """One translated line for a status label: what happened, then what to do."""
    what, todo = storage_error_texts(exc)
    return f"{what} {todo}"


# AccountError.code -> English source, translated when shown.
ACCOUNT_MESSAGES: dict[str, object] = {
    "username_invalid": QT_TRANSLATE_NOOP(
        "AccountMessages", "A username needs 1 to 64 letters or digits, without spaces."
    ),
    "role_unknown": QT_TRANSLATE_NOOP("AccountMessages", "Unknown role."),
    "password_short": QT_TRANSLATE_NOOP(
        "AccountMessages", "A password needs at least {minimum} characters."
    ),
    "name_required": QT_TRANSLATE_NOOP("AccountMessages", "Please give the person's name."),
    "username_taken": QT_TRANSLATE_NOOP("AccountMessages", "That username is already taken."),
    "not_admin": QT_TRANSLATE_NOOP("AccountMessages", "Only an administrator can change accounts."),
    "no_such_account": QT_TRANSLATE_NOOP("AccountMessages", "No such account."),
    "own_account": QT_TRANSLATE_NOOP("AccountMessages", "You cannot switch off your own account."),
}


def account_error_text(exc: AccountError) -> str:
    """Why an account change was refused, translated, chosen by ``exc.code``."""
    source = ACCOUNT_MESSAGES.get(exc.code)
    if source is None:
        return QCoreApplication.translate("AccountMessages", "The change could not be saved.")
    return QCoreApplication.translate("AccountMessages", str(source)).format(minimum=MIN_PASSWORD)
