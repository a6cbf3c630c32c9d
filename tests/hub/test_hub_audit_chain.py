"""The hub's audit log is hash-chained (issue 14, "hub audit log, tamper-evident"): rows are
chained by the sweepers' seal pass, ``spoke-hub audit verify`` names the first edited or deleted
row, and
the spokes' reported chain heads are kept per device and flagged when they go back."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import delete, select, text, update

from hub import audit_chain
from hub.app import housekeeping
from hub.cli import main
from hub.db import alembic_config, make_engine, make_sessionmaker, migrate
from hub.models import AuditEvent, SpokeAuditHead
from tests.hub.world import World

HEAD = "X-Spoke-Audit-Head"


def _activity(world: World) -> None:
    world.online("doc1")
    cid = world.consult("opA")["id"]
    world.client.get(f"/api/v1/consults/{cid}", headers=world["opA"].h)
    world.client.get(f"/api/v1/consults/{cid}", headers=world["opB"].h)  # denied: own row


def sealed(world: World) -> None:
    """What every worker's sweeper does every few seconds (it also chains the new rows)."""
    housekeeping(world.hub)


def _verify(world: World, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    url = world.hub.engine.url.render_as_string(hide_password=False)
    data = Path(world.hub.config.blobs_dir).parent / "cli-data"
    status = main(["--data", str(data), "--db", url, "audit", "verify"])
    out = capsys.readouterr()
    return status, out.out + out.err


def test_rows_are_chained_and_verify(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _activity(world)
    with world.hub.sessions() as s:
        unsealed = s.scalars(select(AuditEvent)).all()
        assert unsealed and all(r.seq is None for r in unsealed)  # requests take no lock
    sealed(world)
    with world.hub.sessions() as s:
        rows = s.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        assert len(rows) >= 4 and [r.seq for r in rows] == list(range(1, len(rows) + 1))
        assert {r.outcome for r in rows} == {"allowed", "denied"}
        assert rows[0].prev_hash == audit_chain.GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
        assert audit_chain.verify(s) == len(rows)
    status, out = _verify(world, capsys)
    assert status == 0 and json.loads(out)["rows"] == len(rows)


def test_an_edited_row_is_named(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _activity(world)
    sealed(world)
    with world.hub.sessions() as s:
        victim = s.scalars(select(AuditEvent).where(AuditEvent.seq == 3)).one()
        # Someone with database access hides who read the record.
        s.execute(
            update(AuditEvent).where(AuditEvent.id == victim.id).values(user_id="someone-else")
        )
        s.commit()
    status, out = _verify(world, capsys)
    assert status == 1
    assert f"audit row seq 3 (id {victim.id}): content was edited" in out


def test_a_deleted_row_is_named(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _activity(world)
    sealed(world)
    with world.hub.sessions() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == 2))
        s.commit()
    status, out = _verify(world, capsys)
    assert status == 1 and "audit row seq 2: row is missing (deleted)" in out


def test_a_cut_off_tail_is_found(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _activity(world)
    sealed(world)
    with world.hub.sessions() as s:
        last = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
        s.execute(delete(AuditEvent).where(AuditEvent.seq == last))
        s.commit()
    status, out = _verify(world, capsys)
    assert status == 1 and f"the chain ends at {last - 1} but {last} were written" in out


def test_rolled_back_rows_leave_no_gap(world: World) -> None:
    """A request that fails after writing audit rows (its own denied row is committed apart)
    leaves the chain whole."""
    _activity(world)
    cid = world.consult("opA", final=False)["id"]
    world.client.put(f"/api/v1/consults/{cid}", json={"bad": 1}, headers=world["opA"].h)
    sealed(world)
    with world.hub.sessions() as s:
        assert audit_chain.verify(s) > 0


def test_migration_chains_existing_rows(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    try:
        command.downgrade(alembic_config(engine), "0002")  # the schema before the chain
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_events"))
            for i, at in enumerate(("2026-01-01 09:00:00", "2026-01-01 09:00:01.250000")):
                conn.execute(
                    text(
                        "INSERT INTO audit_events (at, user_id, device_id, action, object_type,"
                        " object_id, outcome, status_code) VALUES (:at, 'u', NULL, 'read',"
                        " 'consult', :oid, 'allowed', 200)"
                    ),
                    {"at": at, "oid": f"c{i}"},
                )
        migrate(engine)
        with make_sessionmaker(engine)() as s:
            rows = s.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
            assert [(r.seq, r.object_id) for r in rows] == [(1, "c0"), (2, "c1")]
            assert audit_chain.verify(s) == 2
    finally:
        engine.dispose()


def _sync(world: World, head: str) -> int:
    headers = world["opA"].h | {HEAD: head}
    return world.client.get("/api/v1/consults", headers=headers).status_code


def test_spoke_heads_are_recorded_and_a_rewrite_is_flagged(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    device = world["opA"].device_id
    a, b, c = "a" * 64, "b" * 64, "c" * 64
    assert _sync(world, f"10:{a}") == 200
    assert _sync(world, f"12:{b}") == 200  # grew: fine
    assert _sync(world, f"12:{b}") == 200
    with world.hub.sessions() as s:
        row = s.get(SpokeAuditHead, device)
        assert row is not None and (row.seq, row.hash, row.flag) == (12, b, "")
    status, out = _verify(world, capsys)
    assert status == 0
    assert _sync(world, f"12:{c}") == 200  # same seq, another hash: the log was rewritten
    with world.hub.sessions() as s:
        row = s.get(SpokeAuditHead, device)
        assert row is not None and row.flag == "rewritten" and row.hash == b
    status, out = _verify(world, capsys)
    assert status == 1 and "rewritten" in out and device in out


def test_a_spoke_head_going_back_is_flagged(world: World) -> None:
    device = world["opA"].device_id
    assert _sync(world, f"7:{'d' * 64}") == 200
    assert _sync(world, f"5:{'e' * 64}") == 200
    with world.hub.sessions() as s:
        row = s.get(SpokeAuditHead, device)
        assert row is not None and (row.seq, row.flag) == (7, "backwards")


@pytest.mark.parametrize("bad", ["7", "x:" + "a" * 64, "7:" + "A" * 64, "-1:" + "a" * 64])
def test_a_malformed_head_is_400(world: World, bad: str) -> None:
    assert _sync(world, bad) == 400


def test_concurrent_writers_keep_one_chain(world: World, live: str) -> None:
    """Requests on several threads (and, on PostgreSQL, connections) add rows at once; sealing
    gives them one order, with no seq taken twice and none skipped."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from tests.hub.world import patient_resource

    def writer(n: int) -> list[int]:
        codes = []
        with httpx.Client(base_url=live, headers=world["opA"].h, timeout=60) as http:
            for _ in range(n):
                pid = str(uuid.uuid4())
                r = http.put(f"/api/v1/patients/{pid}", json={"resource": patient_resource(pid)})
                codes.append(r.status_code)
        return codes

    with ThreadPoolExecutor(8) as pool:
        codes = [c for batch in pool.map(writer, [5] * 8) for c in batch]
    assert codes == [201] * 40
    sealed(world)
    with world.hub.sessions() as s:
        assert audit_chain.verify(s) >= 40
