"""The ``spoke-hub`` commands and the embedded demo hub used by ``spoke-clinic --demo``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from hub.cli import main
from hub.embedded import DEMO_DOCTOR, DEMO_OPERATOR, DEMO_PASSWORD, start_embedded
from hub.pgtemp import free_port
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
    hub = start_embedded(tmp_path / "demo")
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
    again = start_embedded(tmp_path / "demo")  # restart on the same data: seeds are idempotent
    try:
        op = _login(again.base_url, DEMO_OPERATOR, again.devices["spoke"])
        r = httpx.get(f"{again.base_url}/api/v1/consults/{cid}", headers=op)
        assert r.status_code == 200 and r.json()["id"] == cid
    finally:
        again.stop()
