"""One hub worker process over a data folder (PostgreSQL shared by several, or SQLite), for
the cross-worker and hub restart tests:

    python -m tests.call.hub_worker DATA_DIR DB_URL [PRESENCE_SECONDS [PORT]]  # "READY <port>"

SIGTERM stops it. PORT (default: any free one) serves on that port again after a restart.
Every worker shares DATA_DIR's secrets (token key, hub key), like
`spoke-hub serve` workers.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from tests.sync_support.hubctl import LiveHub


def main() -> int:
    presence = {"signal_presence_seconds": float(sys.argv[3])} if len(sys.argv) > 3 else {}
    hub = LiveHub.open(Path(sys.argv[1]), db_url=sys.argv[2], **presence)
    hub.port = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    hub.start()
    print(f"READY {hub.port}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    hub.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
