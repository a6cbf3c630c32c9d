"""Issue 20, point 4: an attachment stored before the PC was connected, the consult marked
ready, then enrollment; the spoke is SIGKILLed during the attachment's first upload and
started again. It ends as without the kill: the consult done, the blob uploaded once (its
checksum the one the hub's consult names), nothing set aside for review."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyrage import x25519
from sqlalchemy import select

from desktop import paths
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.duplicates import Decision
from desktop.storage import consult_repo, patient_repo
from desktop.storage.blobs import BlobStore
from desktop.storage.models.outbox import OutboxEntry
from desktop.sync.client import HubClient
from desktop.sync.enroll import enroll
from hub.models import Consult as HubConsult
from tests.e2e.test_sync_kill import next_progress
from tests.helpers.clinical import OPERATOR, TODAY, person
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import Spoke

ROOT = Path(__file__).resolve().parents[2]


def spawn(root: Path, hub: LiveHub, service: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.sync_support.upload_child",
            str(root),
            hub.base_url,
            service,
            str(256 * 1024),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_kill_during_the_first_upload_of_an_attachment_made_before_enrollment(
    tmp_path: Path, profile: paths.Locations
) -> None:
    hub = LiveHub.create(tmp_path / "hub").start()
    root = tmp_path / "spoke"
    spoke = Spoke.create(root)
    own = x25519.Identity.generate()
    (root / "own.key").write_text(str(own))
    store = BlobStore(root / "blobs", own)  # not enrolled: no hub key yet
    w = spoke.writer
    p = person("Radha", "Kumari", sex="female")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints, c.complaint_text, c.specialty = ["rash"], "Rash on arm", "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(
        ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", datetime.now(UTC)
    )
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    ref = store.put("attachment", os.urandom(3 * 1024 * 1024))
    w.run(lambda s: consult_repo.attach(s, c.id, ref, None, "image/png", "Rash", OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    service = spoke.tokens.service
    try:
        enroll(hub.base_url, hub.enrollment_code(), spoke.tokens)
        with HubClient(hub.base_url, spoke.tokens) as client:
            client.sign_in("operator", PASSWORD)
        spoke.writer.close()
        spoke.db.dispose()
        proc = spawn(root, hub, service)
        next_progress(proc)  # the first upload is under way
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        for stream in (proc.stdout, proc.stderr):
            stream.close()  # type: ignore[union-attr]
        hub.wait_idle()
        proc = spawn(root, hub, service)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        assert "DONE" in out
        reopened = Spoke.create(root, service=service)
        with reopened.db.read_session() as s:
            rows: list[Any] = list(s.scalars(select(OutboxEntry)))
        reopened.writer.close()
        reopened.db.dispose()
    finally:
        spoke.tokens.forget_all()
    assert {r.state for r in rows} == {"done"}, [(r.entity_type, r.state) for r in rows]
    [upload] = hub.uploads()  # uploaded once
    assert upload.completed_at is not None
    with hub.context.sessions() as s:
        on_hub = s.get(HubConsult, str(uuid.UUID(c.id)))
        assert on_hub is not None
        docs = [r for r in on_hub.resources if r.get("resourceType") == "DocumentReference"]
    assert [d["identifier"][0]["value"] for d in docs] == [upload.sha256]
    hub.close()
