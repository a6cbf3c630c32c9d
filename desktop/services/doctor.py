"""The hub doctor's use cases: sign in at the hub, availability, the queue (re-read when the
hub pushes a change), claim/accept/decline/complete, and opening a consult (its FHIR bundle
cached in the doctor's encrypted store, the read audited locally). Methods return futures;
the UI wraps them in ``Operation``s. Announces ``Kind.QUEUE`` on the change bus."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pyrage import x25519

from desktop import logs
from desktop.changes import Change, ChangeBus, Kind, changes
from desktop.core.consult_chat import ChatEntry, parse_chat
from desktop.core.report import DoctorDay
from desktop.core.review import ConsultReview, parse_review
from desktop.core.review_history import HistoryEntry, parse_history
from desktop.paths import Locations
from desktop.services.reports import NetworkReportService
from desktop.storage import audit
from desktop.storage.blobs import BlobStore
from desktop.storage.keys import KeyStore
from desktop.storage.models.accounts import Facility
from desktop.storage.startup import FacilityDetails, Storage, set_up
from desktop.storage.writer import DbWriter
from desktop.sync.client import HubClient
from desktop.sync.doctor_api import (
    AVAILABILITY,
    DoctorApi,
    HubAccount,
    NotADoctorError,
    QueueItem,
    QueueWatch,
)
from desktop.sync.doctor_media import ConsultMedia, fetch_chat, fetch_history
from desktop.sync.enroll import enroll
from desktop.sync.errors import SyncError
from desktop.sync.stats_api import StatsApi
from desktop.sync.tokens import TokenStore

__all__ = [
    "AVAILABILITY",
    "DoctorService",
    "HubAccount",
    "NotADoctorError",
    "OpenedConsult",
    "QueueItem",
]

log = logs.get("services")
T = TypeVar("T")


class HubMedia:
    """The review screen's ``MediaFetcher`` for one consult: the hub's copy re-encrypted to
    this PC's age key, decrypted in memory (``fetch`` runs on a worker thread)."""

    def __init__(self, client: HubClient, consult_id: str, identity: x25519.Identity) -> None:
        # The bundle names files by the spoke's blob id: resolved to the hub's upload ids.
        self._media = ConsultMedia(client, consult_id, identity)

    def fetch(self, upload_id: str) -> bytes:
        return self._media.fetch(upload_id)


@dataclass(frozen=True)
class OpenedConsult:
    """A consult the doctor opened: its FHIR bundle and the review read from it (in
    memory), the id of the encrypted cache copy, where its media comes from, the
    patient's earlier consults and the chat of the consult's calls."""

    consult_id: str
    bundle: dict[str, Any]
    cached_blob: str
    review: ConsultReview
    media: HubMedia | None = None
    history: tuple[HistoryEntry, ...] = ()
    chat: tuple[ChatEntry, ...] = ()


DOCTOR_KIND = "hub"  # the set-up wizard's "Hub (doctors)": a hub doctor's PC


def installation_kind(storage: Storage) -> str:
    """ "spoke" or "hub" (a doctor's PC), as set up (the profile's facility row)."""
    with storage.db.read_session() as session:
        facility = session.get(Facility, 1)
        return facility.kind if facility is not None else "spoke"


def set_up_doctor_pc(
    locs: Locations, keystore: KeyStore, facility: FacilityDetails
) -> tuple[Storage, str]:
    """A doctor's PC: the encrypted profile (keys in the keyring) with no local account:
    its doctors sign in at the hub. Blocking. Enrollment follows (``enroll_doctor_pc``)."""
    return set_up(locs, keystore, replace(facility, kind=DOCTOR_KIND), None)


def enroll_doctor_pc(
    storage: Storage,
    hub_url: str,
    code: str,
    *,
    ca_pem: str = "",
    name: str = "",
    tokens: TokenStore | None = None,
) -> None:
    """Enroll with the hub's one-time code, sending this PC's age public key (the hub
    re-encrypts media to it); the device credentials go to the keyring. Blocking."""
    enroll(
        hub_url,
        code,
        tokens or TokenStore(),
        name=name,
        ca_pem=ca_pem,
        age_recipient=storage.keys.recipient,
    )


