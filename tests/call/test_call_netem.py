"""The same bad network with the kernel's own impairment: the test creates a network
namespace, runs a call inside it (tests/call/netem_call.py: both parties over the
namespace's loopback) and impairs that loopback with tc: netem loss 100 % for 5 seconds
(where the kernel lacks sch_netem, as in some containers, a tbf bucket too small for any
packet) and the call reconnects by itself; tbf at 150 kbit/s (audio only within 10 s, the
call stays up); then nothing (the spoke steps back up to 480p25). Needs root, ``ip netns``
and ``tc`` (iproute2, installed by scripts/bootstrap.sh as root); skipped otherwise."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.call.support import ROOT
from tests.call.veth import NETEM_OUTAGE, TBF_OUTAGE, netns_works

WAIT = 120.0


pytestmark = pytest.mark.skipif(not netns_works(), reason="needs root, ip netns and tc")


@pytest.fixture
def netns() -> Iterator[tuple[str, tuple[str, ...]]]:
    """The namespace's name and the qdisc that cuts its loopback off."""
    name = f"spoke-call-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"], check=True)
        probe = ["ip", "netns", "exec", name, "tc", "qdisc", "add", "dev", "lo", "root"]
        outage = TBF_OUTAGE
        if subprocess.run([*probe, *NETEM_OUTAGE], capture_output=True).returncode == 0:
            tc(name, "del", "dev", "lo", "root")
            outage = NETEM_OUTAGE
        yield name, outage
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)


def tc(netns: str, *args: str) -> None:
    subprocess.run(["ip", "netns", "exec", netns, "tc", "qdisc", *args], check=True)


class Call:
    def __init__(self, netns: str) -> None:
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", netns, sys.executable, "-m", "tests.call.netem_call"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                continue
        self.lines.put({"event": "exit"})

    def wait(self, check: Any, timeout: float = WAIT) -> dict[str, Any]:
        """The next line for which ``check(line)`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no such line in time; the last: {self.seen[-8:]}"
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append(line)
            assert line["event"] != "exit", "the call process ended"
            if check(line):
                return line

    def stop(self) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write("stop\n")
        self.proc.stdin.flush()
        ended = self.wait(lambda line: line["event"] == "ended")
        self.proc.stdin.close()
        self.proc.wait(30)
        self.reader.join(30)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        return ended


def state(name: str) -> Any:
    return lambda line: line["event"] == "state" and line["state"] == name


def test_outage_and_throttle_with_tc(netns: tuple[str, tuple[str, ...]]) -> None:
    name, outage = netns
    call = Call(name)
    try:
        call.wait(state("connected"))
        call.wait(lambda line: line["event"] == "audio")
        tc(name, "add", "dev", "lo", "root", *outage)
        call.wait(state("reconnecting"))
        time.sleep(5.0)  # the outage itself (the impairment, not a wait for a result)
        tc(name, "del", "dev", "lo", "root")
        call.wait(state("connected"))
        call.wait(lambda line: line["event"] == "audio")
        tc(
            name,
            "add",
            "dev",
            "lo",
            "root",
            "tbf",
            "rate",
            "150kbit",
            "burst",
            "8kbit",
            "latency",
            "200ms",
        )
        started = time.monotonic()
        call.wait(lambda line: line["event"] == "level" and not line["video"])
        to_audio = time.monotonic() - started
        call.wait(lambda line: line["event"] == "audio")  # sound still comes through
        tc(name, "del", "dev", "lo", "root")
        call.wait(lambda line: line["event"] == "level" and line["level"] == "480p25")
        # the full picture is sent again (the next report after the switch shows it)
        recovered = call.wait(lambda line: line["event"] == "audio" and line["size"] == [640, 480])
    finally:
        if call.proc.poll() is None:
            ended = call.stop()
    assert to_audio <= 10.0
    assert recovered["size"] == [640, 480]
    assert ended["renegotiations"] >= 1
    assert ended["history"][:6] == [
        "waiting",
        "ringing",
        "connecting",
        "connected",
        "reconnecting",
        "connected",
    ]
    assert ended["history"][-1] == "ended"
