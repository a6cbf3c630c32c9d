"""Plain-words, translated texts for sync errors, chosen by error class, never by its text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def error_text(code: str, fallback: str = "") -> str:
    """The operator's message for a ``SyncError`` class name (``fallback`` if unknown)."""
    texts = {
        "HubUnreachableError": QCoreApplication.translate(
            "SyncMessages",
            "No connection to the hub. Your work is saved on this PC and will be sent later.",
        ),
        "HubBusyError": QCoreApplication.translate(
            "SyncMessages", "The hub is busy. Sending will continue by itself in a moment."
        ),
        "HubServerError": QCoreApplication.translate(
            "SyncMessages", "The hub had a problem. Sending will be tried again later."
        ),
        "UnexpectedAnswerError": QCoreApplication.translate(
            "SyncMessages",
            "Something between this PC and the hub answered instead of the hub (for example "
            "a Wi-Fi login page). Nothing was marked as sent; it will be tried again.",
        ),
        "TlsError": QCoreApplication.translate(
            "SyncMessages",
            "The hub's security certificate could not be checked, so nothing was sent. "
            "Check the hub address and the hub certificate in Settings, Connect to a hub.",
        ),
        "NotEnrolledError": QCoreApplication.translate(
            "SyncMessages",
            "This PC is not connected to a hub yet. Enter the hub address and code in Settings.",
        ),
        "SignInRequiredError": QCoreApplication.translate(
            "SyncMessages", "Please sign in to the hub again. Your work is saved on this PC."
        ),
        "EnrollmentCodeError": QCoreApplication.translate(
            "SyncMessages",
            "The hub did not accept this code: it may be mistyped, already used or expired. "
            "Ask the hub administrator for a new code.",
        ),
        "DeviceRevokedError": QCoreApplication.translate(
            "SyncMessages",
            "The hub has disconnected this PC. All your work is still saved here. Ask the "
            "hub administrator for a new connection code.",
        ),
        "RejectedError": QCoreApplication.translate(
            "SyncMessages", "The hub refused this item. It is kept on this PC."
        ),
        "ConflictError": QCoreApplication.translate(
            "SyncMessages",
            "The hub already has a different version of this record. Both versions are "
            "kept; please choose which one is right.",
        ),
        "LocalDataError": QCoreApplication.translate(
            "SyncMessages", "A file on this PC is missing or damaged, so it cannot be sent."
        ),
        "CallRecordRefusedError": QCoreApplication.translate(
            "SyncMessages",
            "The hub already holds another record under this id (a chat message or what a "
            "call achieved), so it did not take this one. It is kept on this PC.",
        ),
        "UploadGoneError": QCoreApplication.translate(
            "SyncMessages", "The hub dropped an unfinished upload; it will start again."
        ),
        "LocalStorageError": QCoreApplication.translate(
            "SyncMessages",
            "This PC could not prepare a file for sending (for example, the disk is full). "
            "It will be tried again.",
        ),
        "ConsultNotOnHubError": QCoreApplication.translate(
            "SyncMessages",
            "This file waits until its consultation has been sent to the hub.",
        ),
        "PrescriptionRefusedError": QCoreApplication.translate(
            "SyncMessages",
            "The hub refused the prescription. Nothing was sent; check it and sign again.",
        ),
        "ProhibitedDrugError": QCoreApplication.translate(
            "SyncMessages",
            "The hub refused it: it names a drug that may never be prescribed by teleconsultation.",
        ),
        "DrugNotAllowedForModeError": QCoreApplication.translate(
            "SyncMessages",
            "The hub refused it: a drug is not allowed for this consultation's mode or "
            "kind. Reopen the prescription to see the rules the hub applies now.",
        ),
        "SignatureInvalidError": QCoreApplication.translate(
            "SyncMessages",
            "The hub could not verify your signature, even after your key was registered "
            "again. Nothing was sent; tell the hub administrator.",
        ),
        "NotADoctorError": QCoreApplication.translate(
            "SyncMessages",
            "This hub account is neither a doctor's nor a programme manager's. Spoke "
            "operators sign in on a spoke's PC.",
        ),
        "DeviceKeyMissingError": QCoreApplication.translate(
            "SyncMessages",
            "The hub has no key of this PC to send the patient's files to. Sign out and in "
            "again; if it stays, ask the hub administrator.",
        ),
        "MediaDamagedError": QCoreApplication.translate(
            "SyncMessages",
            "This file arrived damaged and cannot be shown. Open it again; if it stays, ask "
            "the spoke to send it again.",
        ),
        "KeyringError": QCoreApplication.translate(
            "SyncMessages",
            "The computer's password store (keyring) could not be used, so the hub "
            "connection cannot be saved or read. Your work is still saved on this PC.",
        ),
    }
    return texts.get(code, fallback)


def entity_text(entity_type: str) -> str:
    texts = {
        "patient": QCoreApplication.translate("SyncMessages", "Patient record"),
        "consult": QCoreApplication.translate("SyncMessages", "Consultation"),
        "blob": QCoreApplication.translate("SyncMessages", "File or recording"),
        "stock": QCoreApplication.translate("SyncMessages", "Medicine stock list"),
        "chat": QCoreApplication.translate("SyncMessages", "Call chat message"),
        "call": QCoreApplication.translate("SyncMessages", "What a call achieved"),
        "rx_refusal": QCoreApplication.translate(
            "SyncMessages", "Report: a prescription could not be verified"
        ),
    }
    return texts.get(entity_type, entity_type)


def size_text(nbytes: float) -> str:
    """Bytes in KB/MB/GB (decimal units, one decimal)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if nbytes >= scale:
            return f"{nbytes / scale:.1f} {unit}"
    return f"{int(nbytes)} B"
