"""The hub doctor's API over ``HubClient`` (worker threads only): sign-in from the enrolled
doctor PC, availability, the queue and its long-poll watch, claim/accept/decline/complete and
a consult's FHIR bundle. Queue items are parsed tolerantly: a field the hub does not send
yet is None (the queue page shows "—")."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from desktop import logs
from desktop.sync.client import HubClient
from desktop.sync.errors import (
    NotEnrolledError,
    RejectedError,
    SyncError,
    UnexpectedAnswerError,
)
from desktop.sync.tokens import TokenStore

log = logs.get("sync")

AVAILABILITY = ("online", "away", "offline")
# Who works at a hub PC: its doctors, and programme managers (the network report; the hub
# lets them sign in with any live PC's credentials, in a session without patient data).
HUB_PC_ROLES = ("hub_doctor", "programme_manager")
WATCH_PATH = "/doctors/me/queue/watch"
WATCH_TIMEOUT = 25  # seconds the hub holds a watch open when nothing changes
# The read timeout of a watch: the hub's hold plus room for a slow answer.
WATCH_HTTP_TIMEOUT = httpx.Timeout(connect=10.0, read=WATCH_TIMEOUT + 15.0, write=30.0, pool=30.0)


@dataclass(frozen=True)
class HubAccount:
    """Who signed in at the hub (from the token answer)."""

    user_id: str
    username: str
    role: str
    facility_id: str | None


@dataclass(frozen=True)
class QueueItem:
    """One consult in the doctor's queue. Everything but ``id`` and ``status`` may be
    missing (None) until the hub sends it."""

    id: str
    status: str
    priority: str | None = None
    specialty: str | None = None
    mode: str | None = None
    queued_at: datetime | None = None
    assigned_doctor_id: str | None = None
    facility_name: str | None = None
    district: str | None = None
    state: str | None = None
    patient_age_years: int | None = None
    patient_sex: str | None = None
    waiting_seconds: int | None = None
    offered: bool = False

    def waiting(self, now: datetime) -> int | None:
        """Seconds waited: the hub's figure, else since ``queued_at``."""
        if self.waiting_seconds is not None:
            return self.waiting_seconds
        if self.queued_at is None:
            return None
        return max(0, int((now - self.queued_at).total_seconds()))


def _text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) and value else None


