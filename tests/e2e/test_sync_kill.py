"""Acceptance: SIGKILL the uploading process during a 200 MB upload, again and again, at
chosen points of its progress; each restart resumes from the hub's offset, and the hub ends
with one record whose SHA-256 matches the blob. And SIGKILL the re-encryption before upload
at each of its steps in turn."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import paths
from desktop.storage.models.outbox import OutboxEntry
from desktop.sync.client import HubClient
from desktop.sync.enroll import enroll
from hub.models import Upload
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.reencrypt_child import POINTS
from tests.sync_support.spoke import Spoke

ROOT = Path(__file__).resolve().parents[2]
SIZE = 200 * 1024 * 1024
KILLS = 10


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    h = LiveHub.create(tmp_path / "hub").start()
    yield h
    h.close()


def hub_offset(hub: LiveHub) -> tuple[int, int]:
    """(number of uploads, bytes the hub holds of the first one)."""
    with hub.context.sessions() as s:
        rows = list(s.scalars(select(Upload)))
    if not rows:
        return 0, 0
    return len(rows), hub.context.storage.size(rows[0].id)


def spawn(spoke_root: Path, hub: LiveHub, service: str, max_chunk: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.sync_support.upload_child",
            str(spoke_root),
            hub.base_url,
            service,
            str(max_chunk),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def next_progress(proc: subprocess.Popen[str], timeout: float = 30.0) -> int:
    """The offset of the child's next progress line (its first: where it resumed)."""
    assert proc.stdout is not None
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stdout.readline()
        if line.startswith("PROGRESS"):
            return int(line.split()[1])
        if not line:
            break
    proc.kill()
    raise AssertionError(f"child gave no progress: {proc.stderr.read()[-2000:]}")  # type: ignore[union-attr]


def test_sigkill_during_200mb_upload_resumes_from_hub_offset(
    hub: LiveHub, tmp_path: Path, profile: paths.Locations
) -> None:
    rng = random.Random(20261125)
    root = tmp_path / "spoke"
    spoke = Spoke.create(root)
    service = spoke.tokens.service
    try:
        enroll(hub.base_url, hub.enrollment_code(), spoke.tokens)
        with HubClient(hub.base_url, spoke.tokens) as client:
            client.sign_in("operator", PASSWORD)
        pid = spoke.add_patient()
        cid = spoke.add_consult(pid)
        engine = spoke.engine(hub_url=hub.base_url)
        engine.start()
        end = time.monotonic() + 20
        while spoke.states() != {"done": 2} and time.monotonic() < end:
            time.sleep(0.02)
        engine.stop()
        blob_id = spoke.add_blob(cid, SIZE, seed=3)
        with spoke.db.read_session() as s:
            sha = s.scalar(select(OutboxEntry.payload).where(OutboxEntry.entity_id == blob_id))[
                "sha256"
            ]
        spoke.writer.close()
        spoke.db.dispose()

        resumed: list[tuple[int, int]] = []
        # Killed after its k-th progress line: right after the resume point (k = 1), or
        # after k - 1 chunks the hub acknowledged, while the next one travels. At most
        # 3 chunks of 4 MiB a run: the 200 MB never finish before the last kill.
        chunks = [2] + [rng.randint(1, 3) for _ in range(KILLS - 1)]
        for k in chunks:
            hub.wait_idle()  # the cut request of the last kill is dealt with
            before = hub_offset(hub)[1]
            proc = spawn(root, hub, service, 4 * 1024 * 1024)
            start = next_progress(proc)
            resumed.append((before, start))
            for _ in range(k - 1):
                next_progress(proc)
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            proc.stdout.close()  # type: ignore[union-attr]
            proc.stderr.close()  # type: ignore[union-attr]
        hub.wait_idle()
        print("resumed at (hub offset, child start):", resumed)
        assert hub_offset(hub)[1] < SIZE
        # Every restart started where the hub was, never from zero once bytes were there.
        assert all(before == start for before, start in resumed), resumed
        assert all(before > 0 for before, _ in resumed[1:]), resumed
        proc = spawn(root, hub, service, 16 * 1024 * 1024)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        assert "DONE" in out
    finally:
        spoke.tokens.forget_all()
    with hub.context.sessions() as s:
        uploads = list(s.scalars(select(Upload)))
    assert len(uploads) == 1  # one record per blob
    up = uploads[0]
    assert up.completed_at is not None and up.length == SIZE
    assert up.sha256 == sha
    from hub.storage import sha256_of

    assert sha256_of(hub.context.storage, up.id) == sha


