"""The spoke side of the kill test, as its own process: open the spoke database, run the
sync engine until the outbox is empty, print progress lines, exit 0. The parent SIGKILLs it.

    python -m tests.sync_support.upload_child SPOKE_ROOT HUB_URL KEYRING_SERVICE MAX_CHUNK
"""

from __future__ import annotations

import sys
import time

from desktop.sync.events import ItemProgress, SyncEvent
from desktop.sync.worker import WorkerConfig
from tests.sync_support.spoke import FAST, Spoke


def main() -> int:
    root, hub_url, service, max_chunk = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    spoke = Spoke.create(__import__("pathlib").Path(root), service)

    def listener(event: SyncEvent) -> None:
        if isinstance(event, ItemProgress):
            print(f"PROGRESS {event.done} {event.total}", flush=True)

    spoke.recorder = listener  # type: ignore[assignment]
    config = WorkerConfig(**{**FAST.__dict__, "max_chunk": max_chunk, "progress_interval": 0})
    engine = spoke.engine(hub_url=hub_url, config=config)
    engine.start()
    while spoke.states().get("done", 0) < sum(spoke.states().values()):
        time.sleep(0.02)
    print("DONE", flush=True)
    engine.stop()
    spoke.writer.close()
    spoke.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
