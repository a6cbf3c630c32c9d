"""The doctor's reads of a consult from the hub: media re-encrypted to this device's age key
(decrypted in memory, never written anywhere), the patient's earlier consults and the chat
of the consult's calls.

Calls go through ``HubClient`` (pacing, auth, token refresh, errors by code); a transient
failure (hub busy, unreachable, 5xx) is tried again a few times, honouring the hub's pace.
For worker threads only, never the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

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


def fetch_chat(client: HubClient, consult_id: str) -> list[Any]:
    """The chat of the consult's calls as the spoke stored it (``GET /consults/{c}/chat``),
    the hub's rows as sent (``desktop.core.consult_chat.parse_chat`` reads them)."""
    body = _retrying(lambda: client.call("GET", f"/consults/{consult_id}/chat"))
    if not isinstance(body, list):
        raise UnexpectedAnswerError("chat answer is not a list")
    return body


class ConsultMedia:
    """The review's ``MediaFetcher`` for one consult: ``fetch(media_id) -> bytes`` where the
    id is the spoke's blob id (or already the hub's upload id)."""

    def __init__(self, client: HubClient, consult_id: str, identity: x25519.Identity) -> None:
        self.client = client
        self.consult_id = consult_id
        self.identity = identity
        self._uploads: dict[str, str] | None = None  # blob id -> upload id
        self._listed: list[tuple[str, str]] = []  # (upload id, blob id or ""), oldest first
        self._types: dict[str, str] = {}  # upload id -> the media type the spoke named
        self._lock = threading.Lock()

    def _upload_ids(self, refresh: bool = False) -> dict[str, str]:
        with self._lock:
            if self._uploads is None or refresh:
                rows = self.client.call("GET", f"/consults/{self.consult_id}/uploads")
                if not isinstance(rows, list):
                    raise UnexpectedAnswerError("upload list is not a list")
                found: dict[str, str] = {}
                listed: list[tuple[str, str]] = []
                types: dict[str, str] = {}
                for row in rows:
                    if not isinstance(row, dict) or not row.get("complete"):
                        continue
                    upload_id, name = str(row.get("id", "")), str(row.get("filename", ""))
                    blob_id = name[: -len(".age")] if name.endswith(".age") else ""
                    found[upload_id] = upload_id
                    if blob_id:
                        found.setdefault(blob_id, upload_id)
                    listed.append((upload_id, blob_id))
                    if row.get("media_type"):
                        types[upload_id] = str(row["media_type"])
                self._uploads, self._listed, self._types = found, listed, types
            return self._uploads

    def unnamed(self, named: set[str]) -> list[str]:
        """Files of the consult the hub holds that the bundle does not name (by blob id or
        upload id), oldest first: the spoke names its attachments and the recording made
        before "ready", so these are recording segments made after it (a call). Files whose
        type the spoke named (``stills``) are not among them."""
        self._upload_ids(refresh=True)
        with self._lock:
            return [
                blob_id or upload_id
                for upload_id, blob_id in self._listed
                if upload_id not in named and blob_id not in named and upload_id not in self._types
            ]

    def stills(self, named: set[str]) -> list[tuple[str, str]]:
        """(media id, media type) of the files sent after "ready" whose type the spoke named:
        the still pictures the doctor took during a call, oldest first. After ``unnamed``
        (which reads the list)."""
        with self._lock:
            return [
                (blob_id or upload_id, self._types[upload_id])
                for upload_id, blob_id in self._listed
                if upload_id in self._types and upload_id not in named and blob_id not in named
            ]

    def upload_id(self, media_id: str) -> str:
        """The hub's upload id of a blob (asks again once when it is not listed yet: the
        spoke may have finished uploading since)."""
        known = self._upload_ids()
        if media_id not in known:
            known = self._upload_ids(refresh=True)
        return known.get(media_id, media_id)

    def fetch(self, media_id: str) -> bytes:
        return fetch_media(self.client, self.consult_id, self.upload_id(media_id), self.identity)
