"""Enrollment: connect this installation to a hub with its address and a one-time code.

The hub's public age key is fetched first (no side effect), then the code is exchanged for
a device id and secret, which go to the keyring with the key. TLS is verified throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyrage import x25519

from desktop import logs
from desktop.sync.client import HubClient, json_body
from desktop.sync.errors import (
    DeviceRevokedError,
    EnrollmentCodeError,
    RejectedError,
    SignInRequiredError,
    UnexpectedAnswerError,
)
from desktop.sync.tokens import DeviceCredentials, TokenStore

log = logs.get("sync")

HUB_KEY_PATH = "/.well-known/spoke-hub-key"


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
    hub_url: str, code: str, tokens: TokenStore, *, name: str = "", ca_pem: str = ""
) -> Enrollment:
    """Blocking; run it off the UI thread. Raises a ``SyncError`` with plain words."""
    client = HubClient(hub_url, None, ca_pem=ca_pem)
    try:
        recipient = fetch_hub_key(client)
        try:
            body = client.call(
                "POST", "/auth/enroll", auth=False, json={"code": code.strip(), "name": name[:120]}
            )
        except (SignInRequiredError, DeviceRevokedError, RejectedError) as exc:
            if exc.status in (401, 403, 422):
                raise EnrollmentCodeError(exc.detail, status=exc.status) from exc
            raise
    finally:
        client.close()
    if not isinstance(body, dict) or not all(
        isinstance(body.get(k), str) for k in ("device_id", "device_secret", "facility_id")
    ):
        raise UnexpectedAnswerError("enrollment answer is incomplete")
    if not body["device_secret"]:
        raise RejectedError("empty device secret")
    tokens.save_device(
        DeviceCredentials(
            hub_url=client.base_url,
            device_id=body["device_id"],
            device_secret=body["device_secret"],
            facility_id=body["facility_id"],
            hub_recipient=recipient,
        )
    )
    tokens.forget_session()
    log.info("enrolled to the hub as device %s", body["device_id"][:8])
    return Enrollment(body["device_id"], body["facility_id"], recipient)
