"""Two hub processes on one PostgreSQL: the operator's socket on one, the doctor's on the
other. Room events and relayed messages cross between them through LISTEN/NOTIFY (an SDP
far over NOTIFY's 8000 bytes goes in chunks), and a real aiortc call connects across them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from websockets.sync.client import ClientConnection, connect

from hub.pgtemp import TempPostgres
from hub.signal_bus import APPLICATION_NAME, CHUNK_CHARS, Reassembly, chunks
from tests.call.support import (
    DOCTOR_TONE,
    ROOT,
    SPOKE_TONE,
    Party,
    accept,
    availability,
    new_consult,
    sign_in,
)
from tests.call.test_call_two_processes import assert_received
from tests.sync_support.hubctl import LiveHub

pytestmark = pytest.mark.postgres
PRESENCE = 0.5  # seconds between presence announcements (10 in production)


@dataclass
class Worker:
    proc: subprocess.Popen[str]
    base_url: str

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def start_worker(data_dir: Path, db_url: str, presence: float = 10.0) -> Worker:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.call.hub_worker", str(data_dir), db_url, str(presence)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the worker serves (or exits: "")
    assert line.startswith("READY"), line
    return Worker(proc, f"http://127.0.0.1:{int(line.split()[1])}")


@dataclass
class Network:
    a: Worker
    b: Worker
    seed: LiveHub  # the seeded data folder, for enrollment codes

    def consult(self) -> tuple[str, str, str]:
        """(operator token, doctor token, consult id): made on worker A, accepted on B."""
        operator = sign_in(self.a.base_url, self.seed.enrollment_code("spoke"), "operator")
        doctor = sign_in(self.b.base_url, self.seed.enrollment_code("hub"), "doctor")
        availability(self.b.base_url, doctor, "online")
        consult = new_consult(self.a.base_url, operator)
        assert consult["status"] == "assigned"
        accept(self.b.base_url, doctor, str(consult["id"]))
        return operator, doctor, str(consult["id"])


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    pg = TempPostgres()
    workers: list[Worker] = []
    try:
        pg.start()
        url = pg.create_database("hub_calls")
        data = tmp_path_factory.mktemp("hub-workers")
        seed = LiveHub.create(data, db_url=url)  # migrates and seeds; never served
        workers.append(start_worker(data, url, PRESENCE))
        workers.append(start_worker(data, url, PRESENCE))
        yield Network(workers[0], workers[1], seed)
        seed.close()
    finally:
        for worker in workers:
            worker.stop()
        pg.stop()


def room(base_url: str, consult: str, token: str) -> ClientConnection:
    url = base_url.replace("http://", "ws://") + f"/api/v1/consults/{consult}/signal"
    return connect(url, additional_headers={"Authorization": f"Bearer {token}"}, proxy=None)


def next_of(ws: ClientConnection, kind: str) -> dict[str, Any]:
    while True:
        message = json.loads(ws.recv(timeout=60))
        if message["type"] == kind:
            return dict(message)
        assert message["type"] in ("peer-joined",), message  # a repeated presence is fine


def test_chunks_go_back_together_in_any_interleaving() -> None:
    event = {"k": "msg", "from": "p1", "body": {"type": "offer", "sdp": "a=x\r\n" * 5000}}
    parts = chunks("w1", event)
    assert len(parts) >= 3 and all(len(p.encode()) < 8000 for p in parts)
    other = chunks("w2", {"k": "leave", "peer": "p2"})
    mine = chunks("w3", {"k": "join", "peer": "p3", "role": "hub_doctor"})
    listener = Reassembly("w3")
    got = [listener.add(p) for p in [parts[0], *other, parts[1], *mine, *parts[2:]]]
    assert [g for g in got if g is not None] == [{"k": "leave", "peer": "p2"}, event]
    assert CHUNK_CHARS < 8000


def exchange(network: Network) -> None:
    """Operator on worker A, doctor on B: presence, offer, answer, candidate, bye, leave."""
    operator, doctor, cid = network.consult()
    with room(network.a.base_url, cid, operator) as spoke:
        hello = json.loads(spoke.recv(timeout=60))
        assert hello["type"] == "welcome" and hello["peers"] == []
        with room(network.b.base_url, cid, doctor) as doc:
            welcome = json.loads(doc.recv(timeout=60))
            assert welcome["type"] == "welcome"
            # Each learns of the other across the workers.
            joined = next_of(spoke, "peer-joined")
            assert joined["peer"] == welcome["peer"] and joined["role"] == "hub_doctor"
            if not welcome["peers"]:
                present = next_of(doc, "peer-joined")
                assert present == {
                    "type": "peer-joined",
                    "peer": hello["peer"],
                    "role": "spoke_operator",
                }
            sdp = "v=0\r\n" + "a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n" * 400
            assert len(sdp) > 3 * CHUNK_CHARS  # several NOTIFYs
            spoke.send(json.dumps({"type": "offer", "sdp": sdp}))
            offer = next_of(doc, "offer")
            assert offer == {"type": "offer", "sdp": sdp, "from": hello["peer"]}
            doc.send(json.dumps({"type": "answer", "sdp": "v=0 answer"}))
            answer = next_of(spoke, "answer")
            assert answer == {"type": "answer", "sdp": "v=0 answer", "from": welcome["peer"]}
            candidate = {
                "type": "candidate",
                "candidate": "candidate:2 1 udp 1 127.0.0.1 5 typ host",
            }
            doc.send(json.dumps(candidate))
            assert next_of(spoke, "candidate") == {**candidate, "from": welcome["peer"]}
            spoke.send(json.dumps({"type": "bye"}))
            assert next_of(doc, "bye") == {"type": "bye", "from": hello["peer"]}
        assert next_of(spoke, "peer-left") == {"type": "peer-left", "peer": welcome["peer"]}


def test_room_messages_cross_workers(network: Network) -> None:
    exchange(network)


def bus_connections(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            (APPLICATION_NAME,),
        ).fetchone()
    return int(row[0]) if row else 0


def test_the_bus_reconnects_after_its_connections_are_cut(network: Network) -> None:
    url = network.seed.config.db_url.replace("+psycopg", "")
    assert bus_connections(url) == 4  # two per worker
    with psycopg.connect(url, autocommit=True) as conn:
        cut = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (APPLICATION_NAME,),
        ).fetchall()
    assert [r[0] for r in cut] == [True] * 4
    # The listeners notice at once and reconnect; the senders reconnect on their next event.
    deadline = time.monotonic() + 60
    while bus_connections(url) < 2:
        assert time.monotonic() < deadline, "the listeners did not reconnect"
        time.sleep(0.05)
    exchange(network)
    assert bus_connections(url) == 4


def test_a_call_connects_across_workers(network: Network) -> None:
    operator, doctor, cid = network.consult()
    spoke = Party.start("spoke", network.a.base_url, cid, operator, caller=False, tone=SPOKE_TONE)
    doc = Party.start("doctor", network.b.base_url, cid, doctor, caller=True, tone=DOCTOR_TONE)
    try:
        assert_received(spoke.wait("received", timeout=240), DOCTOR_TONE)
        assert_received(doc.wait("received", timeout=240), SPOKE_TONE)
        doc.send("END")
        for party in (doc, spoke):
            assert party.wait("ended")["history"] == [
                "waiting",
                "ringing",
                "connecting",
                "connected",
                "ended",
            ]
    finally:
        doc.stop()
        spoke.stop()


def test_members_of_a_killed_worker_leave_the_room(network: Network) -> None:
    """Worker B is killed (no leave is ever announced): after three presence periods
    without news of its members, the operator on worker A gets peer-left. (Last test of
    the module: the network has one worker less afterwards.)"""
    operator, doctor, cid = network.consult()
    with room(network.a.base_url, cid, operator) as spoke:
        assert json.loads(spoke.recv(timeout=60))["type"] == "welcome"
        with room(network.b.base_url, cid, doctor) as doc:
            welcome = json.loads(doc.recv(timeout=60))
            assert next_of(spoke, "peer-joined")["peer"] == welcome["peer"]
            network.b.proc.kill()
            network.b.proc.wait(30)
            assert next_of(spoke, "peer-left") == {"type": "peer-left", "peer": welcome["peer"]}
