"""Pinning the hub's CA in the Connect dialog: a hub with its own CA is refused until its CA
file is chosen (shown by fingerprint, kept through ``ca_changed``); a file that is not a CA
certificate is refused with a message and changes nothing."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pytestqt.qtbot import QtBot

from desktop.sync.pinning import ca_fingerprint
from desktop.ui.sync import SyncBridge
from desktop.ui.sync.connect_dialog import ConnectDialog
from tests.desktop.sync.test_sync_connectivity import _cert, _pem
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke


def test_connect_dialog_pins_the_hub_ca(qtbot: QtBot, tmp_path: Path, spoke: Spoke) -> None:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Spoke Clinic test CA", ca_key, None, None, ca=True)
    srv_key = ec.generate_private_key(ec.SECP256R1())
    srv = _cert("127.0.0.1", srv_key, ca, ca_key, ca=False)
    cert_file, key_file, ca_file = tmp_path / "hub.pem", tmp_path / "hub.key", tmp_path / "ca.pem"
    cert_file.write_text(_pem(srv))
    ca_file.write_text(_pem(ca))
    key_file.write_bytes(
        srv_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    leaf_only = tmp_path / "leaf.pem"  # a server certificate is not a CA to pin
    leaf_only.write_text(_pem(srv))
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("synthetic notes, not a certificate")
    hub = LiveHub.create(tmp_path / "hub").start(tls=(str(cert_file), str(key_file)))
    try:
        bridge = SyncBridge()
        engine = spoke.engine(hub_url="")
        engine.listener = bridge.listener
        bridge.set_engine(engine)
        dialog = ConnectDialog(bridge, hub.base_url)
        qtbot.addWidget(dialog)
        label = dialog.form.labelForField(dialog.url)  # every field is named on screen
        assert label is not None and label.text() == "Hub address"  # type: ignore[attr-defined]
        assert "trusted certificates" in dialog.ca_label.text()
        assert not dialog.ca_system_button.isEnabled()
        dialog.code.setText(hub.enrollment_code())
        dialog.connect_button.click()  # the system's store does not know this hub's CA
        qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=20000)
        assert "certificate could not be checked" in dialog.message.text()
        assert spoke.tokens.device() is None
        changes: list[str] = []
        dialog.ca_changed.connect(changes.append)
        for wrong in (leaf_only, not_pem, tmp_path / "missing.pem"):
            assert not dialog.set_ca_file(wrong)
            assert "not a certificate authority" in dialog.message.text()
        assert changes == [] and dialog.ca_pem == ""
        assert dialog.set_ca_file(ca_file)
        assert changes == [_pem(ca)]
        assert ca_fingerprint(_pem(ca)) in dialog.ca_label.text()
        assert dialog.ca_system_button.isEnabled()
        with qtbot.waitSignal(dialog.connected, timeout=20000):
            dialog.connect_button.click()
        assert spoke.tokens.device() is not None and engine.ca_pem == _pem(ca)
        dialog.ca_system_button.click()
        assert changes[-1] == "" and engine.ca_pem == ""
    finally:
        for running in spoke.engines:
            running.stop()
        hub.close()
