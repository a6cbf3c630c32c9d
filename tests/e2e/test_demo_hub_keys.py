"""The embedded hub's keys in demo mode: created once in the OS keyring under their own
service, never written to the profile; an older demo's hub-key.txt moves into the keyring;
an encrypted hub database whose keys are gone is refused, never given new keys."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from desktop import paths
from desktop.storage.errors import KeyMissingError
from desktop.storage.keys import SERVICE, KeyStore
from desktop.ui import demo
from hub import embedded
from hub.app import build_context
from hub.config import HubConfig
from hub.embedded import DatabaseState


@pytest.fixture
def hub_keys() -> Iterator[KeyStore]:
    """A keyring service of this test's own (the real Secret Service of the test run)."""
    yield KeyStore(service=f"{demo.DEMO_HUB_SERVICE}-test-{uuid.uuid4().hex[:12]}")


def test_hub_keys_are_created_once_in_their_own_keyring_service(
    profile: paths.Locations, hub_keys: KeyStore
) -> None:
    assert demo.DEMO_HUB_SERVICE != SERVICE  # apart from the spoke's own keys
    profile_id = uuid.uuid4().hex
    hub_dir = demo.demo_hub_dir(profile)
    first = demo.demo_hub_secrets(hub_dir, profile_id, hub_keys)
    again = demo.demo_hub_secrets(hub_dir, profile_id, hub_keys)
    assert again.database_key == first.database_key
    assert str(again.identity) == str(first.identity)
    stored = hub_keys.require(profile_id)
    assert stored.database_key == first.database_key
    assert not hub_dir.exists()  # nothing on disk
    sibling = demo.hub_keystore(KeyStore(backend=hub_keys.backend()))
    assert sibling.service == demo.DEMO_HUB_SERVICE and sibling.backend() is hub_keys.backend()

    hub = demo.start_demo_hub(profile, profile_id, hub_keys)
    try:
        assert str(hub.context.identity) == str(first.identity)
    finally:
        hub.stop()
    assert embedded.database_state(hub_dir) is DatabaseState.ENCRYPTED
    assert not (hub_dir / "hub-key.txt").exists()
    # Another profile gets other keys.
    other = demo.demo_hub_secrets(hub_dir.parent / "elsewhere", uuid.uuid4().hex, hub_keys)
    assert other.database_key != first.database_key


def test_an_older_demos_hub_key_moves_into_the_keyring(
    profile: paths.Locations, hub_keys: KeyStore
) -> None:
    hub_dir = demo.demo_hub_dir(profile)
    context = build_context(HubConfig.for_data_dir(hub_dir))  # as older versions did
    old_identity = str(context.identity)
    context.engine.dispose()
    assert (hub_dir / "hub-key.txt").exists()
    assert embedded.database_state(hub_dir) is DatabaseState.PLAIN
    profile_id = uuid.uuid4().hex

    hub = demo.start_demo_hub(profile, profile_id, hub_keys)
    try:
        # Blobs spokes encrypted to the old key stay readable by the hub.
        assert str(hub.context.identity) == old_identity
    finally:
        hub.stop()
    assert str(hub_keys.require(profile_id).identity) == old_identity
    assert not (hub_dir / "hub-key.txt").exists()
    assert embedded.database_state(hub_dir) is DatabaseState.ENCRYPTED


def test_an_encrypted_hub_without_its_keys_is_refused(
    profile: paths.Locations, hub_keys: KeyStore
) -> None:
    profile_id = uuid.uuid4().hex
    demo.start_demo_hub(profile, profile_id, hub_keys).stop()
    hub_dir = demo.demo_hub_dir(profile)
    before = (hub_dir / "hub.db").read_bytes()
    hub_keys.delete(profile_id)  # the keyring lost them

    with pytest.raises(KeyMissingError):
        demo.start_demo_hub(profile, profile_id, hub_keys)
    assert hub_keys.load(profile_id) is None  # no new keys made over the data
    assert (hub_dir / "hub.db").read_bytes() == before