def _int(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _time(body: dict[str, Any], key: str) -> datetime | None:
    value = body.get(key)
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_queue_item(body: Any, my_id: str | None = None) -> QueueItem | None:
    """A queue entry from the hub's JSON, or None if it has no id or status."""
    if not isinstance(body, dict):
        return None
    item_id, status = _text(body, "id"), _text(body, "status")
    if item_id is None or status is None:
        return None
    assigned = _text(body, "assigned_doctor_id")
    offered = body.get("offered")
    if not isinstance(offered, bool):  # an older hub: an assignment to me is an offer
        offered = status == "assigned" and my_id is not None and assigned == my_id
    return QueueItem(
        id=item_id,
        status=status,
        priority=_text(body, "priority"),
        specialty=_text(body, "specialty"),
        mode=_text(body, "mode"),
        queued_at=_time(body, "queued_at"),
        assigned_doctor_id=assigned,
        facility_name=_text(body, "facility_name"),
        district=_text(body, "district"),
        state=_text(body, "state"),
        patient_age_years=_int(body, "patient_age_years"),
        patient_sex=_text(body, "patient_sex"),
        waiting_seconds=_int(body, "waiting_seconds"),
        offered=offered,
    )


class DoctorApi:
    """One doctor PC's calls to its hub. Thread-safe (``HubClient`` is)."""

    def __init__(self, client: HubClient) -> None:
        self.client = client
        self.account: HubAccount | None = None

    @classmethod
    def open(
        cls, tokens: TokenStore, *, ca_pem: str = "", transport: httpx.BaseTransport | None = None
    ) -> DoctorApi:
        """Over the enrolled device in ``tokens`` (``NotEnrolledError`` if there is none),
        verifying TLS against ``ca_pem`` or else the CA pinned when the PC enrolled."""
        creds = tokens.device()
        if creds is None:
            raise NotEnrolledError("no device credentials")
        pinned = ca_pem or creds.ca_pem  # the CA pinned at enrollment, unless told
        return cls(HubClient(creds.hub_url, tokens, ca_pem=pinned, transport=transport))

    def close(self) -> None:
        self.client.close()

    def sign_in(self, username: str, password: str) -> HubAccount:
        """Password grant with the device credentials; only ``HUB_PC_ROLES`` are let in."""
        body = self.client.sign_in(username, password)
        account = HubAccount(
            user_id=str(body.get("user_id", "")),
            username=username.strip().lower(),
            role=str(body.get("role", "")),
            facility_id=_text(body, "facility_id"),
        )
        if account.role not in HUB_PC_ROLES:
            self.sign_out()  # the session the hub opened is ended, not kept here
            raise NotADoctorError(f"role {account.role[:20]}")
        self.account = account
        return account

    def sign_out(self) -> None:
        """End this doctor's hub session (at the hub when it answers) and forget it here."""
        self.account = None
        tokens = self.client.tokens
        refresh = tokens.refresh_token() if tokens is not None else None
        if refresh:
            try:
                self.client.call(
                    "POST", "/auth/logout", auth=False, json={"refresh_token": refresh}
                )
            except SyncError as exc:  # the session still ends here; it expires at the hub
                log.info("hub sign-out failed (%s)", type(exc).__name__)
        if tokens is not None:
            tokens.forget_session()
        self.client.forget_access_token()

    def set_availability(self, availability: str) -> str:
        if availability not in AVAILABILITY:
            raise ValueError(availability)
        body = self.client.call(
            "PUT", "/doctors/me/availability", json={"availability": availability}
        )
        value = body.get("availability") if isinstance(body, dict) else None
        if value not in AVAILABILITY:
            raise UnexpectedAnswerError("availability answer without availability")
        return str(value)

    def queue(self) -> list[QueueItem]:
        body = self.client.call("GET", "/doctors/me/queue")
        if not isinstance(body, list):
            raise UnexpectedAnswerError("queue answer is not a list")
        me = self.account.user_id if self.account else None
        return [item for item in (parse_queue_item(b, me) for b in body) if item is not None]

    def watch(self, since: int, timeout: int = WATCH_TIMEOUT) -> int:
        """Long-poll: returns the queue's version once it is above ``since`` (-1: none yet,
        answered at once), or the current one when the hub's hold ran out."""
        # The same client (its pool holds other requests' connections meanwhile), with a
        # read timeout longer than the hub's hold.
        body = self.client.call(
            "GET",
            WATCH_PATH,
            params={"since": since, "timeout": timeout},
            timeout=WATCH_HTTP_TIMEOUT,
        )
        version = body.get("version") if isinstance(body, dict) else None
        if not isinstance(version, int) or isinstance(version, bool):
            raise UnexpectedAnswerError("watch answer without version")
        return version

    def _step(self, consult_id: str, step: str, body: dict[str, Any] | None = None) -> str:
        answer = self.client.call(
            "POST", f"/consults/{consult_id}/{step}", expect_id=consult_id, json=body or {}
        )
        status = answer.get("status") if isinstance(answer, dict) else None
        if not isinstance(status, str):
            raise UnexpectedAnswerError("consult answer without status")
        return status

    def claim(self, consult_id: str) -> str:
        return self._step(consult_id, "claim")

    def accept(self, consult_id: str) -> str:
        return self._step(consult_id, "accept")

    def decline(self, consult_id: str, reason: str) -> str:
        reason = reason.strip()
        if not reason:
            raise ValueError("a reason is required")
        return self._step(consult_id, "decline", {"reason": reason[:500]})

    def complete(self, consult_id: str) -> str:
        return self._step(consult_id, "complete")

    def consult_fhir(self, consult_id: str) -> dict[str, Any]:
        body = self.client.call("GET", f"/consults/{consult_id}/fhir")
        if not isinstance(body, dict) or body.get("resourceType") != "Bundle":
            raise UnexpectedAnswerError("consult FHIR answer is not a Bundle")
        return body


class NotADoctorError(SyncError):
    """The hub account that signed in is neither a hub doctor's nor a programme manager's."""

    transient = False


class QueueWatch:
    """The long-poll loop on its own thread: calls ``changed(version)`` whenever the hub's
    queue version moves (and once at start). Never touches widgets; a failure waits
    (growing, capped) and asks again; a hub without the watch endpoint ends the loop."""

    def __init__(
        self,
        api: DoctorApi,
        changed: Callable[[int], None],
        *,
        timeout: int = WATCH_TIMEOUT,
        retry_cap: float = 30.0,
    ) -> None:
        self.api = api
        self.changed = changed
        self.timeout = timeout
        self.retry_cap = retry_cap
        self.version = -1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="queue-watch", daemon=True)

    def start(self) -> QueueWatch:
        self._thread.start()
        return self

    def stop(self, join: float = 0.0) -> None:
        self._stop.set()
        if join:
            self._thread.join(join)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        delay = 0.5
        while not self._stop.is_set():
            try:
                # -1 at first: "I have no version", answered at once.
                version = self.api.watch(self.version, self.timeout)
            except RejectedError as exc:
                if exc.status in (404, 405):
                    log.warning("the hub has no queue watch; live queue updates are off")
                    return
                log.info("queue watch refused (%s)", type(exc).__name__)
                self._stop.wait(delay)
                delay = min(delay * 2, self.retry_cap)
                continue
            except SyncError as exc:
                log.info("queue watch failed (%s); asking again", type(exc).__name__)
                self._stop.wait(delay)
                delay = min(delay * 2, self.retry_cap)
                continue
            except Exception as exc:  # noqa: BLE001 -- e.g. the client closed at sign-out
                if self._stop.is_set():
                    return
                log.warning("queue watch stopped (%s)", type(exc).__name__)
                return
            delay = 0.5
            if self._stop.is_set():
                return
            if version != self.version:
                self.version = version
                self.changed(version)
