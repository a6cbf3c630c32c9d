"""Sync errors, each with a ``transient`` flag saying whether the outbox worker should simply
try again later. What the operator reads is chosen by the error's ``kind`` (its class name) in
desktop/ui/sync/messages.py, translated; no English user text lives here. ``hub_code`` is the
hub's machine-readable error code (protocol.errors) when the hub gave one.

Details (``detail``) are technical and go to logs; they never carry patient data.
"""

from __future__ import annotations

from protocol.errors import ErrorCode


class SyncError(Exception):
    """Base class of everything the sync engine reports."""

    transient = True

    def __init__(
        self, detail: str = "", *, status: int = 0, hub_code: ErrorCode | None = None
    ) -> None:
        self.detail = detail
        self.status = status
        self.hub_code = hub_code
        super().__init__(f"{type(self).__name__}: {detail}".strip())

    @property
    def kind(self) -> str:
        """What the UI says in the operator's words (desktop/ui/sync/messages.py)."""
        return type(self).__name__


class HubUnreachableError(SyncError):
    """No connection, DNS failure, timeout, connection cut mid-answer."""


class HubBusyError(SyncError):
    """429 or 503: the hub asked us to slow down."""

    def __init__(
        self,
        detail: str = "",
        *,
        status: int = 0,
        hub_code: ErrorCode | None = None,
        retry_after: float = 0.0,
    ) -> None:
        super().__init__(detail, status=status, hub_code=hub_code)
        self.retry_after = retry_after


class HubServerError(SyncError):
    """5xx other than 503: the hub failed; worth retrying later."""


class UnexpectedAnswerError(SyncError):
    """A 2xx that is not the JSON echo we expect (e.g. a Wi-Fi login page)."""


class TlsError(SyncError):
    """The hub's certificate could not be verified."""

    transient = False


class NotEnrolledError(SyncError):
    """This installation holds no device credentials: it was never connected to a hub."""

    transient = False


class SignInRequiredError(SyncError):
    """No valid refresh token: the operator must sign in to the hub again."""

    transient = False


class EnrollmentCodeError(SyncError):
    """The hub refused the one-time enrollment code."""

    transient = False


class DeviceRevokedError(SyncError):
    """The hub has revoked this installation."""

    transient = False


class RejectedError(SyncError):
    """A 4xx the hub will give again for the same request (bad data, not allowed)."""

    transient = False


class ConsultNotOnHubError(SyncError):
    """404 for a blob's consult: it has not reached the hub yet (a draft). Try later."""


class ConflictError(SyncError):
    """409: the hub holds a different, finalized version."""

    transient = False


class CallRecordRefusedError(SyncError):
    """409 for a part of a call's record (a chat message, what a call achieved): the hub
    holds another record under its id. Kept on this PC; nothing to choose between."""

    transient = False


class LocalStorageError(SyncError):
    """This PC's storage failed while preparing an item (e.g. the disk is full during a
    re-encryption). Nothing is lost; try again later."""


class LocalDataError(SyncError):
    """The local item cannot be sent (blob missing or damaged on this PC)."""

    transient = False
