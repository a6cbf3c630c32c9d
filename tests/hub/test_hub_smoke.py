"""The app starts on both databases and answers its probes and the hub key."""

from __future__ import annotations

from pyrage import decrypt, encrypt, x25519
from starlette.testclient import TestClient

from tests.hub.world import World


def test_probes_and_hub_key(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    key = client.get("/.well-known/spoke-hub-key").json()
    recipient = x25519.Recipient.from_str(key["age_recipient"])
    # What a spoke encrypts to the published key, the hub's identity opens.
    sealed = encrypt(b"ecg strip", [recipient])
    assert decrypt(sealed, [client.app.state.hub.identity]) == b"ecg strip"  # type: ignore[attr-defined]


def test_world_builds(world: World) -> None:
    c = world.consult("opA")
    assert c["status"] == "queued"
