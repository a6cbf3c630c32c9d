"""Queue and assignment with three doctors of mixed specialties and availability, on a manual
clock: shortest-queue assignment, claim, decline, timeout and offline reassignment, priority
order, positions and wait estimates from recent service times."""

from __future__ import annotations

from typing import Any

import pytest

from hub.clock import ManualClock
from hub.context import HubContext
from hub.queue import DEFAULT_SERVICE_SECONDS
from tests.hub.world import World

GM, PAED = "general_medicine", "paediatrics"


def get(world: World, cid: str, who: str = "opA") -> dict[str, Any]:
    r = world.client.get(f"/api/v1/consults/{cid}", headers=world[who].h)
    assert r.status_code == 200, r.text
    return dict(r.json())


def position(world: World, cid: str, who: str = "opA") -> dict[str, Any]:
    r = world.client.get(f"/api/v1/consults/{cid}/queue", headers=world[who].h)
    assert r.status_code == 200, r.text
    return dict(r.json())


def act(world: World, doctor: str, cid: str, action: str, expect: int = 200) -> dict[str, Any]:
    r = world.client.post(f"/api/v1/consults/{cid}/{action}", headers=world[doctor].h)
    assert r.status_code == expect, r.text
    return dict(r.json())


def renew_all(world: World) -> None:
    for name in ("opA", "opB", "doc1", "doc2", "doc3"):
        world.renew(name)


def test_assignment_by_specialty_availability_and_shortest_queue(
    world: World, clock: ManualClock
) -> None:
    doc1, doc2, doc3 = (world[d].user_id for d in ("doc1", "doc2", "doc3"))
    world.online("doc1")  # GM
    clock.advance(10)
    world.online("doc2")  # GM + PAED
    world.online("doc3", "away")  # PAED, away
    gm1 = world.consult("opA", specialty=GM)
    assert gm1["assigned_doctor_id"] == doc1  # equal queues: the doctor online longest
    gm2 = world.consult("opA", specialty=GM)
    assert gm2["assigned_doctor_id"] == doc2  # doc1 has an offer pending
    paed1 = world.consult("opB", specialty=PAED)
    assert paed1["status"] == "queued"  # doc2 busy with an offer, doc3 away
    act(world, "doc2", gm2["id"], "accept")  # doc2 free for the next offer
    assert get(world, paed1["id"], "opB")["assigned_doctor_id"] == doc2
    act(world, "doc2", paed1["id"], "accept")
    world.online("doc3")  # coming online picks up waiting work
    paed2 = world.consult("opB", specialty=PAED)
    assert paed2["assigned_doctor_id"] == doc3  # shortest queue: doc3 (0) vs doc2 (2)
    act(world, "doc1", gm1["id"], "accept")
    gm3 = world.consult("opA", specialty=GM)
    assert gm3["assigned_doctor_id"] == doc1  # doc1 has 1 in progress, doc2 has 2


def test_reassignment_on_accept_timeout(world: World, clock: ManualClock) -> None:
    timeout = world.hub.config.accept_timeout_seconds
    world.online("doc1")
    world.online("doc2")
    c = world.consult("opA", specialty=GM)
    first = c["assigned_doctor_id"]
    assert first == world["doc1"].user_id
    clock.advance(timeout - 1)
    assert position(world, c["id"])["status"] == "assigned"
    assert get(world, c["id"])["assigned_doctor_id"] == first
    clock.advance(2)
    renew_all(world)
    pos = position(world, c["id"])
    assert pos["status"] == "assigned" and pos["position"] == 1
    assert get(world, c["id"])["assigned_doctor_id"] == world["doc2"].user_id
    # doc1 can no longer accept it; doc2 can.
    act(world, "doc1", c["id"], "accept", expect=403)
    assert act(world, "doc2", c["id"], "accept")["status"] == "in_progress"
    # An accepted consult does not time out.
    clock.advance(timeout * 10)
    renew_all(world)
    assert position(world, c["id"])["status"] == "in_progress"


def test_timeout_with_single_doctor_stays_queued(world: World, clock: ManualClock) -> None:
    world.online("doc1")
    c = world.consult("opA", specialty=GM)
    clock.advance(world.hub.config.accept_timeout_seconds + 1)
    renew_all(world)
    assert position(world, c["id"])["status"] == "queued"
    # It returns to doc1 only when another doctor could not take it either; doc1 may claim.
    assert act(world, "doc1", c["id"], "claim")["status"] == "in_progress"


def test_offline_doctor_hands_back_offers_but_keeps_calls(world: World) -> None:
    world.online("doc2")
    world.online("doc3")
    paed = world.consult("opB", specialty=PAED)
    gm = world.consult("opA", specialty=GM)
    assert paed["assigned_doctor_id"] == world["doc2"].user_id
    act(world, "doc2", paed["id"], "accept")
    gm = get(world, gm["id"])
    assert gm["assigned_doctor_id"] == world["doc2"].user_id  # the only GM doctor online
    world.online("doc1")
    world.online("doc2", "offline")
    assert get(world, gm["id"])["assigned_doctor_id"] == world["doc1"].user_id
    still = get(world, paed["id"], "opB")
    assert still["status"] == "in_progress" and still["assigned_doctor_id"] == world["doc2"].user_id