class DoctorService:
    """One signed-in doctor's work against the hub. ``device`` is this profile's id (audit)."""

    def __init__(
        self,
        api: DoctorApi,
        writer: DbWriter,
        blobs: BlobStore,
        device: str,
        bus: ChangeBus = changes,
    ) -> None:
        self.api = api
        self.writer = writer
        self.blobs = blobs
        self.device = device
        self.bus = bus
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="doctor")
        self._watch: QueueWatch | None = None
        self._lock = threading.Lock()

    def _run(self, fn: Callable[[], T]) -> Future[T]:
        return self._pool.submit(fn)

    @property
    def account(self) -> HubAccount | None:
        return self.api.account

    def _actor(self) -> audit.Actor:
        account = self.api.account
        role = "doctor" if account is None or account.role == "hub_doctor" else "manager"
        return audit.Actor(account.username if account else "?", role, self.device)

    # -- session -------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> Future[HubAccount]:
        """At the hub; recorded in the local audit log once the hub let the doctor in."""

        def run() -> HubAccount:
            account = self.api.sign_in(username, password)
            actor = self._actor()
            self.writer.run(lambda s: audit.record(s, actor, "login"))
            return account

        return self._run(run)

    def sign_out(self) -> Future[None]:
        """Offline at the hub (best effort), the hub session forgotten, audited locally."""

        def run() -> None:
            self.stop_watch()
            account = self.api.account
            if account is None:
                return
            try:
                if account.role == "hub_doctor":
                    self.api.set_availability("offline")
            except SyncError as exc:  # unreachable hub: its sweep hands the queue back
                log.info("going offline at sign-out failed (%s)", type(exc).__name__)
            actor = self._actor()
            self.api.sign_out()
            self.writer.run(lambda s: audit.record(s, actor, "logout"))

        return self._run(run)

    # -- availability and queue ----------------------------------------------------------
    def set_availability(self, availability: str) -> Future[str]:
        def run() -> str:
            value = self.api.set_availability(availability)
            self.bus.announce(Change(Kind.QUEUE, (), "availability"))
            return value

        return self._run(run)

    def network_report(self) -> NetworkReportService:
        """The network report's service for a programme manager signed in here."""
        return NetworkReportService(lambda: StatsApi(self.api.client))

    def day(self, utc_offset_minutes: int) -> DoctorDay:
        """The doctor's day in numbers from the hub (blocking: the dashboard panel calls it
        off the UI thread)."""
        return StatsApi(self.api.client).doctor_day(utc_offset_minutes)

    def queue(self) -> Future[list[QueueItem]]:
        return self._run(self.api.queue)

    def start_watch(self) -> QueueWatch:
        """The hub pushes queue changes (long-poll on its own thread): each is announced."""
        with self._lock:
            if self._watch is None or not self._watch.running:
                self._watch = QueueWatch(self.api, self._on_pushed).start()
            return self._watch

    def _on_pushed(self, version: int) -> None:
        log.debug("queue version %d", version)
        self.bus.announce(Change(Kind.QUEUE, (), "pushed"))

    def stop_watch(self) -> None:
        with self._lock:
            watch, self._watch = self._watch, None
        if watch is not None:
            watch.stop()

    # -- steps ---------------------------------------------------------------------------
    def _step(self, consult_id: str, step: Callable[[], str], reason: str) -> Future[str]:
        def run() -> str:
            status = step()
            self.bus.announce(Change(Kind.QUEUE, (consult_id,), reason))
            return status

        return self._run(run)

    def claim(self, consult_id: str) -> Future[str]:
        return self._step(consult_id, lambda: self.api.claim(consult_id), "claimed")

    def accept(self, consult_id: str) -> Future[str]:
        return self._step(consult_id, lambda: self.api.accept(consult_id), "accepted")

    def decline(self, consult_id: str, reason: str) -> Future[str]:
        if not reason.strip():
            raise ValueError("a reason is required")
        return self._step(consult_id, lambda: self.api.decline(consult_id, reason), "declined")

    def complete(self, consult_id: str) -> Future[str]:
        return self._step(consult_id, lambda: self.api.complete(consult_id), "completed")

    # -- opening a consult ---------------------------------------------------------------
    def _cache_id(self, consult_id: str) -> str:
        """The cached bundle's blob id: fixed per consult and PC (a re-open replaces it,
        a later run finds it), naming neither."""
        return hashlib.sha256(f"{self.device}:{consult_id}".encode()).hexdigest()[:32]

    def open_consult(self, consult_id: str) -> Future[OpenedConsult]:
        """Fetch the consult's FHIR bundle, keep an encrypted copy in the doctor's blob
        store (never a plain file) and audit the read."""

        def run() -> OpenedConsult:
            bundle = self.api.consult_fhir(consult_id)
            with self.blobs.create("hub-record", self._cache_id(consult_id)) as writer:
                writer.write(json.dumps(bundle).encode("utf-8"))
            assert writer.ref is not None
            actor = self._actor()
            self.writer.run(
                lambda s: audit.record(
                    s, actor, "read", entity_type="consult", entity_id=consult_id
                )
            )
            review = parse_review(bundle)
            media = HubMedia(self.api.client, consult_id, self.blobs.identity)
            return OpenedConsult(
                consult_id,
                bundle,
                writer.ref.blob_id,
                review,
                media,
                self._history(consult_id, review.patient.age_years),
                self._chat(consult_id),
            )

        return self._run(run)

    def _history(self, consult_id: str, age: int | None) -> tuple[HistoryEntry, ...]:
        """The patient's earlier consults (audited at the hub); none if the hub cannot say."""
        try:
            earlier = fetch_history(self.api.client, consult_id)
        except SyncError as exc:
            log.info("patient history not read (%s)", type(exc).__name__)
            return ()
        rows = [{**h.model_dump(mode="json"), "spoke": h.facility_name} for h in earlier]
        return parse_history(rows, age)

    def chat(self, consult_id: str) -> tuple[ChatEntry, ...]:
        """The chat of the consult's calls (audited at the hub), oldest first. Blocking."""
        return parse_chat(fetch_chat(self.api.client, consult_id))

    def _chat(self, consult_id: str) -> tuple[ChatEntry, ...]:
        """``chat``, or none if the hub cannot say now (the review re-reads it when the
        hub's queue moves)."""
        try:
            return self.chat(consult_id)
        except SyncError as exc:
            log.info("call chat not read (%s)", type(exc).__name__)
            return ()

    def cached_bundle(self, consult_id: str) -> dict[str, Any] | None:
        """The bundle of a consult opened before on this PC (decrypted in memory), or None."""
        blob_id = self._cache_id(consult_id)
        if not self.blobs.path_of(blob_id).exists():
            return None
        loaded = json.loads(self.blobs.read_all(blob_id))
        return loaded if isinstance(loaded, dict) else None

    def close(self) -> None:
        self.stop_watch()
        # Not cancelled: a cancelled future never reaches its Operation; what still runs
        # fails on the closed client and the closed page ignores it.
        self._pool.shutdown(wait=False)
        self.api.close()
