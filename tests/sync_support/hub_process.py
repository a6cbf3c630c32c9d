"""The test hub as its own process, so a test of the desktop side measures the app alone
(no hub threads competing for the GIL), and "stopping the hub" is a real process exit.

    python -m tests.sync_support.hub_process DATA_DIR PORT [MAX_BYTES]   # "READY <port>"
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from tests.sync_support.hubctl import LiveHub

ROOT = Path(__file__).resolve().parents[2]


class HubProcess:
    """Start/stop a hub process on a fixed port over the same data folder."""

    def __init__(self, data_dir: Path, port: int, max_bytes: int = 0) -> None:
        self.data_dir = data_dir
        self.port = port
        self.max_bytes = max_bytes  # raise the hub's upload and chunk limits (bench)
        self.proc: subprocess.Popen[str] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.sync_support.hub_process",
                str(self.data_dir),
                str(self.port),
                str(self.max_bytes),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("READY"):
            self.stop()
            raise RuntimeError("hub process did not start")
        self.port = int(line.split()[1])

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None


def main() -> int:
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    limits = {"max_upload_bytes": limit, "max_chunk_bytes": limit} if limit else {}
    hub = LiveHub.open(Path(sys.argv[1]), **limits)
    hub.port = int(sys.argv[2])
    hub.start()
    print(f"READY {hub.port}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    hub.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
