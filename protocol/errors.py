"""Error codes: every error answer of the hub is ``{"code": <ErrorCode>, "detail": ...}``.
Clients choose what to do and what to say by ``code``; ``detail`` is for people and logs."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # 401: who is calling
    NOT_AUTHENTICATED = "not_authenticated"  # no, bad or expired access token; account changed
    BAD_CREDENTIALS = "bad_credentials"  # wrong username or password
    ACCOUNT_LOCKED = "account_locked"
    SESSION_ENDED = "session_ended"  # refresh token unknown, reused or expired
    DEVICE_REVOKED = "device_revoked"  # this installation is not (or no longer) enrolled
    DEVICE_REQUIRED = "device_required"
    ENROLLMENT_CODE_INVALID = "enrollment_code_invalid"
    # 4xx: the request
    BAD_REQUEST = "bad_request"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    GONE = "gone"  # an expired or discarded upload
    PRECONDITION_FAILED = "precondition_failed"  # e.g. the tus version header
    LOCKED = "locked"  # another request is appending to this upload
    CHECKSUM_MISMATCH = "checksum_mismatch"  # tus 460
    TOO_LARGE = "too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    INVALID = "invalid"  # a field failed validation (detail names the fields)
    SIGNATURE_INVALID = "signature_invalid"
    PROHIBITED_DRUG = "prohibited_drug"  # TPG 2020 prohibited list (detail: violations)
    DRUG_NOT_ALLOWED_FOR_MODE = "drug_not_allowed_for_mode"  # List A/B outside its mode/kind
    DEVICE_KEY_MISSING = "device_key_missing"  # 409: this device registered no age key
    RATE_LIMITED = "rate_limited"
    # 5xx: the hub
    BUSY = "busy"
    SERVER_ERROR = "server_error"


# The code an error answer has when the hub raised it without a more precise one.
BY_STATUS: dict[int, ErrorCode] = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.NOT_AUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    409: ErrorCode.CONFLICT,
    410: ErrorCode.GONE,
    412: ErrorCode.PRECONDITION_FAILED,
    413: ErrorCode.TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    422: ErrorCode.INVALID,
    423: ErrorCode.LOCKED,
    429: ErrorCode.RATE_LIMITED,
    460: ErrorCode.CHECKSUM_MISMATCH,
    503: ErrorCode.BUSY,
}


def code_for_status(status: int) -> ErrorCode:
    """The default code of an HTTP error status."""
    if status in BY_STATUS:
        return BY_STATUS[status]
    return ErrorCode.SERVER_ERROR if status >= 500 else ErrorCode.BAD_REQUEST


def code_of(body: object) -> ErrorCode | None:
    """The code of an error answer's parsed JSON body; None when it carries no known code."""
    raw = body.get("code") if isinstance(body, dict) else None
    try:
        return ErrorCode(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
