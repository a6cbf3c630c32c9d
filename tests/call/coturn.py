"""A real coturn (Debian package ``coturn``, installed by scripts/bootstrap.sh as root) for a
test: a temporary configuration on loopback with the TURN REST API secret the hub signs its
credentials with (``use-auth-secret``), loopback peers allowed, no TLS, no CLI."""

from __future__ import annotations

import contextlib
import queue
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from aioice import stun

TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"


def _until_it_answers(port: int, proc: subprocess.Popen[str], timeout: float = 60.0) -> None:
    """Waits for the answer to a STUN Binding request (sent again every 0.2 s until one
    comes back: the server is listening)."""
    request = stun.Message(stun.Method.BINDING, stun.Class.REQUEST)
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        while True:
            assert proc.poll() is None, "turnserver exited before listening"
            assert time.monotonic() < deadline, "turnserver did not answer"
            sock.sendto(bytes(request), ("127.0.0.1", port))
            try:
                data = sock.recv(2048)
            except TimeoutError:
                continue
            answer = stun.parse_message(data)
            if answer.transaction_id == request.transaction_id:
                return


def free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port


@contextlib.contextmanager
def coturn(folder: Path, secret: str, realm: str = "clinic.test") -> Iterator[int]:
    """Runs turnserver until the block ends; yields its port once it listens."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "turnserver.conf"
    config.write_text(
        "\n".join(
            [
                f"listening-port={port}",
                "listening-ip=127.0.0.1",
                "relay-ip=127.0.0.1",
                "min-port=40000",
                "max-port=44999",
                "use-auth-secret",
                f"static-auth-secret={secret}",
                f"realm={realm}",
                "allow-loopback-peers",
                "no-tls",
                "no-dtls",
                "no-cli",
                "no-multicast-peers",
                f"pidfile={folder / 'turnserver.pid'}",
                "log-file=stdout",
                "simple-log",
                f"userdb={folder / 'turndb'}",
                "",
            ]
        )
    )
    proc = subprocess.Popen(
        [TURNSERVER, "-c", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=read, name="coturn-log", daemon=True)
    reader.start()
    try:
        _until_it_answers(port, proc)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        reader.join(30)
        if proc.stdout is not None:
            proc.stdout.close()
