"""Issue 16: the hub process dies mid-call (SIGKILL) and starts again on the same port and
data. The spoke and the doctor (separate processes) keep their media flowing meanwhile,
rejoin the room with backoff once the hub is back (a fresh token each attempt), and a chat
message written while the hub was away arrives once after it is back; the call never leaves
connected."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

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
from tests.sync_support.hubctl import LiveHub

WAIT = 120.0


@dataclass
class HubProcess:
    """The hub in its own process (tests/call/hub_worker.py) over a seeded data folder."""

    data_dir: Path
    port: int = 0
    proc: subprocess.Popen[str] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        db_url = f"sqlite:///{self.data_dir / 'hub.db'}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.call.hub_worker",
                str(self.data_dir),
                db_url,
                "10",
                str(self.port),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # blocks until it serves (or exits: "")
        assert line.startswith("READY"), line
        self.port = int(line.split()[1])

    def kill(self) -> None:
        """SIGKILL: no goodbye to anyone (the kernel resets its connections)."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(30)
        self._close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._close()

    def _close(self) -> None:
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[tuple[HubProcess, dict[str, str]]]:
    seed = LiveHub.create(tmp_path / "hub")
    codes = {"spoke": seed.enrollment_code("spoke"), "hub": seed.enrollment_code("hub")}
    seed.close()
    process = HubProcess(tmp_path / "hub")
    process.start()
    yield process, codes
    process.stop()


def present(line: dict[str, Any]) -> bool:
    return bool(line["present"])


def test_hub_killed_mid_call(hub: tuple[HubProcess, dict[str, str]]) -> None:
    process, codes = hub
    base = process.base_url
    operator = sign_in(base, codes["spoke"], "operator")
    doctor = sign_in(base, codes["hub"], "doctor")
    availability(base, doctor, "online")
    cid = str(new_consult(base, operator)["id"])
    accept(base, doctor, cid)

    options = ("--rejoin", "--stats", "--log")
    spoke = Party.start("spoke", base, cid, operator, False, SPOKE_TONE, options)
    doc = Party.start("doctor", base, cid, doctor, True, DOCTOR_TONE, options)
    try:
        for party in (spoke, doc):
            party.wait("joined")
            party.until("state", lambda s: s["state"] == "connected", WAIT)
            party.until("stats", lambda s: s["audio_in"] >= 50, WAIT)

        process.kill()
        for party in (spoke, doc):
            party.until("room", lambda r: not present(r), WAIT)
            party.wait("token")  # a rejoin attempt asked for a fresh token
        spoke.send("CHAT written while the hub was away")
        sent = spoke.wait("chat-sent")
        # Media goes on without the hub: both hear a second more of the other's tone.
        for party in (spoke, doc):
            heard = party.until("stats", lambda s: True, WAIT)
            assert heard["rejoins"] == 0 and heard["state"] == "connected", heard
            count = int(heard["audio_in"])
            party.until("stats", lambda s, count=count: s["audio_in"] >= count + 50, WAIT)
        assert doc.all_seen("chat") == []  # nothing carries chat while the hub is away

        process.start()  # the same port and data
        assert process.base_url == base
        for party in (spoke, doc):
            party.until("room", present, WAIT)
        received = doc.wait("chat", WAIT)
        assert (received["id"], received["text"]) == (sent["id"], sent["text"])
        spoke.until("stats", lambda s: s["chat_pending"] == 0 and s["rejoins"] >= 1, WAIT)

        doc.send("END")  # the bye goes through the rejoined room
        for party in (doc, spoke):
            ended = party.wait("ended", WAIT)
            assert ended["history"] == ["waiting", "ringing", "connecting", "connected", "ended"]
        assert doc.all_seen("chat") == []  # the message arrived once
        assert doc.wait("exit") and spoke.wait("exit")
        assert doc.stop() == 0 and spoke.stop() == 0
    finally:
        doc.stop()
        spoke.stop()
