"""Pull from the hub: consult status changes, queue position and estimated wait of waiting
consults, and newly arrived prescriptions. Remembers (ids and a time cursor only, never
patient data) what it has seen, so each prescription is announced once."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from desktop import logs
from desktop.sync.client import HubClient
from desktop.sync.errors import RejectedError
from desktop.sync.events import ConsultUpdate, Listener, PrescriptionArrived

log = logs.get("sync")

ACTIVE = ("queued", "assigned", "in_progress")
PAGE = 100


class PullState:
    """Cursor, consults still being watched, prescriptions already announced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cursor: str | None = None
        self.active: set[str] = set()
        self.seen_rx: set[str] = set()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            self.cursor = raw.get("cursor")
            self.active = set(raw.get("active", []))
            self.seen_rx = set(raw.get("seen_rx", []))
        except (OSError, ValueError, AttributeError):
            pass

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        data = {
            "cursor": self.cursor,
            "active": sorted(self.active),
            "seen_rx": sorted(self.seen_rx)[-5000:],
        }
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)


class Puller:
    """One pull pass per ``run_once``; called by the sync worker when it is idle."""

    def __init__(self, client: HubClient, state: PullState, listener: Listener) -> None:
        self.client = client
        self.state = state
        self.listener = listener

    def run_once(self) -> int:
        """Returns how many changes were announced."""
        changes = 0
        for summary in self._changed_consults():
            cid = summary["id"]
            status = str(summary.get("status", ""))
            if status in ACTIVE:
                self.state.active.add(cid)
            self.listener(ConsultUpdate(cid, status, summary=summary))
            changes += 1 + self._prescriptions(cid)
            if status not in ACTIVE:
                self.state.active.discard(cid)
        for cid in sorted(self.state.active):
            changes += self._prescriptions(cid)
            changes += self._position(cid)
        self.state.save()
        return changes

    def _changed_consults(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        while True:
            params: dict[str, Any] = {"limit": PAGE}
            if self.state.cursor:
                params["updated_since"] = self.state.cursor
            page = self.client.call("GET", "/consults", params=params)
            if not isinstance(page, list):
                raise RejectedError("consult list is not a list")
            rows = [r for r in page if isinstance(r, dict) and isinstance(r.get("id"), str)]
            found.extend(rows)
            if rows:
                self.state.cursor = str(rows[-1].get("updated_at") or self.state.cursor)
            if len(page) < PAGE:
                return found

    def _prescriptions(self, consult_id: str) -> int:
        rows = self.client.call("GET", f"/consults/{consult_id}/prescriptions")
        new = 0
        for rx in rows if isinstance(rows, list) else []:
            rid = rx.get("id") if isinstance(rx, dict) else None
            if isinstance(rid, str) and rid not in self.state.seen_rx:
                self.state.seen_rx.add(rid)
                self.listener(PrescriptionArrived(consult_id, rx))
                new += 1
        return new

    def _position(self, consult_id: str) -> int:
        try:
            body = self.client.call("GET", f"/consults/{consult_id}/queue", expect_id=consult_id)
        except RejectedError as exc:
            if exc.status in (403, 404):
                self.state.active.discard(consult_id)
                return 0
            raise
        status = str(body.get("status", ""))
        self.listener(
            ConsultUpdate(
                consult_id,
                status,
                position=int(body.get("position", 0)),
                estimated_wait_seconds=int(body.get("estimated_wait_seconds", 0)),
            )
        )
        if status not in ACTIVE:
            self.state.active.discard(consult_id)
        return 1