def _sha(path: Path) -> str | None:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def test_reencryption_before_upload_survives_sigkill_at_any_moment(
    tmp_path: Path, profile: paths.Locations
) -> None:
    """Blobs written before the hub key was known are re-encrypted by a child that is
    SIGKILLed again and again, at each step of the gate in turn (reencrypt_child.POINTS).
    After every kill each blob's rows agree with a file on disk (the blob itself, or the
    staged copy a kill left after the commit); none is ever flagged damaged; at the end
    every blob opens with both identities."""
    import pyrage
    from pyrage import x25519

    from desktop.storage import blob_records
    from desktop.storage.blobs import BlobStore
    from desktop.storage.models.blobs import BlobRecord

    root = tmp_path / "spoke"
    spoke = Spoke.create(root)
    own, hub = x25519.Identity.generate(), x25519.Identity.generate()
    (root / "own.key").write_text(str(own))
    (root / "hub.pub").write_text(str(hub.to_public()))
    store = BlobStore(root / "blobs", own)  # no hub key yet
    rng = random.Random(7)
    plain: dict[str, bytes] = {}
    for n in range(60):
        data = rng.randbytes(1024 * 1024 + n)
        ref = store.put("recording-segment", data)
        plain[ref.blob_id] = data

        def write(s: object, ref=ref) -> None:  # type: ignore[no-untyped-def]
            blob_records.record(s, ref, "consult", "c1")  # type: ignore[arg-type]
            s.add(  # type: ignore[attr-defined]
                OutboxEntry(
                    entity_type="blob",
                    entity_id=ref.blob_id,
                    operation="upload",
                    payload={"consult_id": "c1", "sha256": ref.sha256, "size": ref.size},
                )
            )

        spoke.writer.run(write)
    (root / "ids").write_text("\n".join(plain))
    spoke.writer.close()

    def check_invariant() -> None:
        with spoke.db.read_session() as s:
            rows = {r.blob_id: r for r in s.scalars(select(BlobRecord))}
            outbox = {e.entity_id: e.payload["sha256"] for e in s.scalars(select(OutboxEntry))}
        for blob_id, row in rows.items():
            assert not row.damaged
            assert outbox[blob_id] == row.sha256  # references moved together
            staged = store.path_of(blob_records.staged_id(blob_id))
            assert row.sha256 in (_sha(store.path_of(blob_id)), _sha(staged)), blob_id

    def remaining() -> int:
        with spoke.db.read_session() as s:
            rows = list(s.scalars(select(BlobRecord)))
        return sum(str(hub.to_public()) not in r.recipients for r in rows)

    def run_child(*kill_at: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tests.sync_support.reencrypt_child", str(root), *kill_at],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )

    # Each step of the gate, hit the 1st, 2nd and 3rd time in a run: a chosen point, not a
    # timer's luck, so every kill lands and each leaves a state the next run must settle.
    schedule = [f"{point}:{n}" for n in (1, 2, 3) for point in POINTS]
    staged_seen = 0
    for kill_at in schedule:
        before = remaining()
        child = run_child(kill_at)
        assert child.returncode == -signal.SIGKILL, (kill_at, child.returncode, child.stderr)
        assert "all" not in child.stdout.split(), kill_at  # killed before the end
        left = remaining()
        assert 0 < left <= before, (kill_at, before, left)
        staged_seen += any(store.path_of(blob_records.staged_id(b)).exists() for b in plain)
        check_invariant()
    print(f"{len(schedule)} kills, {remaining()} blobs left, a staged copy left {staged_seen}x")
    assert staged_seen >= 9  # after "staged", "uncommitted" and "committed" kills at least
    assert remaining() < len(plain)  # the kills did not stop the work going forward
    final = run_child()
    assert final.returncode == 0 and "all" in final.stdout.split(), final.stderr[-2000:]
    check_invariant()
    with spoke.db.read_session() as s:
        rows = list(s.scalars(select(BlobRecord)))
    assert len(rows) == len(plain)
    for row in rows:
        assert str(hub.to_public()) in row.recipients
        data = store.path_of(row.blob_id).read_bytes()
        assert _sha(store.path_of(row.blob_id)) == row.sha256
        assert pyrage.decrypt(data, [hub]) == pyrage.decrypt(data, [own]) == plain[row.blob_id]
        assert not store.path_of(blob_records.staged_id(row.blob_id)).exists()
    spoke.db.dispose()
