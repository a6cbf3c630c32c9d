"""The doctor's reads of a consult from the hub: media re-encrypted to this device's age key
(decrypted in memory, never written anywhere) and the patient's earlier consults.

Calls go through ``HubClient`` (pacing, auth, token refresh, errors by code); a transient
failure (hub busy, unreachable, 5xx) is tried again a few times, honouring the hub's pace.
For worker threads only, never the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pyrage
from pydantic import TypeAdapter, ValidationError
from pyrage import x25519

from desktop import logs
from desktop.sync.client import API, HubClient, json_body
from desktop.sync.errors import ConflictError, SyncError, UnexpectedAnswerError
from protocol.errors import ErrorCode
from protocol.schemas import DeviceKeyOut, HistoryConsult

log = logs.get("sync")

ATTEMPTS = 3
_HISTORY = TypeAdapter(list[HistoryConsult])
T = TypeVar("T")


class DeviceKeyMissingError(ConflictError):
    """The hub has no age key for this device: register it (``register_device_key``)."""

    transient = False


class MediaDamagedError(SyncError):
    """What the hub sent does not decrypt with this device's key (cut short or altered)."""


def _retrying(call: Callable[[], T]) -> T:
    """``call``, again after a transient error (the client's pace spaces the attempts)."""
    for attempt in range(ATTEMPTS):
        try:
            return call()
        except ConflictError as exc:
            if exc.hub_code == ErrorCode.DEVICE_KEY_MISSING:
                raise DeviceKeyMissingError(exc.detail, status=409, hub_code=exc.hub_code) from exc
            raise
        except SyncError as exc:
            if not exc.transient or attempt == ATTEMPTS - 1:
                raise
            log.info("doctor read failed (%s), trying again", exc.kind)
    raise AssertionError("unreachable")


def register_device_key(client: HubClient, identity: x25519.Identity) -> str:
    """Tell the hub this device's age public key (what media is encrypted to)."""
    recipient = str(identity.to_public())
    body = _retrying(
        lambda: client.call("PUT", "/devices/me/key", json={"age_recipient": recipient})
    )
    try:
        answer = DeviceKeyOut.model_validate(body)
    except ValidationError:
        raise UnexpectedAnswerError("device key answer malformed") from None
    if answer.age_recipient != recipient:
        raise UnexpectedAnswerError("device key answer does not echo the key")
    return answer.device_id


def fetch_media(
    client: HubClient, consult_id: str, upload_id: str, identity: x25519.Identity
) -> bytes:
    """An attachment or recording of a consult assigned to this doctor, decrypted in memory.

    ``DeviceKeyMissingError`` if the device registered no key; ``RejectedError`` (403/404)
    when the consult is not (or no longer) this doctor's; ``MediaDamagedError`` if the answer
    does not decrypt (a truncated stream never does)."""
    path = f"{API}/consults/{consult_id}/uploads/{upload_id}/for-device"
    response = _retrying(lambda: client.send("GET", path))
    if "json" in response.headers.get("content-type", "").lower():
        raise UnexpectedAnswerError("media answer is JSON")
    try:
        plain: bytes = pyrage.decrypt(response.content, [identity])
    except pyrage.DecryptError:
        raise MediaDamagedError("media did not decrypt with this device's key") from None
    return plain


def fetch_history(client: HubClient, consult_id: str, limit: int = 20) -> list[HistoryConsult]:
    """Earlier consults of the consult's patient, newest first (protocol models)."""
    path = f"{API}/consults/{consult_id}/history"
    response = _retrying(lambda: client.send("GET", path, params={"limit": limit}))
    try:
        return _HISTORY.validate_python(json_body(response))
    except ValidationError:
        raise UnexpectedAnswerError("history answer malformed") from None
