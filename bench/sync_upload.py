"""Upload throughput of one large blob over loopback: our tus client (adaptive chunks, a
SHA-256 per chunk, constant memory) against curl sending the same bytes to the same hub in
a single tus PATCH, in the same run. Also checks that our peak RSS does not grow with the
file size (a small and a large upload, each in a fresh process).

    .venv/bin/python bench/sync_upload.py [--size-mb 1024] [--small-mb 128]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import paths  # noqa: E402
from desktop.sync.client import HubClient  # noqa: E402
from desktop.sync.tokens import DeviceCredentials, TokenStore  # noqa: E402
from desktop.sync.tus import BlobUpload, ChunkSizer, TusClient  # noqa: E402
from tests.sync_support.hub_process import HubProcess  # noqa: E402
from tests.sync_support.hubctl import PASSWORD, LiveHub  # noqa: E402
from tests.sync_support.spoke import consult_payload, patient_payload, write_deterministic  # noqa: E402

MIB = 1024 * 1024


class MemoryKeyring:
    """The bench needs no OS keyring: credentials live in this process only."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def child(base_url: str, token: str, path: str, sha: str, consult_id: str) -> None:
    """Ours, in a fresh process: upload, then print seconds and peak RSS as JSON."""
    client = HubClient(base_url)
    client.set_access_token(token)
    size = os.path.getsize(path)
    tus = TusClient(client, ChunkSizer())
    blob = BlobUpload(
        Path(path),
        size,
        sha,
        {"consult_id": consult_id, "sha256": sha, "filename": f"ours-{size}.age"},
    )
    start = time.perf_counter()
    location = tus.upload(blob, save_location=lambda loc: None)
    seconds = time.perf_counter() - start
    info = tus.info(location)
    assert info["sha256"] == sha and info["complete"], info
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_rss_mib": peak_kib / 1024}))
    client.close()


def run_ours(base_url: str, token: str, path: Path, sha: str, consult_id: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", base_url, token, str(path), sha, consult_id],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_curl(client: HubClient, token: str, path: Path, sha: str, consult_id: str) -> float:
    size = path.stat().st_size
    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}"
        for k, v in {"consult_id": consult_id, "sha256": sha, "filename": "curl.age"}.items()
    )
    created = client.send(
        "POST",
        "/api/v1/uploads",
        headers={"Tus-Resumable": "1.0.0", "Upload-Length": str(size), "Upload-Metadata": meta},
    )
    url = created.headers["Location"]
    whole = base64.b64encode(bytes.fromhex(sha)).decode()
    start = time.perf_counter()
    done = subprocess.run(
        [
            "curl",
            "-sS",
            "-X",
            "PATCH",
            "-T",
            str(path),
            "-H",
            "Expect:",
            "-H",
            "Tus-Resumable: 1.0.0",
            "-H",
            "Upload-Offset: 0",
            "-H",
            f"Upload-Checksum: sha256 {whole}",
            "-H",
            "Content-Type: application/offset+octet-stream",
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"curl failed: {done.stderr.strip()} {done.stdout[-300:]}")
    info = client.send("GET", url + "/info").json()
    assert info["sha256"] == sha and info["complete"], info
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--small-mb", type=int, default=128)
    args = parser.parse_args()
    if not shutil.which("curl"):
        raise SystemExit("curl is needed for the reference measurement")
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    paths.init(work / "profile")
    try:
        hub = LiveHub.create(work / "hub")
        hub.start()
        tokens = TokenStore("bench", backend=MemoryKeyring())
        with hub.context.sessions() as s:
            from hub.models import Device
            from hub.security import new_device_secret

            secret, digest = new_device_secret()
            device = Device(
                id=str(uuid.uuid4()),
                facility_id=hub.ids["spoke"],
                name="bench",
                secret_hash=digest,
                enrolled_at=hub.config.clock.now(),
            )
            s.add(device)
            s.commit()
            tokens.save_device(DeviceCredentials(hub.base_url, device.id, secret, hub.ids["spoke"]))
        hub.close()
        limit = (args.size_mb + 64) * MIB
        server = HubProcess(work / "hub", 0, max_bytes=limit)
        server.start()
        try:
            client = HubClient(server.base_url, tokens)
            client.sign_in("operator", PASSWORD)
            token = client._access or ""
            pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
            client.call("PUT", f"/patients/{pid}", json=patient_payload(pid), expect_id=pid)
            client.call("PUT", f"/consults/{cid}", json=consult_payload(pid), expect_id=cid)
            big, small = work / "big.bin", work / "small.bin"
            sha_big = write_deterministic(big, args.size_mb * MIB, seed=1)
            sha_small = write_deterministic(small, args.small_mb * MIB, seed=2)
            curl_s = run_curl(client, token, big, sha_big, cid)
            ours = run_ours(server.base_url, token, big, sha_big, cid)
            ours_small = run_ours(server.base_url, token, small, sha_small, cid)
            client.close()
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mb = args.size_mb * MIB / 1e6
    ours_rate, curl_rate = mb / ours["seconds"], mb / curl_s
    print(
        f"file: {args.size_mb} MiB; ours {ours['seconds']:.2f} s ({ours_rate:.0f} MB/s), "
        f"curl single PATCH {curl_s:.2f} s ({curl_rate:.0f} MB/s)"
    )
    print(
        f"peak RSS of our uploading process: {ours_small['peak_rss_mib']:.0f} MiB for "
        f"{args.small_mb} MiB, {ours['peak_rss_mib']:.0f} MiB for {args.size_mb} MiB"
    )
    growth = ours["peak_rss_mib"] - ours_small["peak_rss_mib"]
    print(f"RSS growth from {args.small_mb} MiB to {args.size_mb} MiB: {growth:.0f} MiB")
    print(
        json.dumps(
            {
                "metric": f"upload throughput, {args.size_mb} MiB blob over loopback",
                "unit": "MB/s",
                "ours": round(ours_rate, 1),
                "reference": round(curl_rate, 1),
                "reference_name": "curl, same bytes in one tus PATCH to the same hub",
                "ratio": round(ours_rate / curl_rate, 3),
                "peak_rss_mib": round(ours["peak_rss_mib"], 1),
                "peak_rss_mib_small": round(ours_small["peak_rss_mib"], 1),
                "small_mib": args.small_mb,
            }
        )
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:7])
        sys.exit(0)
    sys.exit(main())
