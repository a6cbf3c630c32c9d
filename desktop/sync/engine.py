"""SyncEngine: the one object the app holds for sync. It wires the hub client, the outbox
queue, the worker thread and the puller, and offers the operator's actions (enroll, sign in,
pause, resume, retry now, resolve a conflict). Blocking methods are for background threads.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
from pyrage import x25519

from desktop import logs, paths
from desktop.storage import audit, blob_records
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.db import Database
from desktop.storage.outbox_watch import OutboxWatch
from desktop.storage.writer import DbWriter
from desktop.sync import enroll as enrollment
from desktop.sync.client import HubClient
from desktop.sync.clock import Clock
from desktop.sync.errors import NotEnrolledError, SyncError
from desktop.sync.events import (
    NOT_ENROLLED,
    OFFLINE,
    ItemSent,
    Listener,
    StatusChanged,
    SyncEvent,
)
from desktop.sync.news import OnApplied, StorageSink
from desktop.sync.outbox import Item, OutboxQueue
from desktop.sync.pull import Puller, PullState
from desktop.sync.tokens import TokenStore
from desktop.sync.worker import SyncWorker, WorkerConfig
from protocol.ids import wire_id

log = logs.get("sync")

RESOLUTIONS = ("hub", "mine")


def blob_file(root: Path, blob_id: str) -> Path:
    """Where the BlobStore keeps a blob (``<root>/<id[:2]>/<id>.age``)."""
    return root / blob_id[:2] / f"{blob_id}.age"


class SyncEngine:
    """Thread-safe facade; events reach ``listener`` on the sync thread."""

    def __init__(
        self,
        db: Database,
        writer: DbWriter,
        listener: Listener,
        *,
        tokens: TokenStore | None = None,
        ca_pem: str = "",
        blob_root: Path | None = None,
        state_file: Path | None = None,
        config: WorkerConfig | None = None,
        transport: httpx.BaseTransport | None = None,
        hub_url: str = "",
        blobs: BlobStore | None = None,
        clock: Clock | None = None,
        on_news: OnApplied | None = None,
    ) -> None:
        self.clock = clock  # None: the system's (tests pass a ManualClock)
        self.queue = OutboxQueue(db, writer, clock)
        self.blobs = blobs  # the app's store: uploads go through its checks (prepare_blob)
        self.listener = listener
        # What the puller learned is stored first; then ``on_news`` hears it (after commit).
        self.news_sink = StorageSink(writer, on_news)
        self.tokens = tokens or TokenStore()
        self.ca_pem = ca_pem
        self.blob_root = blob_root or (blobs.root if blobs is not None else paths.get().blobs)
        self.state_file = state_file or paths.get().data / "sync-state.json"
        self.config = config or WorkerConfig()
        self._transport = transport
        self._hub_url = hub_url  # overrides the enrolled URL (tests, a moved hub)
        self._lock = threading.Lock()
        self.client: HubClient | None = None
        self.worker: SyncWorker | None = None
        self._ticket = 0  # bumped by stop(): a pending background start then does nothing
        self._hub_recipient = ""
        # New outbox rows wake the worker, whoever wrote them: the one wake path for local
        # work (the UI does not call ``notify_new_work``).
        self._outbox_watch = OutboxWatch(writer, self.notify_new_work)
        self._db = db

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Start syncing without blocking the caller (the keyring is asked on a helper
        thread; it may be slow or locked). Emits ``not_enrolled`` if there is no device."""
        ticket = self._ticket
        threading.Thread(
            target=self.start_now, args=(ticket,), name="spoke-sync-start", daemon=True
        ).start()

    def start_now(self, ticket: int | None = None) -> bool:
        """Blocking start; False (and says so) if this installation is not enrolled.
        With ``ticket`` (from ``start``), a ``stop`` in between cancels it."""
        with self._lock:
            if ticket is not None and ticket != self._ticket:
                return False
            if self.worker is not None:
                return True
            try:
                creds = self.tokens.device()
            except SyncError as exc:  # keyring unusable: say so, keep every row
                self.listener(
                    StatusChanged(OFFLINE, self.queue.count_unsent(), None, exc.kind, exc.kind)
                )
                return False
            if creds is None:
                self.listener(StatusChanged(NOT_ENROLLED, self.queue.count_unsent(), None))
                return False
            self._hub_recipient = creds.hub_recipient
            if self.blobs is not None and creds.hub_recipient:
                # From now on every new blob is written for the hub too (no re-encryption).
                self.blobs.add_recipient(x25519.Recipient.from_str(creds.hub_recipient))
            self.client = HubClient(
                self._hub_url or creds.hub_url,
                self.tokens,
                ca_pem=self.ca_pem,
                transport=self._transport,
                audit_head=self._audit_head,
            )
            puller = Puller(self.client, PullState(self.state_file), self.listener, self.news_sink)
            self.worker = SyncWorker(
                self.queue,
                self.client,
                _watching_sent_consults(puller, self.listener),
                blob_path=lambda blob_id: blob_file(self.blob_root, blob_id),
                puller=puller,
                config=self.config,
                prepare_blob=self.prepare_blob if self.blobs is not None else None,
                clock=self.clock,
            )
            self.worker.start()
            self._outbox_watch.start()
            return True

    def _audit_head(self) -> tuple[int, str]:
        with self._db.read_session() as session:
            return audit.head(session)

    def stop(self) -> None:
        with self._lock:
            self._outbox_watch.stop()
            self._ticket += 1
            worker, client = self.worker, self.client
            self.worker = self.client = None
        if worker is not None:
            worker.stop()
        if client is not None:
            client.close()

    def prepare_blob(self, blob_id: str) -> BlobRef:
        """The blob gate before an upload (sync thread): checksum checked (a damaged blob is
        flagged and refused), re-encrypted to the hub's key if written before it was known."""
        store = self.blobs
        assert store is not None
        if self._hub_recipient:
            store.add_recipient(x25519.Recipient.from_str(self._hub_recipient))
        return blob_records.ready_for_upload(store, self.queue.writer, blob_id)

    # -- operator actions (blocking ones: call from a background thread) ------------------
    def enroll(
        self, hub_url: str, code: str, name: str = "", username: str = "", password: str = ""
    ) -> enrollment.Enrollment:
        """Connect to a hub with a one-time code; with an account, also sign in."""
        self.stop()
        result = enrollment.enroll(hub_url, code, self.tokens, name=name, ca_pem=self.ca_pem)
        self._hub_url = ""
        self.start_now()
        if username:
            self.sign_in(username, password)
        return result

    def sign_in(self, username: str, password: str) -> dict[str, Any]:
        """Password grant at the hub. (The call asks the hub for its ICE servers itself, right
        before a call: desktop/call/ice.py; TURN credentials expire, so none are kept.)"""
        if self.client is None and not self.start_now():
            raise NotEnrolledError("no device credentials")
        assert self.client is not None
        body = self.client.sign_in(username, password)
        if self.worker is not None:
            self.worker.wake(clear_block=True)
        return body

    def pause(self) -> None:
        if self.worker is not None:
            self.worker.pause()

    def resume(self) -> None:
        if self.worker is not None:
            self.worker.resume()

    @property
    def paused(self) -> bool:
        return self.worker is not None and self.worker.paused

    def retry_now(self, item_id: int | None = None) -> None:
        """Blocking (one DB write): send now instead of waiting out the backoff."""
        if item_id is None:
            self.queue.retry_all_now()
        else:
            item = self.queue.get(item_id)
            if item is not None and not item.needs_review:
                self.queue.requeue(item_id, status="retry")
        if self.worker is not None:
            self.worker.wake(clear_block=True)

    def resolve(self, item_id: int, keep: str) -> None:
        """Settle a needs-review item: ``hub`` accepts the hub's version (ours stays stored
        beside it), ``mine`` sends ours again (only while ``item.can_resend``: a finalized
        hub record would refuse it forever). Nothing is deleted either way."""
        if keep not in RESOLUTIONS:
            raise ValueError(keep)
        item = self.queue.get(item_id)
        if item is None or not item.needs_review:
            return
        if keep == "hub":
            self.queue.mark_done(item, status="resolved", resolution="hub")
        elif not item.can_resend:
            log.info("item %d: the hub keeps its finalized version; not resent", item_id)
            return
        else:
            self.queue.requeue(item_id, status="resend", resolution="mine")
        if self.worker is not None:
            self.worker.wake()

    def notify_new_work(self) -> None:
        """Call after a local write added outbox rows: the worker looks at once (while the
        hub is unreachable, its probe sends them when the hub answers again)."""
        if self.worker is not None:
            self.worker.new_work()

    def unsent(self, limit: int = 500) -> list[Item]:
        return self.queue.unsent(limit)

    def hub_recipient(self) -> str:
        creds = self.tokens.device()
        return creds.hub_recipient if creds else ""


def _watching_sent_consults(puller: Puller, listener: Listener) -> Listener:
    """The worker's listener: a consult the hub acknowledged is watched by the puller from
    then on (until closed), whatever the hub's change list shows or misses."""

    def listen(event: SyncEvent) -> None:
        if isinstance(event, ItemSent) and event.entity_type == "consult" and event.entity_id:
            puller.state.watch(wire_id(event.entity_id))
        listener(event)

    return listen
