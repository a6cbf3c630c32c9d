"""Connectivity: immediate retry when the hub answers again, and TLS with a pinned CA."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.sync.client import HubClient, json_body
from desktop.sync.enroll import enroll
from desktop.sync.errors import TlsError
from desktop.sync.worker import WorkerConfig
from tests.helpers.waiting import wait_for
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke


def test_retry_is_immediate_when_the_hub_comes_back(hub: LiveHub, enrolled: Spoke) -> None:
    # A backoff of an hour: without the connectivity probe the row would wait that long, so
    # the row arriving at all shows the retry did not wait it out (no wall-clock budget).
    slow = WorkerConfig(
        backoff_base=3600.0, backoff_cap=7200.0, probe_interval=0.1, pull_interval=3600.0
    )
    engine = enrolled.engine(config=slow)
    enrolled.add_patient()
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 1})
    hub.stop()
    row = enrolled.add(
        "patient", "1" * 32, "create", {"resource": {"resourceType": "Patient", "gender": "male"}}
    )
    engine.notify_new_work()
    wait_for(lambda: getattr(engine.queue.get(row), "attempts", 0) >= 1)
    item = engine.queue.get(row)
    assert item is not None and item.next_attempt_at is not None
    assert (item.next_attempt_at - dt.datetime.now(dt.UTC)).total_seconds() > 1800
    hub.start()
    wait_for(lambda: enrolled.states() == {"done": 2})
    assert hub.patients() == 2


def _cert(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey | None,
    ca: bool,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    return builder.sign(issuer_key or key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def test_tls_verified_against_the_pinned_ca(tmp_path: Path, spoke: Spoke) -> None:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Spoke Clinic test CA", ca_key, None, None, ca=True)
    srv_key = ec.generate_private_key(ec.SECP256R1())
    srv = _cert("127.0.0.1", srv_key, ca, ca_key, ca=False)
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_ca = _cert("Some other CA", other_key, None, None, ca=True)
    cert_file, key_file = tmp_path / "hub.pem", tmp_path / "hub.key"
    cert_file.write_text(_pem(srv))
    key_file.write_bytes(
        srv_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    hub = LiveHub.create(tmp_path / "hub").start(tls=(str(cert_file), str(key_file)))
    try:
        assert hub.base_url.startswith("https://")
        with HubClient(hub.base_url, ca_pem=_pem(ca)) as client:
            assert json_body(client.send("GET", "/healthz", auth=False)) == {"status": "ok"}
        for pinned in ("", _pem(other_ca)):  # the system store, or the wrong CA
            with HubClient(hub.base_url, ca_pem=pinned) as client, pytest.raises(TlsError):
                client.send("GET", "/healthz", auth=False)
        with pytest.raises(TlsError):
            enroll(hub.base_url, hub.enrollment_code(), spoke.tokens)
        assert spoke.tokens.device() is None  # nothing stored, no code spent
        enroll(hub.base_url, hub.enrollment_code(), spoke.tokens, ca_pem=_pem(ca))
        assert spoke.tokens.device() is not None
    finally:
        hub.close()
