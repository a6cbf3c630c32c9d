"""A real access-token expiry in the middle of a running engine's upload: the hub issues
one-second tokens, the chunks go through a slowing proxy, and the upload carries on after
a transparent refresh (same upload, never restarted, sha256 matches, nothing rejected)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from tests.desktop.sync.test_sync_basics import wait_for
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import FAST, Spoke


def test_access_token_expiring_during_an_upload_is_refreshed_transparently(
    hub: LiveHub, enrolled: Spoke
) -> None:
    hub.config.access_token_seconds = 1  # every token the engine gets from now on
    cid = enrolled.add_consult(enrolled.add_patient())
    size = 4 * 1024 * 1024
    blob_id = enrolled.add_blob(cid, size, seed=5)
    proxy = FaultProxy(hub.port, {"delay": 1.0}, max_delay=0.25).start()
    try:
        engine = enrolled.engine(
            hub_url=proxy.url, config=replace(FAST, max_chunk=256 * 1024, progress_interval=0)
        )
        engine.start()
        wait_for(lambda: enrolled.states() == {"done": 3}, timeout=90)
    finally:
        engine.stop()
        proxy.stop()
    statuses = [p[2] for p in proxy.patches]
    assert 401 in statuses  # the token did run out mid-upload ...
    assert statuses[-1] == 204  # ... and the upload went on to the end
    offsets = [p[0] for p in proxy.patches]
    assert offsets == sorted(offsets) and offsets.count(0) <= 2  # resumed, never restarted
    refreshes = [line for line, _ in proxy.log if "/auth/" in line]
    assert len(refreshes) >= 2  # the start's refresh and at least one after the expiry
    [upload] = hub.uploads()
    assert upload.completed_at is not None
    with open(enrolled.blob_root / blob_id[:2] / f"{blob_id}.age", "rb") as fh:
        assert upload.sha256 == hashlib.sha256(fh.read()).hexdigest()
