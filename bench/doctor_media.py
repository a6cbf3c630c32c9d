"""A doctor's media read: the hub (its own process, loopback) serving a recording re-encrypted
to the doctor's device key (request to last byte, the client reading it to a file), against
the ``age`` CLI decrypting the same stored blob with the hub key and re-encrypting it to the
same device key (``age -d | age -r``, to a file), in the same run. Also the queue push: from a
spoke's final consult PUT to the doctor's long-poll answer, and to the consult in the queue.

    .venv/bin/python bench/doctor_media.py [--size-mb 200] [--rounds 5] [--pushes 5]

Needs the ``age`` CLI (Debian/Ubuntu: ``apt-get install age``); the bench installs nothing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pyrage  # noqa: E402
from pyrage import x25519  # noqa: E402

from tests.sync_support.hub_process import HubProcess  # noqa: E402
from tests.sync_support.hubctl import PASSWORD, LiveHub  # noqa: E402

MIB = 1024 * 1024


class HashSink(io.RawIOBase):
    """Write end for pyrage: only the SHA-256 of the plaintext is kept."""

    def __init__(self) -> None:
        super().__init__()
        self.sha = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.sha.update(data)
        return len(data)


def synthetic(path: Path, size: int) -> str:
    """Deterministic bytes that do not compress (like an H.264 recording); their SHA-256."""
    sha = hashlib.sha256()
    block = hashlib.shake_256(b"synthetic recording").digest(4 * MIB)
    with path.open("wb") as fh:
        left = size
        while left:
            piece = block[: min(left, len(block))]
            fh.write(piece)
            sha.update(piece)
            left -= len(piece)
    return sha.hexdigest()


def login(http: httpx.Client, username: str, facility: str, hub: LiveHub, **extra: str) -> None:
    device = http.post(
        "/auth/enroll", json={"code": hub.enrollment_code(facility), "name": "bench", **extra}
    ).json()
    form = {
        "grant_type": "password",
        "username": username,
        "password": PASSWORD,
        "client_id": device["device_id"],
        "client_secret": device["device_secret"],
    }
    token = http.post("/auth/token", data=form).json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"


def put_consult(op: httpx.Client, patient_id: str) -> str:
    cid = str(uuid.uuid4())
    body = {"patient_id": patient_id, "specialty": "general_medicine", "final": True}
    r = op.put(f"/consults/{cid}", json=body)
    assert r.status_code == 201, r.text
    return cid


def upload(op: httpx.Client, consult_id: str, blob: Path) -> str:
    meta = "consult_id " + base64.b64encode(consult_id.encode()).decode()
    tus = {"Tus-Resumable": "1.0.0"}
    size = blob.stat().st_size
    r = op.post("/uploads", headers=tus | {"Upload-Length": str(size), "Upload-Metadata": meta})
    url = r.headers["Location"]
    with blob.open("rb") as fh:
        r = op.patch(
            url,
            content=iter(lambda: fh.read(4 * MIB), b""),
            headers=tus | {"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
            timeout=600,
        )
    assert r.status_code == 204, r.text
    return url.rstrip("/").rsplit("/", 1)[-1]


def hub_read(doc: httpx.Client, url: str, out: Path) -> float:
    start = time.perf_counter()
    with doc.stream("GET", url, timeout=600) as r, out.open("wb") as fh:
        assert r.status_code == 200, r.read()
        for piece in r.iter_bytes():
            fh.write(piece)
    return time.perf_counter() - start


def age_cli(blob: Path, hub_key: Path, recipient: str, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        f"age -d -i {hub_key} {blob} | age -r {recipient} > {out}",
        shell=True,
        check=True,
    )
    return time.perf_counter() - start


def plaintext_sha(path: Path, identity: x25519.Identity) -> str:
    sink = HashSink()
    with path.open("rb") as fh:
        pyrage.decrypt_io(fh, sink, [identity])
    return sink.sha.hexdigest()


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def push_latency(
    base: str, op: httpx.Client, doc: httpx.Client, patient_id: str
) -> tuple[float, float]:
    """Seconds from the final PUT to the watch answer, and to the consult in the queue."""
    since = doc.get("/doctors/me/queue/watch", params={"since": -1}).json()["version"]
    answered: list[float] = []
    watcher = httpx.Client(base_url=base, headers=doc.headers, timeout=60)

    def watch() -> None:
        r = watcher.get("/doctors/me/queue/watch", params={"since": since, "timeout": 30})
        assert r.json()["version"] > since
        answered.append(time.perf_counter())

    thread = threading.Thread(target=watch)
    thread.start()
    time.sleep(0.3)  # let the long-poll reach the hub and wait (a bench, not a test)
    start = time.perf_counter()
    cid = put_consult(op, patient_id)
    thread.join()
    ids = [c["id"] for c in doc.get("/doctors/me/queue").json()]
    listed = time.perf_counter()
    watcher.close()
    assert cid in ids
    doc.post(f"/consults/{cid}/claim")  # keep the next offer slot free
    doc.post(f"/consults/{cid}/accept")
    doc.post(f"/consults/{cid}/complete")
    return answered[0] - start, listed - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pushes", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("age") is None:
        print("the age CLI is missing: install it (Debian/Ubuntu: apt-get install age)")
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-doctor-media-") as tmp:
        root = Path(tmp)
        seeded = LiveHub.create(root / "hub")
        seeded.close()
        proc = HubProcess(root / "hub", 0, max_bytes=(args.size_mb + 64) * MIB)
        proc.start()
        base = f"{proc.base_url}/api/v1"
        try:
            op = httpx.Client(base_url=base, timeout=60)
            doc = httpx.Client(base_url=base, timeout=60)
            device = x25519.Identity.generate()
            recipient = str(device.to_public())
            login(op, "operator", "spoke", seeded)
            login(doc, "doctor", "hub", seeded, age_recipient=recipient)
            assert doc.put("/doctors/me/availability", json={"availability": "online"}).is_success
            patient_id = str(uuid.uuid4())
            op.put(
                f"/patients/{patient_id}",
                json={"resource": {"resourceType": "Patient", "id": patient_id}},
            ).raise_for_status()

            plain = root / "recording.mp4"
            size = args.size_mb * MIB
            sha = synthetic(plain, size)
            hub_key = root / "hub" / "hub-key.txt"
            blob = root / "recording.age"
            hub_recipient = x25519.Identity.from_str(
                next(line for line in hub_key.read_text().splitlines() if line.startswith("AGE-"))
            ).to_public()
            spoke_recipient = x25519.Identity.generate().to_public()
            with plain.open("rb") as src, blob.open("wb") as dst:
                pyrage.encrypt_io(src, dst, [spoke_recipient, hub_recipient])
            plain.unlink()
            cid = put_consult(op, patient_id)  # offered to the doctor
            uid = upload(op, cid, blob)
            stored = root / "hub" / "blobs" / uid[:2] / uid
            url = f"/consults/{cid}/uploads/{uid}/for-device"

            pid = proc.proc.pid if proc.proc else 0
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS from here on
            before = peak_rss_mib(pid)
            ours, ref = [], []
            out_hub, out_age = root / "hub-out.age", root / "age-out.age"
            for _ in range(args.rounds):  # alternating, so both see the same machine load
                ours.append(hub_read(doc, url, out_hub))
                ref.append(age_cli(stored, hub_key, recipient, out_age))
            assert plaintext_sha(out_hub, device) == sha, "hub output does not decrypt right"
            assert plaintext_sha(out_age, device) == sha, "age output does not decrypt right"
            hub_rss = peak_rss_mib(pid)
            doc.post(f"/consults/{cid}/accept")
            doc.post(f"/consults/{cid}/complete")

            pushes = [push_latency(base, op, doc, patient_id) for _ in range(args.pushes)]
            op.close()
            doc.close()
        finally:
            proc.stop()
    t_ours, t_ref = statistics.median(ours), statistics.median(ref)
    mb = size / 1e6
    watch_ms = statistics.median(p[0] for p in pushes) * 1000
    listed_ms = statistics.median(p[1] for p in pushes) * 1000
    print(f"hub for-device ({args.size_mb} MiB): {[round(t, 2) for t in ours]} s")
    print(f"age -d | age -r:          {[round(t, 2) for t in ref]} s")
    speeds = f"hub {mb / t_ours:.0f} MB/s, age CLI {mb / t_ref:.0f} MB/s"
    print(f"{speeds}, ratio {t_ref / t_ours:.2f} (age time / hub time; goal >= 0.8)")
    print(f"hub process RSS {before:.0f} MiB before the reads, peak {hub_rss:.0f} MiB during them")
    each = [round(p[0] * 1000) for p in pushes]
    print(f"final PUT -> watch answer: median {watch_ms:.0f} ms ({each})")
    print(f"final PUT -> consult in the queue: median {listed_ms:.0f} ms")
    print(
        json.dumps(
            {
                "metric": "doctor media re-encryption, request to last byte",
                "unit": "s",
                "ours": round(t_ours, 3),
                "reference": round(t_ref, 3),
                "reference_name": "age -d | age -r (CLI)",
                "ratio": round(t_ref / t_ours, 3),
                "hub_rss_before_mib": round(before),
                "hub_peak_rss_mib": round(hub_rss),
                "put_to_watch_ms": round(watch_ms),
                "put_to_queue_ms": round(listed_ms),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