def test_decline_goes_to_another_doctor(world: World) -> None:
    world.online("doc1")
    world.online("doc2")
    c = world.consult("opA", specialty=GM)
    assert act(world, "doc1", c["id"], "decline")["assigned_doctor_id"] == world["doc2"].user_id


def test_claim_rules(world: World) -> None:
    c = world.consult("opA", specialty=PAED)  # nobody online: queued
    act(world, "doc1", c["id"], "claim", expect=403)  # not a paediatrician
    act(world, "doc9", c["id"], "claim", expect=404)  # another hub
    assert act(world, "doc3", c["id"], "claim")["assigned_doctor_id"] == world["doc3"].user_id
    act(world, "doc2", c["id"], "claim", expect=409)  # already taken


def test_status_transitions_validated(world: World) -> None:
    world.online("doc1")
    c = world.consult("opA", specialty=GM)
    act(world, "doc1", c["id"], "complete", expect=409)  # not accepted yet
    act(world, "doc1", c["id"], "accept")
    act(world, "doc1", c["id"], "accept", expect=409)
    act(world, "doc1", c["id"], "decline", expect=409)
    act(world, "doc1", c["id"], "complete")
    act(world, "doc1", c["id"], "complete", expect=409)
    r = world.client.delete(f"/api/v1/consults/{c['id']}", headers=world["opA"].h)
    assert r.status_code == 409  # a completed consult cannot be withdrawn
    act(world, "opA", c["id"], "accept", expect=403)  # operators do not accept


def test_default_wait_without_history(world: World, clock: ManualClock) -> None:
    c1 = world.consult("opA", specialty=GM)
    clock.advance(5)
    c2 = world.consult("opA", specialty=GM)
    assert position(world, c1["id"])["estimated_wait_seconds"] == DEFAULT_SERVICE_SECONDS
    assert position(world, c2["id"]) == {
        "id": c2["id"],
        "status": "queued",
        "position": 2,
        "estimated_wait_seconds": 2 * DEFAULT_SERVICE_SECONDS,
    }


def test_priority_positions_and_wait_estimates(world: World, clock: ManualClock) -> None:
    # Service history first: 300 s and 600 s from accept to complete -> mean 450 s.
    world.online("doc1")
    for span in (300, 600):
        c = world.consult("opA", specialty=GM)
        act(world, "doc1", c["id"], "accept")
        clock.advance(span)
        renew_all(world)
        act(world, "doc1", c["id"], "complete")
    world.online("doc1", "offline")
    renew_all(world)
    # Nobody online: the queue builds up. The emergency goes to the front.
    r1 = world.consult("opA", specialty=GM)
    clock.advance(5)
    r2 = world.consult("opA", specialty=GM)
    clock.advance(5)
    em = world.consult("opB", specialty=GM, priority="emergency")
    got = [position(world, c["id"], op) for c, op in ((em, "opB"), (r1, "opA"), (r2, "opA"))]
    assert [(p["position"], p["estimated_wait_seconds"]) for p in got] == [
        (1, 450),
        (2, 900),
        (3, 1350),
    ]
    # A paediatric consult has its own queue.
    paed = world.consult("opA", specialty=PAED)
    assert position(world, paed["id"])["position"] == 1
    # Two GM doctors online: offers go out in queue order; the rest waits in waves of two.
    world.online("doc1")
    world.online("doc2")
    assert get(world, em["id"], "opB")["status"] == "assigned"
    assert get(world, r1["id"])["status"] == "assigned"
    assert position(world, r2["id"]) == {
        "id": r2["id"],
        "status": "queued",
        "position": 1,
        "estimated_wait_seconds": 450,
    }
    # An offered consult waits only for what its doctor has in progress (nothing here).
    assert position(world, r1["id"]) == {
        "id": r1["id"],
        "status": "assigned",
        "position": 1,
        "estimated_wait_seconds": 0,
    }


def test_operator_of_other_spoke_cannot_see_position(world: World) -> None:
    c = world.consult("opA", specialty=GM)
    r = world.client.get(f"/api/v1/consults/{c['id']}/queue", headers=world["opB"].h)
    assert r.status_code == 404


def test_background_sweeper_reassigns_without_requests(
    world: World, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In service the lifespan task sweeps the queue on its own: a timed-out offer moves on
    even when nobody polls."""
    import asyncio

    from hub import app
    from hub.models import Consult

    world.online("doc1")
    world.online("doc2")
    c = world.consult("opA", specialty=GM)
    assert c["assigned_doctor_id"] == world["doc1"].user_id
    clock.advance(world.hub.config.accept_timeout_seconds + 1)

    sweeps: list[None] = []
    housekeeping = app.housekeeping

    def counted(hub: HubContext) -> None:
        housekeeping(hub)
        sweeps.append(None)

    def assigned() -> str | None:
        with world.hub.sessions() as s:
            row = s.get(Consult, c["id"])
            assert row is not None
            return row.assigned_doctor_id

    async def sweep_once() -> None:  # the task goes on by itself until one sweep is done
        task = asyncio.create_task(app._sweeper(world.hub, 0.02))
        try:
            while not sweeps:
                assert not task.done(), task
                await asyncio.sleep(0.01)
        finally:
            task.cancel()

    monkeypatch.setattr(app, "housekeeping", counted)
    assert assigned() == world["doc1"].user_id  # nobody has polled: still offered to doc1
    asyncio.run(asyncio.wait_for(sweep_once(), 60))
    assert assigned() == world["doc2"].user_id
