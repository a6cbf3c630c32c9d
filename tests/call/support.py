"""Call test support: a consult with an operator and an assigned doctor on a hub, call
parties running in their own processes (tests/call/party.py), and what the tests check of
their lines (connected, chat sent and arrived once, the tones heard)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import consult_payload, patient_payload

ROOT = Path(__file__).resolve().parents[2]
DOCTOR_TONE, SPOKE_TONE = 660.0, 440.0
WAIT = 120.0
OUTAGE_SECONDS = 5.0  # the impairments' length


def _ok(r: httpx.Response) -> Any:
    assert r.is_success, (r.status_code, r.text)
    return r.json() if r.content else None


def sign_in(base_url: str, code: str, username: str) -> str:
    """Enroll a device with ``code`` and sign ``username`` in on it; the access token."""
    with httpx.Client(base_url=f"{base_url}/api/v1", timeout=30, trust_env=False) as http:
        device = _ok(http.post("/auth/enroll", json={"code": code, "name": f"{username} PC"}))
        form = {
            "grant_type": "password",
            "username": username,
            "password": PASSWORD,
            "client_id": device["device_id"],
            "client_secret": device["device_secret"],
        }
        return str(_ok(http.post("/auth/token", data=form))["access_token"])


def api(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{base_url}/api/v1",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
        trust_env=False,
    )


def availability(base_url: str, token: str, status: str) -> None:
    with api(base_url, token) as http:
        _ok(http.put("/doctors/me/availability", json={"availability": status}))


def new_consult(base_url: str, operator: str) -> dict[str, Any]:
    """A patient and a final consult from the spoke: the hub assigns it to an online doctor."""
    pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
    with api(base_url, operator) as http:
        _ok(http.put(f"/patients/{pid}", json=patient_payload(pid)))
        return dict(_ok(http.put(f"/consults/{cid}", json=consult_payload(pid, final=True))))


@dataclass
class Party:
    """A call party process; its JSON lines arrive on a queue read by ``wait``."""

    name: str
    proc: subprocess.Popen[str]
    lines: queue.Queue[dict[str, Any]]
    seen: list[dict[str, Any]]
    reader: threading.Thread
    last_stats: dict[str, Any] | None = None  # the newest "stats" line read, for failures

    @classmethod
    def start(
        cls,
        name: str,
        base_url: str,
        consult: str,
        token: str,
        caller: bool,
        tone: float,
        options: tuple[str, ...] = (),
        prefix: tuple[str, ...] = (),
    ) -> Party:
        """``prefix`` runs it through another command (``ip netns exec NAME``)."""
        proc = subprocess.Popen(
            [
                *prefix,
                sys.executable,
                "-m",
                "tests.call.party",
                base_url,
                consult,
                token,
                "caller" if caller else "callee",
                str(tone),
                *options,
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        lines: queue.Queue[dict[str, Any]] = queue.Queue()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                try:
                    lines.put(json.loads(line))
                except ValueError:
                    continue
            lines.put({"event": "exit"})

        reader = threading.Thread(target=read, name=f"party-{name}", daemon=True)
        reader.start()
        return cls(name, proc, lines, [], reader)

    def wait(self, event: str, timeout: float = 120.0) -> dict[str, Any]:
        """The next line of that event; fails on the process's exit or an error line."""
        for seen in self.seen:
            if seen["event"] == event:
                self.seen.remove(seen)
                return seen
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{self.name}: no {event!r} within {timeout} s"
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line["event"] == "stats":
                self.last_stats = line
            if line["event"] == event:
                return line
            assert line["event"] not in ("exit", "error") or event in ("exit", "error"), (
                f"{self.name}: {line}"
            )
            if line["event"] != "stats":  # a measurement that nobody waited for is gone
                self.seen.append(line)

    def until(
        self, event: str, check: Callable[[dict[str, Any]], bool], timeout: float = 120.0
    ) -> dict[str, Any]:
        """The first line of ``event`` from now on (or already seen) for which ``check``
        holds; earlier lines of it that fail the check are dropped."""
        deadline = time.monotonic() + timeout
        last: dict[str, Any] | None = None
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{self.name}: no {event!r} as wanted in {timeout} s: {last}"
            try:
                line = self.wait(event, remaining)
            except AssertionError as exc:
                raise AssertionError(f"{exc}; the last {event!r} was {last}") from None
            if check(line):
                return line
            last = line

    def forget(self, *events: str) -> None:
        """Drops the lines of ``events`` seen so far (a new phase of the test: a state the
        call went through before it must not answer a wait for the next one), those read
        and those still queued."""
        ends = []
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line["event"] in ("exit", "error"):
                ends.append(line)  # still fails the next wait
            elif line["event"] != "stats":
                self.seen.append(line)
        for line in ends:
            self.lines.put(line)
        self.seen = [line for line in self.seen if line["event"] not in events]

    def all_seen(self, event: str) -> list[dict[str, Any]]:
        return [line for line in self.seen if line["event"] == event]

    def states(self) -> list[str]:
        return [s["state"] for s in self.seen if s["event"] == "state"]

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.reader.join(30)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        return self.proc.returncode


def accept(base_url: str, doctor: str, consult_id: str) -> None:
    """The assigned doctor accepts the consult (in progress: it stays theirs)."""
    with api(base_url, doctor) as http:
        assert _ok(http.post(f"/consults/{consult_id}/accept"))["status"] == "in_progress"


def consult_in_progress(hub: LiveHub) -> tuple[str, str, str]:
    """The operator's and the online doctor's tokens and a consult the doctor accepted."""
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    cid = str(new_consult(base, operator)["id"])
    accept(base, doctor, cid)
    return operator, doctor, cid


def connected(line: dict[str, Any]) -> bool:
    return bool(line["state"] == "connected")


def chat(party: Party, when: str) -> list[dict[str, Any]]:
    """Three messages from ``party``; its "chat-sent" lines."""
    sent = []
    for i in range(3):
        party.send(f"CHAT message {i} {when}")
        sent.append(party.wait("chat-sent"))
    return sent


def arrived(to: Party, sender: Party, sent: list[dict[str, Any]], when: str) -> None:
    """``sent`` reached ``to`` in order and the sender has every acknowledgement (that no
    message arrives twice is checked at the end: no other chat line by then)."""
    chats = [to.wait("chat", WAIT) for _ in sent]
    assert [c["id"] for c in chats] == [s["id"] for s in sent]
    assert [c["text"] for c in chats] == [f"message {i} {when}" for i in range(3)]
    sender.until("stats", lambda s: s["chat_pending"] == 0, WAIT)
