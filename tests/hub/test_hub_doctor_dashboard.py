"""The doctor's dashboard figures (issue 17): my queue now, offers and calls, consults done
today and this week, median duration, declines this week, follow-ups due; doctors only."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from hub.clock import ManualClock
from hub.models import Prescription
from tests.hub.test_hub_queue import GM, PAED, act
from tests.hub.world import World


def dashboard(world: World, who: str) -> dict[str, Any]:
    r = world.client.get(
        "/api/v1/doctors/me/dashboard", params={"utc_offset_minutes": 330}, headers=world[who].h
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def later(world: World, clock: ManualClock, seconds: float) -> None:
    """Move the hub's clock on; the accounts sign in again (access tokens last 10 min)."""
    clock.advance(seconds)
    for name in ("opA", "opB", "doc1", "doc3"):
        world.renew(name)


def test_the_doctors_day_in_numbers(world: World, clock: ManualClock) -> None:
    empty = dashboard(world, "doc1")
    assert empty == {
        "queue_now": 0,
        "offered_to_me": 0,
        "in_progress": 0,
        "done_today": 0,
        "done_this_week": 0,
        "median_duration_seconds": None,
        "declined_this_week": 0,
        "follow_ups_due": [],
    }
    world.online("doc1")
    first = world.consult("opA", specialty=GM)
    assert dashboard(world, "doc1")["offered_to_me"] == 1
    act(world, "doc1", first["id"], "accept")
    assert dashboard(world, "doc1")["in_progress"] == 1
    later(world, clock, 600)
    act(world, "doc1", first["id"], "complete")
    second = world.consult("opA", specialty=GM)
    act(world, "doc1", second["id"], "accept")
    later(world, clock, 1200)
    act(world, "doc1", second["id"], "complete")
    third = world.consult("opA", specialty=GM)
    act(world, "doc1", third["id"], "decline")  # nobody else online: back to the queue
    paed = world.consult("opB", specialty=PAED)  # no paediatrician online: queued
    with world.hub.sessions() as s:
        for days in (3, 30):
            due = (clock.now() + timedelta(days=days)).date().isoformat()
            s.add(
                Prescription(
                    id=str(uuid.uuid4()),
                    consult_id=first["id"],
                    doctor_id=world["doc1"].user_id,
                    registration_number="MP-12345",
                    content={"follow_up_date": due},
                    signature="x",
                    payload_sha256="",
                    created_at=clock.now(),
                )
            )
        s.commit()
    figures = dashboard(world, "doc1")
    assert figures["done_today"] == figures["done_this_week"] == 2
    assert figures["median_duration_seconds"] == 900  # 600 s and 1200 s
    assert figures["declined_this_week"] == 1
    assert figures["queue_now"] == 1  # the declined one waits again; paediatrics is not mine
    assert figures["follow_ups_due"] == [(clock.now() + timedelta(days=3)).date().isoformat()]
    assert dashboard(world, "doc3")["queue_now"] == 1  # the paediatrician sees the other
    assert paed["status"] == "queued"

    # Next week the week's figures start again; the day's too.
    later(world, clock, 8 * 24 * 3600)
    week = dashboard(world, "doc1")
    assert (week["done_today"], week["done_this_week"], week["declined_this_week"]) == (0, 0, 0)


def test_only_doctors_have_a_doctors_dashboard(world: World) -> None:
    for who in ("opA", "admin"):
        r = world.client.get("/api/v1/doctors/me/dashboard", headers=world[who].h)
        assert r.status_code == 403
