"""Sync soak under faults: a spoke's backlog (200 patients, 100 consults, 20 blobs of 1-20 MB)
drained through the fault proxy (resets, cut answers after the hub committed, captive-portal
pages, busy answers, delays) while the spoke process is SIGKILLed now and then, against the
same workload drained on a clean link in the same run. Checks that nothing at the hub is
missing, duplicated or different, and reports retries per record.

    dbus-run-session -- scripts/with-keyring.sh .venv/bin/python bench/sync_soak.py \
        [--patients 200] [--consults 100] [--blobs 20] [--min-mb 1] [--max-mb 20] [--kills 4]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.storage.models.outbox import OutboxEntry  # noqa: E402
from desktop.sync.client import HubClient  # noqa: E402
from desktop.sync.enroll import enroll  # noqa: E402
from hub.models import Consult, Patient, Upload  # noqa: E402
from hub.storage import sha256_of  # noqa: E402
from tests.sync_support.faultproxy import FaultProxy  # noqa: E402
from tests.sync_support.hubctl import PASSWORD, LiveHub  # noqa: E402
from tests.sync_support.spoke import Spoke  # noqa: E402

MIB = 1024 * 1024
FAULTS = {
    "drop": 0.03,
    "delay": 0.04,
    "cut_request": 0.03,
    "cut_response": 0.04,
    "html200": 0.02,
    "json_other": 0.02,
    "busy503": 0.02,
}


def workload(spoke: Spoke, args: argparse.Namespace, seed: int) -> dict[str, Any]:
    """The backlog, written as the workflow writes it; returns what the hub must end with."""
    rng = random.Random(seed)
    patients, consults, blobs = [], [], {}
    for n in range(args.patients):
        patients.append(spoke.add_patient(n))
    for n in range(args.consults):
        consults.append(spoke.add_consult(patients[n % len(patients)], final=True))
    for n in range(args.blobs):
        size = rng.randint(args.min_mb * MIB, args.max_mb * MIB)
        blob_id = spoke.add_blob(consults[n % len(consults)], size, seed=seed * 1000 + n)
        with spoke.db.read_session() as s:
            row = s.scalar(select(OutboxEntry).where(OutboxEntry.entity_id == blob_id))
            assert row is not None
            blobs[blob_id] = row.payload["sha256"]
    return {"patients": patients, "consults": consults, "blobs": blobs}


def spawn(root: Path, url: str, service: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.sync_support.upload_child",
            str(root),
            url,
            service,
            str(16 * MIB),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def drain(root: Path, url: str, service: str, kills: list[int]) -> tuple[float, int]:
    """Run the spoke's sync until its outbox is empty, SIGKILLing it after the k-th progress
    line of each run in ``kills``; returns (seconds, kills done)."""
    start, done_kills = time.monotonic(), 0
    for k in [*kills, 0]:
        proc = spawn(root, url, service)
        assert proc.stdout is not None
        seen = 0
        for line in proc.stdout:
            if line.startswith("DONE"):
                break
            if line.startswith("PROGRESS"):
                seen += 1
                if k and seen >= k:
                    proc.send_signal(signal.SIGKILL)
                    done_kills += 1
                    break
        proc.wait(600)
        proc.stdout.close()
        if proc.returncode == 0:
            return time.monotonic() - start, done_kills
    raise RuntimeError("the spoke did not drain its outbox")


def check_hub(hub: LiveHub, expected: dict[str, Any]) -> None:
    """Nothing missing, nothing twice, nothing different."""
    with hub.context.sessions() as s:
        patients = set(s.scalars(select(Patient.id)))
        consults = set(s.scalars(select(Consult.id)))
        uploads = list(s.scalars(select(Upload)))
        assert patients == {str(uuid.UUID(p)) for p in expected["patients"]}, "patients differ"
        assert consults == {str(uuid.UUID(c)) for c in expected["consults"]}, "consults differ"
        complete = [u for u in uploads if u.completed_at is not None]
        by_name = Counter(str(u.metadata_json.get("filename", "")) for u in complete)
        assert all(n == 1 for n in by_name.values()), "a blob was uploaded twice"
        assert len(complete) == len(expected["blobs"]), "blobs missing or extra"
        for blob_id, sha in expected["blobs"].items():
            [up] = [u for u in complete if u.metadata_json.get("filename") == f"{blob_id}.age"]
            assert up.sha256 == sha and sha256_of(hub.context.storage, up.id) == sha


def retries(spoke_root: Path, service: str) -> dict[str, float]:
    spoke = Spoke.create(spoke_root, service=service)
    try:
        with spoke.db.read_session() as s:
            rows = list(s.scalars(select(OutboxEntry)))
    finally:
        spoke.writer.close()
        spoke.db.dispose()
    assert rows and all(r.state == "done" for r in rows), "not every row was sent"
    attempts = [r.attempts for r in rows]
    return {"mean": sum(attempts) / len(attempts), "max": float(max(attempts))}


def one_run(work: Path, args: argparse.Namespace, faulty: bool) -> dict[str, Any]:
    name = "faults" if faulty else "clean"
    hub = LiveHub.create(work / f"hub-{name}").start()
    spoke = Spoke.create(work / f"spoke-{name}")
    service = spoke.tokens.service
    proxy = None
    try:
        enroll(hub.base_url, hub.enrollment_code(), spoke.tokens)
        with HubClient(hub.base_url, spoke.tokens) as client:
            client.sign_in("operator", PASSWORD)
        expected = workload(spoke, args, seed=11)
        spoke.writer.close()
        spoke.db.dispose()
        url = hub.base_url
        kills: list[int] = []
        if faulty:
            proxy = FaultProxy(hub.port, FAULTS, seed=5, max_delay=0.1, exempt=(b"/api/v1/auth/",))
            url = proxy.start().url
            rng = random.Random(3)
            kills = [rng.randint(2, 12) for _ in range(args.kills)]
        seconds, killed = drain(spoke.root, url, service, kills)
        hub.wait_idle()
        check_hub(hub, expected)
        result = {"seconds": seconds, "kills": killed, "retries": retries(spoke.root, service)}
        if proxy is not None:
            result["faults"] = dict(proxy.counts)
        return result
    finally:
        if proxy is not None:
            proxy.stop()
        spoke.tokens.forget_all()
        hub.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--consults", type=int, default=100)
    parser.add_argument("--blobs", type=int, default=20)
    parser.add_argument("--min-mb", type=int, default=1)
    parser.add_argument("--max-mb", type=int, default=20)
    parser.add_argument("--kills", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sync-soak-") as tmp:
        work = Path(tmp)
        paths.init(work / "profile")
        clean = one_run(work, args, faulty=False)
        faulty = one_run(work, args, faulty=True)
    print(f"clean link: {clean}")
    print(f"faults + SIGKILLs: {faulty}")
    print("hub after each run: every patient, consult and blob exactly once, bytes identical")
    print(
        json.dumps(
            {
                "metric": "drain time of the backlog (faulty link and kills vs clean link)",
                "unit": "s",
                "ours": round(faulty["seconds"], 2),
                "reference": round(clean["seconds"], 2),
                "reference_name": "same workload, clean link, no kills",
                "ratio": round(clean["seconds"] / faulty["seconds"], 3),
                "retries_per_record": faulty["retries"],
                "kills": faulty["kills"],
            }
        )
    )


if __name__ == "__main__":
    main()
