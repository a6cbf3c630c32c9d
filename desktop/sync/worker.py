"""The outbox worker: one background thread that sends outbox rows in order, uploads blobs,
pulls hub changes when idle, backs off when the hub is away and retries at once when it
answers again. It never runs on, or blocks, the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop import logs, redact
from desktop.storage.blobs import BlobRef
from desktop.storage.db import is_storage_full
from desktop.storage.errors import (
    BlobDamagedError,
    BlobMissingError,
    StorageError,
    StorageFullError,
)
from desktop.sync.client import HubClient, json_body
from desktop.sync.clock import SYSTEM_CLOCK, Clock
from desktop.sync.errors import (
    CallRecordRefusedError,
    ConflictError,
    ConsultNotOnHubError,
    DeviceRevokedError,
    HubBusyError,
    HubServerError,
    HubUnreachableError,
    LocalDataError,
    LocalStorageError,
    NotEnrolledError,
    RejectedError,
    SignInRequiredError,
    SyncError,
    TlsError,
    UnexpectedAnswerError,
)
from desktop.sync.events import (
    NOT_ENROLLED,
    OFFLINE,
    ONLINE,
    PAUSED,
    SYNCING,
    ItemFailed,
    ItemProgress,
    ItemSent,
    Listener,
    StatusChanged,
)
from desktop.sync.outbox import REVIEW, Item, OutboxQueue
from desktop.sync.pace import backoff_delay
from desktop.sync.pull import Puller
from desktop.sync.tokens import KeyringError
from desktop.sync.tus import BlobUpload, ChunkSizer, Stopped, TusClient, UploadGoneError
from desktop.sync.wire import canonical_id, json_request

log = logs.get("sync")

# Longest wait between steps that fail on this PC (disk full): space freed is used soon.
LOCAL_RETRY_CAP = 60.0
# Errors that stop all sending until the operator acts (sign in, new code, certificate).
BLOCKING = (NotEnrolledError, SignInRequiredError, DeviceRevokedError, TlsError, KeyringError)
# Rows of a call's record: put once by id, so a 409 is a refusal, not two versions to review.
CALL_RECORD = ("chat", "call")


@dataclass
class WorkerConfig:
    backoff_base: float = 1.0
    backoff_cap: float = 300.0
    probe_interval: float = 5.0  # while offline: how often to check whether the hub is back
    pull_interval: float = 30.0
    progress_interval: float = 0.25
    max_chunk: int = 16 * 1024 * 1024  # upper bound of the adaptive tus chunk size


HOST_FAILURES = (HubUnreachableError, HubBusyError, HubServerError)


class SyncWorker:
    """Owns the ``spoke-sync`` thread. ``pause``/``resume``/``wake`` are safe from any thread."""

    def __init__(
        self,
        queue: OutboxQueue,
        client: HubClient,
        listener: Listener,
        blob_path: Callable[[str], Path],
        puller: Puller | None = None,
        config: WorkerConfig | None = None,
        prepare_blob: Callable[[str], BlobRef] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.queue = queue
        self.clock = clock or SYSTEM_CLOCK  # every wait and time reading goes through it
        # The blob gate (blob_records.ready_for_upload): checksum verified, re-encrypted to
        # the hub's key if written before it was known. None only in tests of the wire.
        self.prepare_blob = prepare_blob
        self.client = client
        self.config = config or WorkerConfig()
        self.tus = TusClient(client, ChunkSizer(maximum=self.config.max_chunk))
        self.listener = listener
        self.blob_path = blob_path
        self.puller = puller
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._paused = threading.Event()
        self._thread: threading.Thread | None = None
        self.online = False
        self.blocked: SyncError | None = None  # sign-in needed, revoked, not enrolled, TLS
        self.last_error: SyncError | None = None
        self.last_synced: datetime | None = None
        self._next_pull = 0.0
        self._last_status: tuple[Any, ...] = ()
        self._status_at = 0.0
        # Passes over the outbox begun, and the last one that found nothing to send now.
        self._passes = 0
        self._idle_pass = 0
        self._settle = threading.Condition()
        self._failing: str | None = None  # type of the exception failing every step
        self._failed_steps = 0

    # -- control -------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="spoke-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def pause(self) -> None:
        self._paused.set()
        self._wake.set()

    def resume(self) -> None:
        self._paused.clear()
        self._wake.set()

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def wake(self, clear_block: bool = False) -> None:
        """Look at the outbox again now (new rows, retry now, connectivity came back)."""
        if clear_block:
            self.blocked = None
        self._next_pull = 0.0
        self._wake.set()

    def settled(self, timeout: float = 30.0) -> bool:
        """Look at the outbox again now, and wait until a pass begun after this call found
        nothing it can send now (all sent, held, backing off, paused or blocked), with a
        pull if there is a puller. False if that took longer than ``timeout``. For callers
        that must know the worker has caught up (tests: instead of sleeping a while)."""
        with self._settle:
            target = self._passes + 1
        self.wake()
        with self._settle:
            return self._settle.wait_for(lambda: self._idle_pass >= target, timeout)

    def _idle(self, this_pass: int) -> None:
        with self._settle:
            self._idle_pass = this_pass
            self._settle.notify_all()

    def new_work(self) -> None:
        """New outbox rows: look at once, unless the hub is known to be away. Then the offline
        probe sends them as soon as it answers: a burst of local writes while offline must not
        turn into a burst of connection attempts, pulls and status updates."""
        if self.online or not isinstance(self.last_error, HubUnreachableError | HubBusyError):
            self._wake.set()

    # -- loop ----------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._step()
            # Keep the thread alive whatever happens; _step_failed logs it.
            except Exception as exc:  # noqa: BLE001
                self._sleep(self._step_failed(exc))
            else:
                self._step_worked()

    def _step_failed(self, exc: Exception) -> float:
        """Log a failing step once per kind of failure, then back off: a full disk fails
        every step until space is freed, and must not fill the log (or the disk) with one
        traceback a second. Only the type is logged: the message may hold patient data."""
        self._failed_steps += 1
        kind = type(exc).__name__
        if kind != self._failing:
            self._failing = kind
            if isinstance(exc, StorageFullError) or is_storage_full(exc):
                log.warning("sync paused: the disk is full (%s); retrying with backoff", kind)
            else:
                log.error("sync step failed (%s); retrying with backoff", kind, exc_info=exc)
        return backoff_delay(
            self._failed_steps,
            base=self.config.backoff_base,
            cap=min(self.config.backoff_cap, LOCAL_RETRY_CAP),
        )

    def _step_worked(self) -> None:
        if self._failing is not None:
            log.info("sync works again (%d steps failed: %s)", self._failed_steps, self._failing)
            self._failing = None
            self._failed_steps = 0

    def _step(self) -> None:
        with self._settle:
            self._passes += 1
            this_pass = self._passes
        if self._paused.is_set() or self.blocked is not None:
            self._status()
            self._idle(this_pass)
            self._sleep(None)
            return
        host_away = not self.online and isinstance(self.last_error, HubUnreachableError)
        # While the hub is away every row would fail alike: wait for the probe (or a row's
        # due retry) instead of trying the rows one by one (each row's own backoff is for its
        # own faults; a busy hub is spaced by the host pace and Retry-After).
        if host_away:  # only a row whose own retry is due goes (one), new rows wait
            batch, due = self.queue.ready_batch(1, retries_only=True)
        else:
            batch, due = self.queue.ready_batch()
        if batch:
            self._status(sending=True)
            done: list[tuple[Item, dict[str, Any]]] = []
            try:
                for item in batch:
                    if self._stop.is_set() or self._paused.is_set():
                        break
                    if item.entity_type == "blob":
                        self._flush(done)  # what the hub accepted is recorded before long work
                    meta = self._send(item)
                    if meta is None:
                        break
                    done.append((item, meta))
                    if item.entity_type == "blob":
                        self._flush(done)
            finally:
                self._flush(done)
            return
        if self.puller is not None and self.clock.monotonic() >= self._next_pull:
            self._pull()
        self._status()
        self._idle(this_pass)
        wait = self._next_pull - self.clock.monotonic() if self.puller else 3600.0
        if due is not None:
            wait = min(wait, (due - self.clock.now()).total_seconds())
        if not self.online and isinstance(self.last_error, HubUnreachableError | HubBusyError):
            self._wait_offline(max(0.0, wait))
        else:
            self._sleep(max(0.0, wait))

    def _sleep(self, seconds: float | None) -> None:
        self.clock.wait(self._wake, seconds)
        self._wake.clear()

    def _wait_offline(self, seconds: float) -> None:
        """Sleep up to ``seconds``; probe the hub meanwhile and retry at once if it is back."""
        end = self.clock.monotonic() + seconds
        busy = isinstance(self.last_error, HubBusyError)
        while not self._stop.is_set():
            left = end - self.clock.monotonic()
            if left <= 0:
                return
            step = left if busy else min(left, self.config.probe_interval)
            if self.clock.wait(self._wake, step):
                self._wake.clear()
                return
            if not busy and self._probe():
                log.info("hub reachable again; retrying now")
                self.queue.retry_all_now()
                self.online, self.last_error = True, None
                self._next_pull = 0.0
                return

    def _probe(self) -> bool:
        try:
            body = json_body(self.client.send("GET", "/healthz", auth=False))
        except SyncError:
            return False
        return isinstance(body, dict) and body.get("status") == "ok"

    def _pull(self) -> None:
        assert self.puller is not None
        self._next_pull = self.clock.monotonic() + self.config.pull_interval
        try:
            self.puller.run_once()
        except SyncError as exc:
            self._note_error(exc)
        else:
            self._hub_answered()

    def _flush(self, done: list[tuple[Item, dict[str, Any]]]) -> None:
        if done:
            self.queue.mark_done_many(done)
            for item, _ in done:
                self.listener(ItemSent(item.id, item.entity_type, item.entity_id))
            done.clear()
            self._status(sending=True)

    # -- one item ------------------------------------------------------------------------
    def _send(self, item: Item) -> dict[str, Any] | None:
        """Send one item; its bookkeeping on success, None if it was not sent."""
        try:
            if item.entity_type == "blob":
                meta = self._upload(item)
            else:
                if item.entity_type == "consult":
                    item = self._with_blobs_ready(item)
                req = json_request(item.entity_type, item.operation, item.entity_id, item.payload)
                if req is None:
                    meta = {"status": "local_only"}  # nothing the hub keeps for this row
                else:
                    self.client.call(
                        req.method,
                        req.path,
                        json=req.body,
                        expect_id=req.expect_id,
                        no_content_ok=req.no_content_ok,
                    )
                    meta = {}
        except Stopped:
            return None
        except ConflictError as exc:
            if item.entity_type in CALL_RECORD:  # appended once by id: no versions to choose
                self._reject(item, CallRecordRefusedError(exc.detail, status=exc.status))
            else:
                self._conflict(item, exc)
            return None
        except ValueError as exc:  # no wire mapping: a bug or a newer app's row
            self._reject(item, LocalDataError(str(exc)))
            return None
        except SyncError as exc:
            self._note_error(exc)
            if exc.transient:
                delay = backoff_delay(
                    item.attempts + 1,
                    base=self.config.backoff_base,
                    cap=self.config.backoff_cap,
                    retry_after=getattr(exc, "retry_after", 0.0),
                )
                self.queue.mark_retry(item, f"{type(exc).__name__} {exc.detail}", delay)
                self.listener(ItemFailed(item.id, exc.kind, False, True, type(exc).__name__))
            elif isinstance(exc, BLOCKING):
                self.blocked = exc  # sign in / revoked / not enrolled / TLS: stop sending
                self.listener(ItemFailed(item.id, exc.kind, False, True, type(exc).__name__))
            else:
                self._reject(item, exc)
            return None
        self._hub_answered()
        self.last_synced = self.clock.now()
        return meta

    def _hub_answered(self) -> None:
        """A good answer from the hub: it is reachable, so rows that only waited for the
        host (away, busy) need not wait out their backoff any longer."""
        if isinstance(self.last_error, HOST_FAILURES):
            self.queue.retry_host_failures_now()
        self.online = True
        self.last_error = None

    def _note_error(self, exc: SyncError) -> None:
        self.last_error = exc
        if isinstance(exc, HubUnreachableError | HubBusyError | UnexpectedAnswerError):
            self.online = False
        elif isinstance(exc, BLOCKING):
            self.blocked = exc
        # Type and HTTP status only: a hub's detail may echo the request's patient data.
        log.info("sync: %s", redact.describe(exc))

    def _reject(self, item: Item, exc: SyncError) -> None:
        self.queue.mark_failed(
            item, f"{type(exc).__name__} {exc.detail}", status="rejected", message=exc.kind
        )
        self.listener(ItemFailed(item.id, exc.kind, False, False, type(exc).__name__))

    def _conflict(self, item: Item, exc: ConflictError) -> None:
        """Keep both versions: ours stays the payload, the hub's goes beside it."""
        hub_version: Any = None
        try:
            req = json_request(item.entity_type, item.operation, item.entity_id, item.payload)
            if req is not None:
                hub_version = self.client.call("GET", req.path, expect_id=req.expect_id)
        except (SyncError, ValueError) as fetch_error:
            log.info("could not fetch the hub's version: %s", type(fetch_error).__name__)
        # A finalized record on the hub cannot be replaced: "send mine again" would only
        # come back here. Say so, so the UI offers the way out (keep the hub's, ours kept).
        final = isinstance(hub_version, dict) and hub_version.get("finalized") is True
        self.queue.mark_failed(
            item,
            f"ConflictError {exc.detail}",
            status=REVIEW,
            hub_version=hub_version,
            conflict_at=self.clock.now().isoformat(),
            message=exc.kind,
            hub_final=final,
            mine_refused=item.meta.get("resolution") == "mine",
        )
        self.online = True
        self.listener(ItemFailed(item.id, exc.kind, True, False, "ConflictError"))

    def _with_blobs_ready(self, item: Item) -> Item:
        """A consult is sent only once its blobs passed the gate: a blob written before the
        hub's key was known is re-encrypted first, which points this consult's row at the new
        checksum. Done after the send, it would change a consult the hub already holds (and
        the hub refuses a changed final consult). A damaged blob does not hold the consult
        back (its own row reports it); a full disk does (retried)."""
        if self.prepare_blob is None:
            return item
        for blob_id in self.queue.unsent_blobs_of(canonical_id(item.entity_id)):
            try:
                self.prepare_blob(blob_id)
            except (BlobDamagedError, BlobMissingError):
                continue
            except StorageError as exc:
                raise LocalStorageError(type(exc).__name__) from exc
        return self.queue.get(item.id) or item

    def _upload(self, item: Item) -> dict[str, Any]:
        body = item.payload
        blob_id = str(body.get("blob_id") or item.entity_id)
        sha = str(body.get("sha256", "")).lower()
        consult_id = canonical_id(str(body.get("consult_id", "")))
        size = body.get("size")
        if self.prepare_blob is not None:
            try:
                ref = self.prepare_blob(blob_id)  # flags a damaged blob; never sent
            except BlobDamagedError as exc:
                raise LocalDataError("blob damaged: checksum differs from its record") from exc
            except BlobMissingError as exc:
                raise LocalDataError("blob file or record missing") from exc
            except StorageError as exc:  # disk full while re-encrypting, database busy...
                raise LocalStorageError(type(exc).__name__) from exc
            sha, size = ref.sha256.lower(), ref.size
        if len(sha) != 64 or not consult_id:
            raise LocalDataError("blob row lacks sha256 or consult_id")
        path = self.blob_path(blob_id)
        if not path.is_file():
            raise LocalDataError("blob file missing")
        if not isinstance(size, int):
            size = self.queue.blob_size(blob_id) or path.stat().st_size
        filename = f"{blob_id}.age"
        location = item.meta.get("upload_path")
        if item.meta.get("upload_sha256", sha) != sha:
            location = None  # started before a re-encryption: that upload is not this blob
        blob = BlobUpload(
            path=path,
            length=size,
            sha256=sha,
            metadata={
                "consult_id": consult_id,
                "sha256": sha,
                "filename": filename,
                "content_type": "application/age",
                # a still picture of a call: the doctor's review lists it as an attachment
                **({"media_type": str(body["media_type"])} if body.get("media_type") else {}),
            },
            location=location,
        )
        progress = _Progress(self.listener, item.id, self.config.progress_interval, self.clock)
        try:
            location = self.tus.upload(
                blob,
                save_location=lambda loc: self.queue.save_meta(
                    item.id, upload_path=loc, upload_sha256=sha
                ),
                find_existing=lambda: self._find_upload(consult_id, filename, sha),
                on_progress=progress,
                should_stop=lambda: self._stop.is_set() or self._paused.is_set(),
            )
        except UploadGoneError:
            self.queue.save_meta(item.id, upload_path=None)
            raise
        except RejectedError as exc:
            if exc.status == 404:  # the consult is not on the hub (yet): wait for it
                raise ConsultNotOnHubError(exc.detail, status=404) from exc
            raise
        info = self.tus.info(location)
        if not info.get("complete") or str(info.get("sha256", "")).lower() != sha:
            raise UnexpectedAnswerError("hub's copy is incomplete or its checksum differs")
        return {"upload_path": location, "hub_upload_id": info.get("id")}

    def _find_upload(self, consult_id: str, filename: str, sha: str = "") -> str | None:
        rows = self.client.call("GET", f"/consults/{consult_id}/uploads")
        if not isinstance(rows, list):
            raise UnexpectedAnswerError("upload list is not a list")
        mine = [r for r in rows if isinstance(r, dict) and r.get("filename") == filename]
        if sha:  # an upload of the same blob before its re-encryption is another file
            mine = [r for r in mine if str(r.get("sha256") or sha).lower() == sha]
        mine.sort(key=lambda r: (not r.get("complete"), -int(r.get("offset") or 0)))
        return f"/api/v1/uploads/{mine[0]['id']}" if mine else None

    # -- status --------------------------------------------------------------------------
    def _status(self, sending: bool = False) -> None:
        now = self.clock.monotonic()
        if sending and self._last_status[:1] == (SYNCING,) and now - self._status_at < 0.2:
            return  # while draining a backlog, a few updates a second are plenty
        pending = self.queue.count_unsent()
        sending = sending and pending > 0  # never "syncing 0 items"
        if isinstance(self.blocked, NotEnrolledError):
            state = NOT_ENROLLED
        elif self._paused.is_set():
            state = PAUSED
        elif sending:
            state = SYNCING
        elif self.online:
            state = ONLINE
        else:
            state = OFFLINE
        self._status_at = now
        error = self.blocked or (self.last_error if not self.online else None)
        message = error.kind if error is not None else ""
        code = type(error).__name__ if error is not None else ""
        key = (state, pending, self.last_synced, message)
        if key != self._last_status:
            self._last_status = key
            self.listener(StatusChanged(state, pending, self.last_synced, message, code))


class _Progress:
    """Turns (done, total) callbacks into throttled ItemProgress events with a rate."""

    def __init__(self, listener: Listener, item_id: int, interval: float, clock: Clock) -> None:
        self.listener = listener
        self.item_id = item_id
        self.interval = interval
        self.clock = clock
        self._t0 = clock.monotonic()
        self._first: int | None = None
        self._last_emit = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock.monotonic()
        if self._first is None:
            self._first, self._t0 = done, now
        if done < total and now - self._last_emit < self.interval:
            return
        self._last_emit = now
        elapsed = now - self._t0
        rate = (done - self._first) / elapsed if elapsed > 0 else 0.0
        self.listener(ItemProgress(self.item_id, done, total, rate))
