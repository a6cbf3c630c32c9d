"""The network report for programme managers (issue 17): the per-state table of the public
eSanjeevani report rebuilt from synthetic consults, its drill-down, median waiting times, and
who may read which statistics."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest

from tests.hub.seeding import Seeder
from tests.hub.world import PASSWORD, World

REPORT = Path("/work/shared/data/esanjeevani-consultations-2021-10-18.csv")
if not REPORT.exists():  # the copy kept with the tests
    REPORT = Path(__file__).with_name("esanjeevani-consultations-2021-10-18.csv")
SCALE = 1000
# States outside the report's top ten that share the rest of the INDIA row.
OTHERS = [
    "Assam", "Chhattisgarh", "Haryana", "Himachal Pradesh", "Jharkhand", "Kerala", "Odisha",
    "Punjab", "Rajasthan", "Telangana", "Tripura", "Goa", "Manipur", "Meghalaya", "Mizoram",
    "Nagaland", "Sikkim", "Arunachal Pradesh", "Jammu and Kashmir", "Ladakh", "Puducherry",
    "Delhi", "Chandigarh", "Lakshadweep", "Andaman and Nicobar Islands",
]  # fmt: skip


def scaled(value: str) -> int:
    return round(int(value) / SCALE)


def spread(total: int, parts: int) -> list[int]:
    """``total`` over ``parts`` as evenly as whole numbers allow."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def seed_report(world: World) -> tuple[dict[str, int], list[tuple[str, int, int, int]]]:
    """Consults per state and type as in the report divided by 1,000 (rounded); the rest of
    the INDIA row spread over other states, each smaller than the report's tenth state."""
    with REPORT.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    india = next(r for r in rows if r["state"] == "INDIA")
    top = [r for r in rows if r["state"] != "INDIA"]
    seed = Seeder(world)
    expected = []
    for row in top:
        ab, opd = scaled(row["ab_hwc"]), scaled(row["opd"])
        seed.add(row["state"], "hub_spoke", ab)
        seed.add(row["state"], "doctor_patient", opd)
        expected.append((row["state"], ab + opd, ab, opd))
    rest_ab = scaled(india["ab_hwc"]) - sum(e[2] for e in expected)
    rest_opd = scaled(india["opd"]) - sum(e[3] for e in expected)
    for state, ab, opd in zip(
        OTHERS, spread(rest_ab, len(OTHERS)), spread(rest_opd, len(OTHERS)), strict=True
    ):
        assert ab + opd < expected[-1][1]  # the top ten stay the top ten
        seed.add(state, "hub_spoke", ab)
        seed.add(state, "doctor_patient", opd)
    totals = {"ab_hwc": scaled(india["ab_hwc"]), "opd": scaled(india["opd"])}
    return totals, expected


def test_the_network_report_rebuilds_the_published_table(world: World) -> None:
    totals, expected = seed_report(world)
    h = world["admin"].h
    table = world.client.get("/api/v1/stats/states", headers=h).json()
    india = table["india"]
    assert (india["state"], india["sr_no"]) == ("INDIA", None)
    assert (india["ab_hwc"], india["opd"]) == (totals["ab_hwc"], totals["opd"])
    assert india["total"] == totals["ab_hwc"] + totals["opd"] == 14507
    assert india["total_display"] == "14,507"
    top_ten = [(r["state"], r["total"], r["ab_hwc"], r["opd"]) for r in table["rows"][:10]]
    assert top_ten == expected  # exactly the report's rows, in the report's order
    assert [r["sr_no"] for r in table["rows"][:10]] == list(range(1, 11))

    # The CSV export round-trips: the same rows, the INDIA row first.
    text = world.client.get("/api/v1/stats/states?format=csv", headers=h).text
    back = list(csv.DictReader(io.StringIO(text)))
    assert [(r["state"], int(r["total"]), int(r["ab_hwc"]), int(r["opd"])) for r in back] == [
        (x["state"], x["total"], x["ab_hwc"], x["opd"]) for x in [india, *table["rows"]]
    ]
    assert [r["sr_no"] for r in back] == ["", *[str(x["sr_no"]) for x in table["rows"]]]


@pytest.fixture
def districts(world: World) -> Seeder:
    seed = Seeder(world)
    seed.add("Bihar", "hub_spoke", 40, district="Gaya", wait=timedelta(minutes=10))
    seed.add("Bihar", "doctor_patient", 5, district="Gaya", wait=timedelta(minutes=30))
    seed.add("Bihar", "hub_spoke", 12, district="Patna", wait=timedelta(minutes=4))
    seed.add("Kerala", "doctor_patient", 30, district="Wayanad", wait=timedelta(minutes=2))
    return seed


