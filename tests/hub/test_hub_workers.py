"""``spoke-hub serve --workers N`` (PostgreSQL only): the parent migrates once, N uvicorn
workers share the data folder's secrets, and a token issued by one is honoured by all."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from hub.cli import main
from hub.pgtemp import free_port


def test_workers_need_postgresql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "hub"), "serve", "--workers", "2"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err


@pytest.mark.postgres
def test_two_workers_serve_one_hub(pg_server: str, tmp_path: Path) -> None:
    base = ["--data", str(tmp_path / "hub"), "--db", pg_server]
    assert main([*base, "init", "--admin", "root2w", "--password", "a long password"]) == 0
    port = free_port()
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    argv = [sys.executable, "-m", "hub", *base, "serve", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.1)
        form = {"grant_type": "password", "username": "root2w", "password": "a long password"}
        token = httpx.post(f"{url}/api/v1/auth/token", data=form, timeout=30).json()
        h = {"Authorization": f"Bearer {token['access_token']}"}
        # New connections each time: uvicorn's workers share the socket, so both answer.
        for _ in range(8):
            with httpx.Client(base_url=url, headers=h, timeout=30) as c:
                assert c.get("/api/v1/admin/facilities").status_code == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
