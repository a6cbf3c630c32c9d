"""ICE servers for a call come from the hub right before it (TURN credentials expire), over
the call runtime; aiortc gets them as its configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.call.ice import fetch_ice_config
from desktop.call.peer import rtc_configuration
from desktop.call.runtime import CallRuntime
from desktop.call.signaling import NotSignedIn
from tests.call.support import sign_in
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import Spoke


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    live = LiveHub.create(
        tmp_path / "ice-hub",
        stun_urls=["stun:stun.clinic.test:3478"],
        turn_urls=["turn:turn.clinic.test:3478"],
        turn_secret="synthetic-turn-secret",
    ).start()
    yield live
    live.close()


def test_ice_servers_are_fetched_for_the_call(hub: LiveHub) -> None:
    token = sign_in(hub.base_url, hub.enrollment_code(), "operator")
    with CallRuntime() as runtime:
        ice = runtime.submit(fetch_ice_config(hub.base_url, token)).result(60)
        with pytest.raises(NotSignedIn):
            runtime.submit(fetch_ice_config(hub.base_url, "not-a-token")).result(60)
    assert [u for s in ice["ice_servers"] for u in s["urls"]] == [
        "stun:stun.clinic.test:3478",
        "turn:turn.clinic.test:3478",
    ]
    assert ice["ttl_seconds"] == 3600
    stun, turn = rtc_configuration(ice).iceServers
    assert stun.urls == ["stun:stun.clinic.test:3478"] and stun.username is None
    assert turn.urls == ["turn:turn.clinic.test:3478"]
    assert turn.username == ice["ice_servers"][1]["username"] and turn.credential


def test_the_signed_in_sync_engine_gives_the_call_its_token(hub: LiveHub, tmp_path: Path) -> None:
    """The app's path: the hub client signed in by enrollment hands out an access token
    (``HubClient.access_token``), which the call's ICE request and room accept."""
    spoke = Spoke.create(tmp_path / "spoke")
    try:
        engine = spoke.engine()
        engine.enroll(hub.base_url, hub.enrollment_code(), "Reception PC", "operator", PASSWORD)
        assert engine.client is not None
        token = engine.client.access_token()
        with CallRuntime() as runtime:
            ice = runtime.submit(fetch_ice_config(hub.base_url, token)).result(60)
        assert len(ice["ice_servers"]) == 2
        engine.stop()
    finally:
        spoke.close()
