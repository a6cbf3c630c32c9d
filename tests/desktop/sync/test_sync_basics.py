"""Enrollment, sign-in, token refresh, revocation and the send path against the real hub."""

from __future__ import annotations

import threading

import pytest

from desktop.sync.client import HubClient
from desktop.sync.errors import DeviceRevokedError, UnexpectedAnswerError
from desktop.sync.events import ItemSent
from protocol.errors import ErrorCode
from tests.helpers.waiting import wait_for
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import Spoke


def test_enrollment_stores_device_and_hub_key(hub: LiveHub, enrolled: Spoke) -> None:
    creds = enrolled.tokens.device()
    assert creds is not None and creds.device_id and creds.hub_recipient.startswith("age1")
    assert enrolled.tokens.refresh_token()


def test_records_reach_the_hub_in_order(hub: LiveHub, enrolled: Spoke) -> None:
    pid = enrolled.add_patient()
    enrolled.add_consult(pid)
    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 2})
    assert (hub.patients(), hub.consults()) == (1, 1)
    sent = [e.entity_type for e in enrolled.recorder.of(ItemSent)]
    assert sent == ["patient", "consult"]


def test_captive_portal_200_never_marks_synced(hub: LiveHub, enrolled: Spoke) -> None:
    proxy = FaultProxy(hub.port, {"html200": 1.0}).start()
    try:
        enrolled.add_patient()
        with HubClient(proxy.url, enrolled.tokens) as client, pytest.raises(UnexpectedAnswerError):
            client.call("GET", "/consults")
        engine = enrolled.engine(hub_url=proxy.url)
        engine.start()
        wait_for(lambda: proxy.counts["html200"] >= 3)
        assert enrolled.states() == {"pending": 1}
        proxy.enabled = False
        engine.retry_now()
        wait_for(lambda: enrolled.states() == {"done": 1})
        assert hub.patients() == 1
    finally:
        for engine in enrolled.engines:
            engine.stop()  # before the proxy: a pull in flight would be cut by its closing
        proxy.stop()


def test_expired_access_token_is_refreshed_mid_sync(hub: LiveHub, enrolled: Spoke) -> None:
    with HubClient(hub.base_url, enrolled.tokens) as client:
        client.call("GET", "/consults")
        old_refresh = enrolled.tokens.refresh_token()
        client.set_access_token("expired.or.garbage")
        assert client.call("GET", "/consults") == []
    assert enrolled.tokens.refresh_token() != old_refresh  # rotated and kept


def test_revoked_device_gets_a_clear_message_and_keeps_data(hub: LiveHub, enrolled: Spoke) -> None:
    enrolled.add_patient()
    hub.revoke_all_devices()
    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: engine.worker is not None and engine.worker.blocked is not None)
    assert isinstance(engine.worker.blocked, DeviceRevokedError)  # type: ignore[union-attr]
    assert engine.worker.blocked.hub_code is ErrorCode.DEVICE_REVOKED  # type: ignore[union-attr]
    assert enrolled.states() == {"pending": 1}  # nothing deleted, nothing marked sent
    assert enrolled.tokens.device() is not None


def test_sign_in_needs_enrolled_device(hub: LiveHub, spoke: Spoke) -> None:
    from desktop.sync.errors import NotEnrolledError

    with HubClient(hub.base_url, spoke.tokens) as client, pytest.raises(NotEnrolledError):
        client.sign_in("operator", PASSWORD)


def test_recording_segments_upload_one_by_one_while_recording(
    hub: LiveHub, enrolled: Spoke
) -> None:
    pid = enrolled.add_patient()
    cid = enrolled.add_consult(pid)
    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 2})
    for n in range(4):  # a segment is finished: blob + outbox row, the worker is told
        enrolled.add_blob(cid, 300_000 + n, seed=n)
        engine.notify_new_work()
        wait_for(lambda n=n: enrolled.states() == {"done": 3 + n})  # type: ignore[misc]
        assert len([u for u in hub.uploads() if u.completed_at is not None]) == n + 1


def test_pause_mid_upload_keeps_the_hub_offset_and_resume_finishes_it(
    hub: LiveHub, enrolled: Spoke
) -> None:
    from dataclasses import replace

    from desktop.sync.events import ItemProgress
    from tests.sync_support.spoke import FAST

    pid = enrolled.add_patient()
    cid = enrolled.add_consult(pid)
    size = 8 * 1024 * 1024
    enrolled.add_blob(cid, size)
    # Slow, small chunks so the pause lands mid-upload.
    proxy = FaultProxy(hub.port, {"delay": 1.0}, max_delay=0.05).start()
    try:
        engine = enrolled.engine(
            hub_url=proxy.url, config=replace(FAST, max_chunk=256 * 1024, progress_interval=0)
        )
        engine.start()
        wait_for(lambda: any(0 < e.done < size for e in enrolled.recorder.of(ItemProgress)))
        engine.pause()
        assert engine.worker.settled()  # the chunk in flight is answered; then it stops
        held = hub.uploads()[0]
        offset = hub.context.storage.size(held.id)
        assert engine.worker.settled()  # woken while paused: it looks, and sends nothing
        assert hub.context.storage.size(held.id) == offset < size  # nothing moves while paused
        assert enrolled.states() == {"done": 2, "pending": 1}
        engine.resume()
        wait_for(lambda: enrolled.states() == {"done": 3}, timeout=60)
    finally:
        engine.stop()
        proxy.stop()
    uploads = hub.uploads()
    assert len(uploads) == 1 and uploads[0].completed_at is not None
    resumed_at = [e.done for e in enrolled.recorder.of(ItemProgress)]
    assert offset in resumed_at  # the second run started where the hub was


def test_start_never_blocks_and_a_locked_keyring_is_reported(spoke: Spoke) -> None:
    import keyring.errors

    from desktop.sync.events import StatusChanged
    from desktop.sync.tokens import TokenStore

    answer = threading.Event()

    class LockedKeyring:
        def get_password(self, service: str, username: str) -> str | None:
            answer.wait(30)  # a slow D-Bus round trip, then a refusal
            raise keyring.errors.KeyringLocked("locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.KeyringLocked("locked")

        def delete_password(self, service: str, username: str) -> None:
            raise keyring.errors.KeyringLocked("locked")

    spoke.tokens = TokenStore("test-locked", backend=LockedKeyring())
    spoke.add_patient()
    engine = spoke.engine()
    engine.start()  # returns while the keyring has not answered: the UI thread is not held
    assert not spoke.recorder.of(StatusChanged)
    answer.set()
    wait_for(lambda: bool(spoke.recorder.of(StatusChanged)))
    status = spoke.recorder.of(StatusChanged)[-1]
    assert status.state == "offline" and status.error_code == "KeyringError"
    assert status.pending == 1 and engine.worker is None
