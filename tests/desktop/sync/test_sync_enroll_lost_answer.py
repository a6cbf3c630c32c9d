"""Enrollment survives a lost answer: the hub committed the device, the answer was cut; the
retry (same code, same installation-generated secret) gets the same device, and the hub
keeps exactly one device for the code."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from desktop.sync.enroll import enroll
from desktop.sync.errors import SyncError
from hub.models import Device
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke


def devices(hub: LiveHub) -> list[Device]:
    with hub.context.sessions() as s:
        return list(s.scalars(select(Device)))


def test_cut_answer_is_retried_with_the_same_device(hub: LiveHub, spoke: Spoke) -> None:
    proxy = FaultProxy(hub.port).start()
    try:
        proxy.aim(b"/auth/enroll", ["cut_response"])
        result = enroll(proxy.url, hub.enrollment_code(), spoke.tokens, name="test PC")
        assert proxy.counts["cut_response"] == 1
        (device,) = devices(hub)
        assert result.device_id == device.id
        creds = spoke.tokens.device()
        assert creds is not None and creds.device_id == device.id
        # The stored secret is the one the hub holds: signing in works.
        spoke.tokens.forget_session()
        from desktop.sync.client import HubClient
        from tests.sync_support.hubctl import PASSWORD

        client = HubClient(hub.base_url, spoke.tokens)
        try:
            client.sign_in("operator", PASSWORD)
        finally:
            client.close()
    finally:
        proxy.stop()


def test_operator_pressing_connect_again_gets_the_same_device(hub: LiveHub, spoke: Spoke) -> None:
    proxy = FaultProxy(hub.port).start()
    code = hub.enrollment_code()
    try:
        proxy.aim(b"/auth/enroll", ["cut_response"] * 3)  # every attempt of the first press
        with pytest.raises(SyncError):
            enroll(proxy.url, code, spoke.tokens, name="test PC")
        assert spoke.tokens.device() is None and len(devices(hub)) == 1
        result = enroll(proxy.url, code, spoke.tokens, name="test PC")
        (device,) = devices(hub)
        assert result.device_id == device.id
    finally:
        proxy.stop()


def test_a_used_code_with_another_secret_is_refused(hub: LiveHub, spoke: Spoke) -> None:
    code = hub.enrollment_code()
    enroll(hub.base_url, code, spoke.tokens, name="test PC")
    for secret in ("x" * 40, None):
        body = {"code": code, "name": "other"} | ({"device_secret": secret} if secret else {})
        r = httpx.post(f"{hub.base_url}/api/v1/auth/enroll", json=body)
        assert r.status_code == 401
        assert "x" * 40 not in r.text
    assert len(devices(hub)) == 1
