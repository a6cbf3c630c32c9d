"""Enrollment: connect this installation to a hub with its address and a one-time code.

The hub's public age key is fetched first (no side effect), then the code is exchanged for
a device id; the device secret is generated here and sent with the code, so the exchange can
be repeated safely after a lost answer (same code, same secret, same device). The id and
secret go to the keyring with the key. TLS is verified throughout.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from pydantic import ValidationError
from pyrage import x25519

from desktop import logs
from desktop.sync.client import HubClient, json_body
from desktop.sync.errors import (
    DeviceRevokedError,
    EnrollmentCodeError,
    HubBusyError,
    HubServerError,
    HubUnreachableError,
    RejectedError,
    SignInRequiredError,
    UnexpectedAnswerError,
)
from desktop.sync.tokens import DeviceCredentials, TokenStore
from protocol.errors import ErrorCode
from protocol.schemas import EnrollOut

log = logs.get("sync")

HUB_KEY_PATH = "/.well-known/spoke-hub-key"
ATTEMPTS = 3  # one exchange, repeated (with the same secret) when its answer was lost
CODE_REFUSED = frozenset({ErrorCode.ENROLLMENT_CODE_INVALID, ErrorCode.INVALID})
LOST_ANSWER = (HubUnreachableError, HubBusyError, HubServerError, UnexpectedAnswerError)

# The secret generated for a code, kept (in memory only) until the exchange succeeds, so the
# operator pressing "Connect" again after a lost answer repeats the same exchange.
_pending: dict[tuple[str, str], str] = {}
_pending_lock = threading.Lock()


def _secret_for(hub_url: str, code: str) -> str:
    with _pending_lock:
        return _pending.setdefault((hub_url, code), secrets.token_urlsafe(32))


def _exchange(
    client: HubClient, code: str, name: str, secret: str, age_recipient: str | None = None
) -> object:
    """POST /auth/enroll, repeated with the same secret when the answer is lost."""
    body: dict[str, str] = {"code": code, "name": name[:120], "device_secret": secret}
    if age_recipient:
        body["age_recipient"] = age_recipient  # a doctor PC's device key (media to it)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return client.call("POST", "/auth/enroll", auth=False, json=body)
        except LOST_ANSWER:
            if attempt == ATTEMPTS:
                raise
            log.info("enrollment answer lost; asking again (attempt %d)", attempt + 1)
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Enrollment:
    device_id: str
    facility_id: str
    hub_recipient: str


def fetch_hub_key(client: HubClient) -> str:
    """The hub's age recipient, checked to be a real X25519 age public key."""
    body = json_body(client.send("GET", HUB_KEY_PATH, auth=False))
    text = body.get("age_recipient") if isinstance(body, dict) else None
    if not isinstance(text, str):
        raise UnexpectedAnswerError("hub key answer without age_recipient")
    try:
        x25519.Recipient.from_str(text)
    except Exception as exc:  # noqa: BLE001 -- pyrage raises its own error types
        raise UnexpectedAnswerError("hub key is not an age X25519 recipient") from exc
    return text


def enroll(
    hub_url: str,
    code: str,
    tokens: TokenStore,
    *,
    name: str = "",
    ca_pem: str = "",
    age_recipient: str | None = None,
) -> Enrollment:
    """Blocking; run it off the UI thread. Raises a ``SyncError`` with plain words.
    ``age_recipient``: a doctor PC's age public key, registered with the device."""
    client = HubClient(hub_url, None, ca_pem=ca_pem)
    code = code.strip()
    secret = _secret_for(client.base_url, code)
    try:
        recipient = fetch_hub_key(client)
        try:
            body = _exchange(client, code, name, secret, age_recipient)
        except (SignInRequiredError, DeviceRevokedError, RejectedError) as exc:
            # By code: the hub refused the code itself, or a malformed code failed validation.
            if exc.hub_code in CODE_REFUSED:
                raise EnrollmentCodeError(
                    exc.detail, status=exc.status, hub_code=exc.hub_code
                ) from exc
            raise
    finally:
        client.close()
    try:
        answer = EnrollOut.model_validate(body, strict=True)
    except ValidationError:
        raise UnexpectedAnswerError("enrollment answer is incomplete") from None
    if answer.device_secret != secret:
        raise UnexpectedAnswerError("enrollment answer with another device secret")
    tokens.save_device(
        DeviceCredentials(
            hub_url=client.base_url,
            device_id=answer.device_id,
            device_secret=answer.device_secret,
            facility_id=answer.facility_id,
            hub_recipient=recipient,
            ca_pem=ca_pem,
        )
    )
    tokens.forget_session()
    with _pending_lock:
        _pending.pop((client.base_url, code), None)
    log.info("enrolled to the hub as device %s", answer.device_id[:8])
    return Enrollment(answer.device_id, answer.facility_id, recipient)
