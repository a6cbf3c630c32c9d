"""Backoff belongs to the failing row: one record the hub keeps answering badly does not hold
back unrelated rows, and a good answer from the hub ends the waiting of rows that only
failed because the hub was away."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import select

from desktop.storage.models.outbox import OutboxEntry
from tests.helpers.waiting import wait_for
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import FAST, Spoke


def rows(spoke: Spoke) -> dict[str, OutboxEntry]:
    with spoke.db.read_session() as s:
        return {r.entity_id: r for r in s.scalars(select(OutboxEntry))}


def test_a_row_with_bad_answers_does_not_hold_back_the_others(
    hub: LiveHub, enrolled: Spoke
) -> None:
    stuck = enrolled.add_patient(0)
    others = [enrolled.add_patient(n) for n in range(1, 11)]
    # A consult of the stuck patient must wait for it (it depends on it).
    held = enrolled.add_consult(stuck, final=True)
    proxy = FaultProxy(hub.port, exempt=(b"/api/v1/auth/",)).start()
    proxy.aim(f"/patients/{uuid.UUID(stuck)}".encode(), ["html200"] * 7)
    # Long row backoff: if the others waited for the stuck row, they would wait minutes.
    config = replace(FAST, backoff_base=60.0, backoff_cap=600.0)
    engine = enrolled.engine(hub_url=proxy.url, config=config)
    engine.start()
    try:
        wait_for(lambda: all(rows(enrolled)[o].state == "done" for o in others), timeout=60)
        now = rows(enrolled)
        assert now[stuck].state == "pending" and now[stuck].attempts >= 1
        assert now[stuck].last_error and now[stuck].last_error.startswith("UnexpectedAnswer")
        assert now[held].state == "pending" and now[held].attempts == 0  # never tried early
        # "Retry now" sends the stuck row (the portal is gone after 7 answers) and its consult.
        proxy.aimed.clear()
        engine.retry_now()
        wait_for(lambda: {r.state for r in rows(enrolled).values()} == {"done"}, timeout=60)
    finally:
        engine.stop()
        proxy.stop()


def test_a_good_answer_ends_the_wait_of_rows_that_failed_with_the_hub_away(
    hub: LiveHub, enrolled: Spoke
) -> None:
    first = enrolled.add_patient(0)
    proxy = FaultProxy(hub.port, exempt=(b"/api/v1/auth/",)).start()
    proxy.aim(b"/patients/", ["busy503"])
    # A long row backoff and a long offline probe: only the pull's good answer can end it.
    config = replace(FAST, backoff_base=600.0, backoff_cap=600.0, probe_interval=600.0)
    config = replace(config, pull_interval=0.05)
    engine = enrolled.engine(hub_url=proxy.url, config=config)
    engine.start()
    try:
        wait_for(lambda: rows(enrolled)[first].attempts == 1, timeout=30)
        wait_for(lambda: rows(enrolled)[first].state == "done", timeout=30)
    finally:
        engine.stop()
        proxy.stop()
