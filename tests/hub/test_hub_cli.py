"""The ``spoke-hub`` commands and the embedded demo hub used by ``spoke-clinic --demo``."""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import ssl
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hub.cli import main
from hub.embedded import DEMO_DOCTOR, DEMO_OPERATOR, DEMO_PASSWORD, EmbeddedSecrets, start_embedded
from hub.pgtemp import free_port
from protocol import formulary
from tests.hub.world import consult_body, patient_resource


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, str]:
    assert main(list(argv)) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_admin_commands(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--data", str(tmp_path / "hub"), "--db", db_url]
    out = run(capsys, *base, "init", "--admin", "root", "--password", "a long password")
    assert out["hub_key"].startswith("age1") and out["admin_id"]
    # The key is kept: a second init reports the same public key.
    assert run(capsys, *base, "init")["hub_key"] == out["hub_key"]
    hub = run(capsys, *base, "add-facility", "hub", "Zonal Hub Patna", "--state", "Bihar")
    spoke = run(
        capsys,
        *base,
        "add-facility",
        "spoke",
        "HWC Danapur",
        "--state",
        "Bihar",
        "--district",
        "Patna",
        "--hub",
        hub["id"],
    )
    doc = run(
        capsys,
        *base,
        "add-user",
        "dr.kumar",
        "--role",
        "hub_doctor",
        "--facility",
        hub["id"],
        "--password",
        "a long password",
        "--specialty",
        "general_medicine",
        "--specialty",
        "paediatrics",
        "--registration-number",
        "BR-1234",
    )
    assert doc["role"] == "hub_doctor"
    pm = run(
        capsys, *base, "add-user", "pm.bihar", "--role", "programme_manager",
        "--password", "a long password", "--scope", "Bihar", "--scope", "Kerala/Wayanad",
    )  # fmt: skip
    assert pm["role"] == "programme_manager"
    code = run(capsys, "enroll-code", spoke["id"], *base)  # options after the command
    assert len(code["code"]) == 14
    # Errors are reported as such, with a non-zero status.
    assert main([*base, "add-facility", "spoke", "Orphan", "--state", "Bihar"]) == 2
    assert "hub_id" in capsys.readouterr().err


def test_serve_entry_point(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "hub"
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub", "--data", str(data), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert r.json() == {"status": "ready"}
        spec = httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()
        assert "/api/v1/consults/{consult_id}" in spec["paths"]
    finally:
        proc.terminate()
        proc.wait(20)
        if proc.stdout:
            proc.stdout.close()
    assert (data / "hub.db").exists() and (data / "hub-key.txt").stat().st_mode & 0o077 == 0


def _login(base: str, user: str, device: tuple[str, str]) -> dict[str, str]:
    r = httpx.post(
        f"{base}/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": user,
            "password": DEMO_PASSWORD,
            "client_id": device[0],
            "client_secret": device[1],
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_embedded_demo_hub(tmp_path: Path) -> None:
    secrets = EmbeddedSecrets.generate()
    hub = start_embedded(tmp_path / "demo", secrets)
    try:
        base = hub.base_url
        assert base.startswith("http://127.0.0.1:")
        op = _login(base, DEMO_OPERATOR, hub.devices["spoke"])
        doc = _login(base, DEMO_DOCTOR, hub.devices["hub"])
        httpx.put(
            f"{base}/api/v1/doctors/me/availability", json={"availability": "online"}, headers=doc
        ).raise_for_status()
        pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
        httpx.put(
            f"{base}/api/v1/patients/{pid}", json={"resource": patient_resource(pid)}, headers=op
        ).raise_for_status()
        r = httpx.put(f"{base}/api/v1/consults/{cid}", json=consult_body(pid), headers=op)
        assert r.status_code == 201 and r.json()["status"] == "assigned"
        # A fresh enrollment code works once.
        r = httpx.post(f"{base}/api/v1/auth/enroll", json={"code": hub.enrollment_codes["spoke"]})
        assert r.status_code == 201
    finally:
        hub.stop()
    # Restart on the same data: seeds are idempotent.
    again = start_embedded(tmp_path / "demo", secrets)
    try:
        op = _login(again.base_url, DEMO_OPERATOR, again.devices["spoke"])
        r = httpx.get(f"{again.base_url}/api/v1/consults/{cid}", headers=op)
        assert r.status_code == 200 and r.json()["id"] == cid
    finally:
        again.stop()


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A throwaway CA-style certificate for 127.0.0.1 and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "spoke hub test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "hub.crt", tmp_path / "hub.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_serve_options_db_blobs_tls_and_proxy(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`serve --db --blobs --tls-cert --tls-key --behind-proxy` in its own process: HTTPS with
    the given certificate, records in the given database, blobs in the given directory, and
    X-Forwarded-Proto from the (loopback) proxy honoured."""
    data, blobs = tmp_path / "hub", tmp_path / "elsewhere" / "blobs"
    cert, key = _self_signed(tmp_path)
    base = ["--data", str(data), "--db", db_url]
    run(capsys, *base, "init")
    hub_id = run(capsys, *base, "add-facility", "hub", "Zonal Hub", "--state", "Kerala")["id"]
    spoke_id = run(
        capsys, *base, "add-facility", "spoke", "HWC Test", "--state", "Kerala", "--hub", hub_id
    )["id"]
    run(
        capsys, *base, "add-user", "operator1", "--role", "spoke_operator", "--facility", spoke_id,
        "--password", "a long password",
    )  # fmt: skip
    code = run(capsys, *base, "enroll-code", spoke_id)["code"]

    port = free_port()
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    argv = [sys.executable, "-m", "hub", *base, "serve", "--port", str(port)]
    argv += ["--blobs", str(blobs), "--tls-cert", str(cert), "--tls-key", str(key)]
    argv += ["--behind-proxy"]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"https://127.0.0.1:{port}"
    tls = ssl.create_default_context(cafile=str(cert))
    try:
        with httpx.Client(base_url=url, verify=tls, timeout=10) as c:
            deadline = time.monotonic() + 30
            while True:
                try:
                    r = c.get("/healthz")
                    break
                except httpx.TransportError:
                    assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                    assert time.monotonic() < deadline
                    time.sleep(0.1)
            assert r.status_code == 200
            assert c.get("/readyz").json() == {"status": "ready"}
            with pytest.raises(httpx.ConnectError):  # it is TLS, and only this certificate
                httpx.get(f"{url}/healthz", verify=ssl.create_default_context(), timeout=5)

            device = c.post("/api/v1/auth/enroll", json={"code": code, "name": "pc"}).json()
            form = {
                "grant_type": "password",
                "username": "operator1",
                "password": "a long password",
                "client_id": device["device_id"],
                "client_secret": device["device_secret"],
            }
            token = c.post("/api/v1/auth/token", data=form).json()["access_token"]
            h = {"Authorization": f"Bearer {token}"}
            pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
            r = c.put(
                f"/api/v1/patients/{pid}", json={"resource": patient_resource(pid)}, headers=h
            )
            assert r.status_code == 201
            r = c.put(f"/api/v1/consults/{cid}", json=consult_body(pid, final=False), headers=h)
            assert r.status_code == 201
            meta = "consult_id " + base64.b64encode(cid.encode()).decode()
            tus = h | {"Tus-Resumable": "1.0.0"}
            r = c.post(
                "/api/v1/uploads",
                headers=tus
                | {"Upload-Length": "5", "Upload-Metadata": meta}
                | {"X-Forwarded-Proto": "http"},  # what a TLS-terminating proxy would send
            )
            assert r.status_code == 201
            assert r.headers["Location"].startswith(f"http://127.0.0.1:{port}/")
            path = urlsplit(r.headers["Location"]).path
            octets = {"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"}
            assert c.patch(path, content=b"hello", headers=tus | octets).status_code == 204
    finally:
        proc.terminate()
        proc.wait(20)
        if proc.stdout:
            proc.stdout.close()
    upload_id = path.rsplit("/", 1)[1]
    assert (blobs / upload_id[:2] / upload_id).read_bytes() == b"hello"
    assert not list(data.rglob(upload_id))  # not in the default blobs dir under --data
    assert not (data / "hub.db").exists()  # the records went to --db


def test_formulary_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`spoke-hub formulary check FILE`: the shipped file passes; a bad row is named."""
    shipped = formulary.default_dir() / "tpg-2020.csv"
    assert main(["formulary", "check", str(shipped)]) == 0
    assert "no problems" in capsys.readouterr().out
    bad = tmp_path / "tpg-2020.csv"
    bad.write_text(
        shipped.read_text(encoding="utf-8") + "x1,Zz,,,B,,,NOWHERE: guess\n", encoding="utf-8"
    )
    settings = formulary.default_dir() / "tpg-2020.toml"
    assert main(["formulary", "check", str(bad), "--settings", str(settings)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:154: generic: 'Zz' has fewer than 3 letters to match on" in out
    assert f"{bad}:154: source: must start with a known source" in out
