"""Keys in a real Secret Service: stored, read back, and each way a keyring can fail."""

from __future__ import annotations

from contextlib import closing

import pytest
import secretstorage

from desktop.storage.errors import (
    KeyMissingError,
    KeyringLockedError,
    KeyringUnavailableError,
    WrongKeyError,
)
from desktop.storage.keys import KeyStore, ProfileKeys


def test_keys_round_trip_in_the_secret_service(keystore: KeyStore) -> None:
    assert keystore.load("p1") is None
    keys = ProfileKeys.generate()
    keystore.save("p1", keys)
    again = keystore.require("p1")
    assert again.database_key == keys.database_key
    assert again.recipient == keys.recipient
    assert "AGE-SECRET" not in repr(again)
    for value in keys.to_entries().values():
        assert len(value.encode()) < 2560  # Windows Credential Manager's limit


def test_missing_keyring_is_refused(keystore: KeyStore, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus-here")
    with pytest.raises(KeyringUnavailableError) as info:
        KeyStore(service=keystore.service).load("p1")
    assert info.value.code == "keyring_unavailable"


def test_locked_keyring_is_refused(keystore: KeyStore, secret_service) -> None:
    keystore.save("p1", ProfileKeys.generate())
    with closing(secretstorage.dbus_init()) as bus:
        collection = secretstorage.get_default_collection(bus)
        collection.lock()
        try:
            with pytest.raises(KeyringLockedError) as info:
                keystore.load("p1")
            assert info.value.code == "keyring_locked"
        finally:
            secret_service.unlock()
            assert not collection.is_locked()
    assert keystore.load("p1") is not None


def test_half_missing_entries_are_a_missing_key(keystore: KeyStore) -> None:
    keystore.save("p1", ProfileKeys.generate())
    keystore.backend().delete_password(keystore.service, "p1/age-identity")
    with pytest.raises(KeyMissingError):
        keystore.load("p1")


def test_malformed_entry_is_a_wrong_key(keystore: KeyStore) -> None:
    keystore.save("p1", ProfileKeys.generate())
    keystore.backend().set_password(keystore.service, "p1/database-key", "not-hex")
    with pytest.raises(WrongKeyError):
        keystore.load("p1")


BARE_BUS = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def test_session_without_any_secret_service_is_refused(keystore, monkeypatch, tmp_path) -> None:
    """A real session bus on which nothing provides (or can start) a Secret Service."""
    import os
    import subprocess

    config = tmp_path / "bare-bus.conf"
    config.write_text(BARE_BUS.format(dir=tmp_path))
    bus = subprocess.run(
        ["dbus-daemon", f"--config-file={config}", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    address, pid = bus.stdout.split()[:2]
    try:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        with pytest.raises(KeyringUnavailableError) as info:
            KeyStore(service=keystore.service).load("p1")
        assert "neither running nor activatable" in info.value.detail
    finally:
        os.kill(int(pid), 15)
