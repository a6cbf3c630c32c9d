"""Time from "ready" at the spoke to the consult in the doctor's queue.

Ours: from the operator's final PUT of a consult answered (the consult is queued at the hub)
until the doctor's client, woken by the hub's queue watch (long-poll, ``QueueWatch``), has
read a queue that holds the consult (the read may start before the operator's answer
arrives: the hub wakes the watch when it commits).
Reference, same run: the operator's PUT answered, then one immediate GET of the doctor's
queue (what a client that knew at once could do at best). Real hub on loopback; the watch is
the hub's own endpoint when it has one, else ``tests/helpers/queue_watch.py``'s stand-in.

    .venv/bin/python bench/doctor_queue.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from desktop.changes import Change, ChangeBus, Kind  # noqa: E402
from desktop.sync.client import HubClient  # noqa: E402
from desktop.sync.doctor_api import DoctorApi, QueueWatch  # noqa: E402
from desktop.sync.tokens import DeviceCredentials, TokenStore  # noqa: E402
from tests.helpers.queue_watch import with_queue_watch  # noqa: E402
from tests.sync_support import hubctl  # noqa: E402
from tests.sync_support.hubctl import PASSWORD, LiveHub  # noqa: E402


class MemoryKeyring:
    """The bench keeps the doctor's hub credentials in memory (nothing of a patient)."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def operator(hub: LiveHub) -> httpx.Client:
    http = httpx.Client(base_url=f"{hub.base_url}/api/v1", timeout=20)
    device = http.post("/auth/enroll", json={"code": hub.enrollment_code("spoke")}).json()
    form = {
        "grant_type": "password",
        "username": "operator",
        "password": PASSWORD,
        "client_id": device["device_id"],
        "client_secret": device["device_secret"],
    }
    http.headers["Authorization"] = (
        "Bearer " + http.post("/auth/token", data=form).json()["access_token"]
    )
    return http


def queue_consult(http: httpx.Client) -> str:
    pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
    patient = {"resourceType": "Patient", "id": pid, "name": [{"text": "Synthetic Bench"}]}
    http.put(f"/patients/{pid}", json={"resource": patient}).raise_for_status()
    body = {"patient_id": pid, "specialty": "general_medicine", "resources": [], "final": True}
    http.put(f"/consults/{cid}", json=body).raise_for_status()
    return cid


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    real = hubctl.create_app
    hubctl.create_app = lambda c, ctx: with_queue_watch(real(c, ctx))  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        hub = LiveHub.create(Path(tmp) / "hub").start()
        http = operator(hub)
        enrolled = httpx.post(
            f"{hub.base_url}/api/v1/auth/enroll", json={"code": hub.enrollment_code("hub")}
        ).json()
        tokens = TokenStore("bench-doctor", backend=MemoryKeyring())
        tokens.save_device(
            DeviceCredentials(
                hub.base_url, enrolled["device_id"], enrolled["device_secret"], hub.ids["hub"]
            )
        )
        api = DoctorApi(HubClient(hub.base_url, tokens))
        api.sign_in("doctor", PASSWORD)
        # Away: consults stay queued (open to claim) and the doctor's queue keeps growing,
        # so every round's consult is new in the list.
        api.set_availability("away")
        bus = ChangeBus()
        seen: dict[str, float] = {}
        wanted = threading.Condition()
        stopping = threading.Event()

        def on_change(change: Change) -> None:
            if change.kind is not Kind.QUEUE or stopping.is_set():
                return
            ids = {item.id for item in api.queue()}
            now = time.perf_counter()
            with wanted:
                for cid in ids:
                    seen.setdefault(cid, now)
                wanted.notify_all()

        bus.subscribe(on_change)
        watch = QueueWatch(api, lambda v: bus.announce(Change(Kind.QUEUE, (), "pushed")))
        watch.start()
        ours: list[float] = []
        reference: list[float] = []
        for _ in range(args.rounds):
            cid = queue_consult(http)
            ready = time.perf_counter()
            with wanted:
                wanted.wait_for(lambda cid=cid: cid in seen, timeout=30)
            ours.append((seen[cid] - ready) * 1000)
            cid2 = queue_consult(http)
            ready = time.perf_counter()
            listed = {item.id for item in api.queue()}
            assert cid2 in listed
            reference.append((time.perf_counter() - ready) * 1000)
            with wanted:  # let the watch catch up before the next round
                wanted.wait_for(lambda cid2=cid2: cid2 in seen, timeout=30)
        stopping.set()
        watch.stop()
        api.close()
        http.close()
        hub.close()
    ours_ms, ref_ms = statistics.median(ours), statistics.median(reference)
    print(
        f"ready -> in the doctor's queue: median {ours_ms:.1f} ms, max {max(ours):.1f} ms "
        f"({args.rounds} rounds); immediate queue read after ready: median {ref_ms:.1f} ms"
    )
    print(
        json.dumps(
            {
                "metric": "ready at the spoke to the consult in the doctor's queue (median)",
                "unit": "ms",
                "ours": round(ours_ms, 1),
                "reference": round(ref_ms, 1),
                "reference_name": "one immediate GET /doctors/me/queue after the PUT",
                "ratio": round(ref_ms / ours_ms, 3) if ours_ms else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
