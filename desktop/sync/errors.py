"""Sync errors, each with a plain-words ``message`` for the operator and a ``transient`` flag
saying whether the outbox worker should simply try again later.

Details (``detail``) are technical and go to logs; they never carry patient data.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base class of everything the sync engine reports."""

    message = "The hub could not be reached. Your work is saved on this PC."
    transient = True

    def __init__(self, detail: str = "", *, status: int = 0) -> None:
        self.detail = detail
        self.status = status
        super().__init__(f"{type(self).__name__}: {detail}".strip())


class HubUnreachableError(SyncError):
    """No connection, DNS failure, timeout, connection cut mid-answer."""

    message = "No connection to the hub. Your work is saved on this PC and will be sent later."


class HubBusyError(SyncError):
    """429 or 503: the hub asked us to slow down."""

    message = "The hub is busy. Sending will continue by itself in a moment."

    def __init__(self, detail: str = "", *, status: int = 0, retry_after: float = 0.0) -> None:
        super().__init__(detail, status=status)
        self.retry_after = retry_after


class HubServerError(SyncError):
    """5xx other than 503: the hub failed; worth retrying later."""

    message = "The hub had a problem. Sending will be tried again later."


class UnexpectedAnswerError(SyncError):
    """A 2xx that is not the JSON echo we expect (e.g. a Wi-Fi login page)."""

    message = (
        "Something between this PC and the hub answered instead of the hub (for example a "
        "Wi-Fi login page). Nothing was marked as sent; it will be tried again."
    )


class TlsError(SyncError):
    """The hub's certificate could not be verified."""

    message = (
        "The hub's security certificate could not be checked, so nothing was sent. "
        "Check the hub address and the hub certificate in Settings, Connect to a hub."
    )
    transient = False


class NotEnrolledError(SyncError):
    message = "This PC is not connected to a hub yet. Enter the hub address and code in Settings."
    transient = False


class SignInRequiredError(SyncError):
    """No valid refresh token: the operator must sign in to the hub again."""

    message = "Please sign in to the hub again. Your work is saved on this PC."
    transient = False


class EnrollmentCodeError(SyncError):
    """The hub refused the one-time enrollment code."""

    message = (
        "The hub did not accept this code: it may be mistyped, already used or expired. "
        "Ask the hub administrator for a new code."
    )
    transient = False


class DeviceRevokedError(SyncError):
    """The hub has revoked this installation."""

    message = (
        "The hub has disconnected this PC. All your work is still saved here. Ask the hub "
        "administrator for a new connection code."
    )
    transient = False


class RejectedError(SyncError):
    """A 4xx the hub will give again for the same request (bad data, not allowed)."""

    message = "The hub refused this item. It is kept on this PC; see the details."
    transient = False


class ConsultNotOnHubError(SyncError):
    """404 for a blob's consult: it has not reached the hub yet (a draft). Try later."""

    message = "This file waits until its consultation has been sent to the hub."


class ConflictError(SyncError):
    """409: the hub holds a different, finalized version."""

    message = (
        "The hub already has a different version of this record. Both versions are kept; "
        "please choose which one is right."
    )
    transient = False


class LocalStorageError(SyncError):
    """This PC's storage failed while preparing an item (e.g. the disk is full during a
    re-encryption). Nothing is lost; try again later."""

    message = (
        "This PC could not prepare a file for sending (for example, the disk is full). "
        "It will be tried again."
    )


class LocalDataError(SyncError):
    """The local item cannot be sent (blob missing or damaged on this PC)."""

    message = "A file on this PC is missing or damaged, so it cannot be sent."
    transient = False
