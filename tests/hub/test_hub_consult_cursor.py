"""The consult change list pages by a keyset cursor (change time, id): consults that share
one change time are never skipped at a page boundary."""

from __future__ import annotations

from tests.hub.world import World


def test_paging_by_time_and_id_skips_no_consult(world: World) -> None:
    # The hub's test clock stands still: all three share one change time.
    made = {world.consult("opA")["id"] for _ in range(3)}
    seen: list[str] = []
    params: dict[str, str | int] = {"limit": 1}
    for _ in range(5):
        r = world.client.get("/api/v1/consults", params=params, headers=world["opA"].h)
        assert r.status_code == 200, r.text
        page = r.json()
        if not page:
            break
        seen.extend(row["id"] for row in page)
        params = {"limit": 1, "updated_since": page[-1]["updated_at"], "after_id": page[-1]["id"]}
    assert sorted(seen) == sorted(made)
    # Without the id, a cursor on the shared time alone would skip the other two.
    r = world.client.get(
        "/api/v1/consults",
        params={"limit": 1, "updated_since": params["updated_since"]},
        headers=world["opA"].h,
    )
    assert r.json() == []
