"""Pull from the hub: consult status changes, queue position and estimated wait of waiting
consults, and newly arrived prescriptions. Everything learned about one consult goes to the
storage sink at once (one writer transaction), then to the listener. Remembers (ids and a
time cursor only, never patient data) what it has seen, so each prescription is announced
once."""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import logs
from desktop.storage.hub_news import Applied, HubNews
from desktop.sync.client import HubClient
from desktop.sync.errors import RejectedError
from desktop.sync.events import ConsultUpdate, Listener, PrescriptionArrived

Sink = Callable[[HubNews], Applied]

log = logs.get("sync")

CLOSED = ("completed", "cancelled")
PAGE = 100


class PullState:
    """Where the pull stands: the keyset cursor (change time and id of the last consult fully
    processed), consults still being watched, prescriptions already announced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cursor: str | None = None
        self.cursor_id: str | None = None
        self.active: set[str] = set()
        self.seen_rx: set[str] = set()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            self.cursor = raw.get("cursor")
            self.cursor_id = raw.get("cursor_id")
            self.active = set(raw.get("active", []))
            self.seen_rx = set(raw.get("seen_rx", []))
        except (OSError, ValueError, AttributeError):
            pass

    def watch(self, consult_id: str) -> None:
        """A consult the spoke sent: watched until the hub says it is closed."""
        self.active.add(consult_id)

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        data = {
            "cursor": self.cursor,
            "cursor_id": self.cursor_id,
            "active": sorted(self.active),
            "seen_rx": sorted(self.seen_rx)[-5000:],
        }
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)


class Puller:
    """One pull pass per ``run_once``; called by the sync worker when it is idle.

    The cursor moves past a consult only once everything about it (status and
    prescriptions) has been announced, and a consult leaves the watch list only once it is
    closed and its prescriptions were read: a failed request costs a retry, never a
    prescription or a watched consult."""

    def __init__(
        self,
        client: HubClient,
        state: PullState,
        listener: Listener,
        sink: Sink | None = None,
    ) -> None:
        self.client = client
        self.state = state
        self.listener = listener
        self.sink = sink  # stores what the hub says (None: only tell the listener)
        self._done_up_to = ""  # watched consults are visited round robin from here

    def run_once(self) -> int:
        """Returns how many changes were announced."""
        changes = 0
        try:
            changes += self._changed_consults()
            for cid in self._watch_order():
                changes += self._watched(cid)
                self._done_up_to = cid
            self._done_up_to = ""
        finally:
            self.state.save()
        return changes

    def _watch_order(self) -> list[str]:
        """Watched consults, starting after the last one a failed pass reached: a request
        failing now and then must not starve the consults at the end of the list."""
        ids = sorted(self.state.active)
        start = bisect.bisect_right(ids, self._done_up_to) if self._done_up_to else 0
        return ids[start:] + ids[:start]

    def _changed_consults(self) -> int:
        changes = 0
        while True:
            params: dict[str, Any] = {"limit": PAGE}
            if self.state.cursor:
                params["updated_since"] = self.state.cursor
                if self.state.cursor_id:
                    params["after_id"] = self.state.cursor_id
            page = self.client.call("GET", "/consults", params=params)
            if not isinstance(page, list):
                raise RejectedError("consult list is not a list")
            for summary in page:
                if not isinstance(summary, dict) or not isinstance(summary.get("id"), str):
                    continue
                changes += self._consult_changed(summary)
                # Only now, with everything about this consult announced, move past it.
                self.state.cursor = str(summary.get("updated_at") or self.state.cursor)
                self.state.cursor_id = summary["id"]
            if len(page) < PAGE:
                return changes

    def _consult_changed(self, summary: dict[str, Any]) -> int:
        cid = summary["id"]
        status = str(summary.get("status", ""))
        self.state.active.add(cid)  # watched at least until its prescriptions were read
        rx = self._read_prescriptions(cid)
        changes = self._deliver(HubNews(cid, status, prescriptions=rx), summary)
        if status in CLOSED:
            self.state.active.discard(cid)
        return changes

    def _read_prescriptions(self, consult_id: str) -> list[dict[str, Any]]:
        rows = self.client.call("GET", f"/consults/{consult_id}/prescriptions")
        return [rx for rx in (rows if isinstance(rows, list) else []) if isinstance(rx, dict)]

    def _watched(self, consult_id: str) -> int:
        """A watched consult: its prescriptions and its place in the queue, delivered as one."""
        rx = self._read_prescriptions(consult_id)
        try:
            body = self.client.call("GET", f"/consults/{consult_id}/queue", expect_id=consult_id)
        except RejectedError as exc:
            if exc.status in (403, 404):
                self.state.active.discard(consult_id)
                return self._deliver(HubNews(consult_id, prescriptions=rx))
            raise
        status = str(body.get("status", ""))
        if status in CLOSED:
            # Closed between the prescriptions read above and now: read them once more.
            known = {r.get("id") for r in rx}
            rx += [r for r in self._read_prescriptions(consult_id) if r.get("id") not in known]
        news = HubNews(
            consult_id,
            status,
            position=int(body.get("position", 0)),
            wait_seconds=int(body.get("estimated_wait_seconds", 0)),
            prescriptions=rx,
        )
        changes = self._deliver(news)
        if status in CLOSED:
            self.state.active.discard(consult_id)
        return changes

    def _deliver(self, news: HubNews, summary: dict[str, Any] | None = None) -> int:
        """Store (one transaction), then tell the listener: the status (1 change, if the hub
        gave one) and each prescription not announced before."""
        stored: tuple[str, ...] | None = None
        if self.sink is not None:
            applied = self.sink(news)
            if applied.consult_id is not None:  # storage knows what is new
                stored = applied.new_prescriptions
        changes = 0
        if news.hub_status:
            self.listener(
                ConsultUpdate(
                    news.consult_id,
                    news.hub_status,
                    position=news.position,
                    estimated_wait_seconds=news.wait_seconds,
                    summary=summary or {},
                )
            )
            changes += 1
        for rx in news.prescriptions:
            rid = rx.get("id")
            if not isinstance(rid, str):
                continue
            new = rid in stored if stored is not None else rid not in self.state.seen_rx
            if new:
                self.listener(PrescriptionArrived(news.consult_id, rx))
                changes += 1
            self.state.seen_rx.add(rid)
        return changes