def test_a_state_programme_manager_sees_only_that_state(world: World, districts: Seeder) -> None:
    pm = world.add_user("pm-bihar", "programme_manager", None, scope=[{"state": "Bihar"}])
    assert pm.device_id is None  # signs in without an enrolled PC: counts only
    table = world.client.get("/api/v1/stats/states", headers=pm.h).json()
    assert [(r["state"], r["total"]) for r in table["rows"]] == [("Bihar", 57)]
    assert (table["india"]["state"], table["india"]["total"]) == ("TOTAL", 57)

    # Drill-down: state -> district -> facility.
    got = world.client.get("/api/v1/stats/states/Bihar/districts", headers=pm.h).json()
    assert [(r["key"], r["hub_spoke"], r["doctor_patient"]) for r in got] == [
        ("Gaya", 40, 5),
        ("Patna", 12, 0),
    ]
    got = world.client.get(
        "/api/v1/stats/states/Bihar/districts/Gaya/facilities", headers=pm.h
    ).json()
    assert [(r["key"], r["total"]) for r in got] == [("HWC Gaya", 45)]
    days = world.client.get("/api/v1/stats/days", headers=pm.h).json()
    assert sum(d["total"] for d in days) == 57

    # Another state: refused, however it is asked for.
    for path in (
        "/api/v1/stats/states/Kerala/districts",
        "/api/v1/stats/states/Kerala/districts/Wayanad/facilities",
        "/api/v1/stats/days?state=Kerala",
        "/api/v1/stats/facilities?state=Kerala",
    ):
        r = world.client.get(path, headers=pm.h)
        assert r.status_code == 403, path
        assert "Kerala" not in r.text and "Wayanad" not in r.text
    waits = world.client.get("/api/v1/stats/waiting", headers=pm.h).json()
    assert [w["state"] for w in waits] == ["Bihar"]


def test_a_district_programme_manager_sees_only_that_district(
    world: World, districts: Seeder
) -> None:
    pm = world.add_user(
        "pm-gaya", "programme_manager", None, scope=[{"state": "Bihar", "district": "Gaya"}]
    )
    table = world.client.get("/api/v1/stats/states", headers=pm.h).json()
    assert [(r["state"], r["total"]) for r in table["rows"]] == [("Bihar", 45)]
    got = world.client.get("/api/v1/stats/states/Bihar/districts", headers=pm.h).json()
    assert [r["key"] for r in got] == ["Gaya"]
    r = world.client.get("/api/v1/stats/states/Bihar/districts/Patna/facilities", headers=pm.h)
    assert r.status_code == 403


def test_median_waiting_time_per_state(world: World, districts: Seeder) -> None:
    waits = world.client.get("/api/v1/stats/waiting", headers=world["admin"].h).json()
    by_state = {w["state"]: (w["median_wait_seconds"], w["consults"]) for w in waits}
    # Bihar: 40 consults waited 10 min, 5 waited 30, 12 waited 4 -> the median is 10 min.
    assert by_state == {"Bihar": (600, 57), "Kerala": (120, 30)}


@pytest.mark.parametrize("who", ["opA", "doc1"])
def test_operators_and_doctors_get_no_statistics(world: World, who: str) -> None:
    for path in (
        "/api/v1/stats/states",
        "/api/v1/stats/states?format=csv",
        "/api/v1/stats/states/Bihar/districts",
        "/api/v1/stats/states/Bihar/districts/Gaya/facilities",
        "/api/v1/stats/days",
        "/api/v1/stats/waiting",
    ):
        assert world.client.get(path, headers=world[who].h).status_code == 403, path


def test_a_programme_manager_reads_no_patient_data(world: World) -> None:
    consult = world.consult("opA")
    pm = world.add_user("pm-mp", "programme_manager", None, scope=[{"state": "Madhya Pradesh"}])
    assert world.client.get("/api/v1/consults", headers=pm.h).status_code == 403
    for path in (
        f"/api/v1/consults/{consult['id']}",
        f"/api/v1/consults/{consult['id']}/fhir",
        f"/api/v1/patients/{consult['patient_id']}",
        f"/api/v1/consults/{consult['id']}/uploads",
        f"/api/v1/consults/{consult['id']}/prescriptions",
    ):
        assert world.client.get(path, headers=pm.h).status_code in (403, 404), path


def test_a_programme_manager_needs_a_scope_and_no_one_else_has_one(world: World) -> None:
    h = world["admin"].h
    base = {"password": "a long enough password", "full_name": "PM"}
    r = world.client.post(
        "/api/v1/admin/users",
        json={**base, "username": "pm-none", "role": "programme_manager"},
        headers=h,
    )
    assert r.status_code == 422
    r = world.client.post(
        "/api/v1/admin/users",
        json={**base, "username": "op-scoped", "role": "spoke_operator",
              "facility_id": world.facilities["spokeA"], "scope": [{"state": "Bihar"}]},
        headers=h,
    )  # fmt: skip
    assert r.status_code == 422
    r = world.client.post(
        "/api/v1/admin/users",
        json={**base, "username": "pm-ok", "role": "programme_manager",
              "scope": [{"state": "Bihar", "district": "Gaya"}]},
        headers=h,
    )  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json()["scope"] == [{"state": "Bihar", "district": "Gaya"}]


def test_a_programme_manager_signs_in_from_a_hub_pc(world: World) -> None:
    """The doctors' desktop sends its PC's credentials with every sign-in: a programme
    manager's session from it is deviceless (statistics only), but the PC must be a live one."""
    world.add_user("pm-pc", "programme_manager", None, scope=[{"state": "Bihar"}])
    device_id, secret = world.enroll("hub1")
    token = world.login("pm-pc", device_id, secret)["access_token"]
    h = {"Authorization": f"Bearer {token}"}
    assert world.client.get("/api/v1/stats/states", headers=h).status_code == 200
    assert world.client.get("/api/v1/consults", headers=h).status_code == 403
    form = {
        "grant_type": "password",
        "username": "pm-pc",
        "password": PASSWORD,
        "client_id": device_id,
        "client_secret": "not the secret",
    }
    r = world.client.post("/api/v1/auth/token", data=form)
    assert r.status_code == 401 and r.json()["code"] == "device_revoked"
