"""What counts on the wire: the per-chunk sha256 (a byte flipped in a PATCH body is refused
with 460 and only that chunk is sent again), and a cancellation counts only on a 204 or an
answer echoing the consult's id."""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import replace

import httpx

from desktop.sync.client import HubClient
from desktop.sync.events import ItemProgress
from desktop.sync.tus import BlobUpload, ChunkSizer, TusClient
from hub.models import Consult
from tests.helpers.waiting import wait_for
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import FAST, Spoke


def test_a_corrupted_chunk_is_refused_and_only_that_chunk_is_sent_again(
    hub: LiveHub, enrolled: Spoke
) -> None:
    cid = enrolled.add_consult(enrolled.add_patient())
    size = 3 * 1024 * 1024
    blob_id = enrolled.add_blob(cid, size, seed=11)
    proxy = FaultProxy(hub.port, corrupt_patches={1}).start()
    try:
        engine = enrolled.engine(
            hub_url=proxy.url, config=replace(FAST, max_chunk=512 * 1024, progress_interval=0)
        )
        engine.start()
        wait_for(lambda: enrolled.states() == {"done": 3}, timeout=60)
    finally:
        engine.stop()
        proxy.stop()
    flipped = [p for p in proxy.patches if p[1] == "flip_byte"]
    assert len(flipped) == 1 and flipped[0][2] == 460  # the hub refused the damaged chunk
    bad_offset = flipped[0][0]
    after = proxy.patches[proxy.patches.index(flipped[0]) + 1]
    assert after[0] == bad_offset and after[2] == 204  # the same chunk again, accepted
    offsets = [p[0] for p in proxy.patches]
    assert offsets == sorted(offsets) and offsets.count(0) == 1  # never restarted from 0
    [upload] = hub.uploads()  # the same upload throughout
    assert upload.completed_at is not None
    with open(enrolled.blob_root / blob_id[:2] / f"{blob_id}.age", "rb") as fh:
        assert upload.sha256 == hashlib.sha256(fh.read()).hexdigest()
    progress = [e.done for e in enrolled.recorder.of(ItemProgress)]
    assert progress == sorted(progress)


def test_each_patch_carries_the_sha256_of_its_chunk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = bytes(range(256)) * 4096  # 1 MiB
    path = tmp_path / "blob.age"
    path.write_bytes(data)
    seen: list[tuple[int, str, bytes]] = []
    offset = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal offset
        if request.method == "PATCH":
            body = request.read()
            seen.append(
                (int(request.headers["Upload-Offset"]), request.headers["Upload-Checksum"], body)
            )
            offset += len(body)
            return httpx.Response(204, headers={"Upload-Offset": str(offset)})
        if request.method == "POST":
            return httpx.Response(201, headers={"Location": "/api/v1/uploads/u1"})
        return httpx.Response(404)

    client = HubClient("http://127.0.0.1:9", None, transport=httpx.MockTransport(handler))
    client.set_access_token("test-token")
    try:
        tus = TusClient(client, ChunkSizer(maximum=256 * 1024))
        blob = BlobUpload(
            path=path, length=len(data), sha256="0" * 64, metadata={"consult_id": "c"}
        )
        tus.upload(blob, save_location=lambda loc: None)
    finally:
        client.close()
    assert len(seen) >= 2 and b"".join(b for _, _, b in seen) == data
    for start, header, body in seen:
        algo, _, digest = header.partition(" ")
        assert algo == "sha256" and base64.b64decode(digest) == hashlib.sha256(body).digest()
        assert data[start : start + len(body)] == body


def test_a_cancellation_counts_only_on_204_or_an_echo_of_its_id(
    hub: LiveHub, enrolled: Spoke
) -> None:
    cid = enrolled.add_consult(enrolled.add_patient(), final=True)
    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 2})
    engine.stop()
    enrolled.add("consult", cid, "update", {"status": "cancelled"})
    # A middlebox answers 200 with some other JSON: the withdrawal has not reached the hub.
    proxy = FaultProxy(hub.port, {"json_other": 1.0}, exempt=(b"/api/v1/auth/",)).start()
    try:
        engine = enrolled.engine(hub_url=proxy.url)
        engine.start()
        wait_for(lambda: proxy.counts["json_other"] >= 3)
        assert enrolled.states() == {"done": 2, "pending": 1}
        with hub.context.sessions() as s:
            assert s.get(Consult, str(uuid.UUID(cid))).status == "queued"  # type: ignore[union-attr]
        proxy.enabled = False
        engine.retry_now()
        wait_for(lambda: enrolled.states() == {"done": 3})
    finally:
        engine.stop()
        proxy.stop()
    with hub.context.sessions() as s:
        assert s.get(Consult, str(uuid.UUID(cid))).status == "cancelled"  # type: ignore[union-attr]
