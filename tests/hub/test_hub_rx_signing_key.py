"""The hub serves each prescription with the signing key it verified it with, so the spoke
can verify (and cache the key) itself; a doctor's later key does not change old answers."""

from __future__ import annotations

import base64
import uuid

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.hub.test_hub_prescriptions import CONTENT, body, put, signer, started
from tests.hub.world import World


def test_prescription_answer_carries_the_key_it_was_verified_with(world: World) -> None:
    cid = started(world)
    key = signer(world, "doc1")
    public = base64.b64encode(
        key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ).decode()
    pid = str(uuid.uuid4())
    r = put(world, "doc1", cid, pid, body(key, cid, pid, CONTENT))
    assert r.status_code == 201, r.text
    assert r.json()["signing_key"] == public
    signer(world, "doc1")  # the doctor registers a new key afterwards
    pulled = world.client.get(f"/api/v1/consults/{cid}/prescriptions", headers=world["opA"].h)
    assert [p["signing_key"] for p in pulled.json()] == [public]
