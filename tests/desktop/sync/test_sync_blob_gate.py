"""Uploads go through the blob gate (blob_records.ready_for_upload): a blob written before the
hub key was known reaches the hub readable by the hub, a damaged blob is flagged and never
sent, and the re-encryption survives a kill at either side of its transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519
from sqlalchemy import select

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.duplicates import Decision
from desktop.storage import blob_records, consult_repo, patient_repo
from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.clinical import AttachmentRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.sync.events import ItemFailed
from tests.helpers.clinical import OPERATOR, TODAY, person
from tests.helpers.waiting import wait_for
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke

DATA = b"synthetic recording segment " * 4000


def _queue_blob(spoke: Spoke, store: BlobStore, consult_id: str) -> BlobRef:
    ref = store.put("recording-segment", DATA)

    def write(s: object) -> None:
        blob_records.record(s, ref, "consult", consult_id)  # type: ignore[arg-type]
        s.add(  # type: ignore[attr-defined]
            OutboxEntry(
                entity_type="blob",
                entity_id=ref.blob_id,
                operation="upload",
                payload={"consult_id": consult_id, "sha256": ref.sha256, "size": ref.size},
            )
        )

    spoke.writer.run(write)
    return ref


def test_blob_stored_before_enrollment_decrypts_with_the_hub_identity(
    hub: LiveHub, enrolled: Spoke
) -> None:
    store = BlobStore(enrolled.blob_root, x25519.Identity.generate())  # no hub key yet
    cid = enrolled.add_consult(enrolled.add_patient())
    before = _queue_blob(enrolled, store, cid)
    with pytest.raises(pyrage.DecryptError):  # as written: the hub could not read it
        pyrage.decrypt(store.path_of(before.blob_id).read_bytes(), [hub.context.identity])
    engine = enrolled.engine(blobs=store)
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 3})
    [upload] = hub.uploads()
    with hub.context.storage.open(upload.id) as fh:
        on_hub = fh.read()
    assert pyrage.decrypt(on_hub, [hub.context.identity]) == DATA
    with enrolled.db.read_session() as s:
        row = s.get(BlobRecord, before.blob_id)
        assert row is not None and row.sha256 == upload.sha256 != before.sha256
        assert str(hub.context.identity.to_public()) in row.recipients
    assert store.read_all(before.blob_id, upload.sha256) == DATA  # still ours to open too


@pytest.mark.expected_errors("failed its checksum")
def test_corrupted_blob_is_marked_damaged_and_never_reaches_the_hub(
    hub: LiveHub, enrolled: Spoke
) -> None:
    hub_key = x25519.Recipient.from_str(enrolled.tokens.device().hub_recipient)  # type: ignore[union-attr]
    store = BlobStore(enrolled.blob_root, x25519.Identity.generate(), [hub_key])
    cid = enrolled.add_consult(enrolled.add_patient())
    ref = _queue_blob(enrolled, store, cid)
    path = store.path_of(ref.blob_id)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x40  # one flipped bit on disk
    path.write_bytes(bytes(raw))
    engine = enrolled.engine(blobs=store)
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 2, "failed": 1})
    with enrolled.db.read_session() as s:
        assert s.get(BlobRecord, ref.blob_id).damaged  # type: ignore[union-attr]
        entry = s.scalar(select(OutboxEntry).where(OutboxEntry.entity_type == "blob"))
        assert entry is not None and entry.last_error.startswith("LocalDataError")  # type: ignore[union-attr]
    [failed] = enrolled.recorder.of(ItemFailed)
    assert failed.code == "LocalDataError" and not failed.will_retry
    assert hub.uploads() == []  # not even an upload was created


@pytest.fixture
def ready_consult(tmp_path: Path, enrolled: Spoke):  # type: ignore[no-untyped-def]
    """A consult marked ready with one attachment, its blob written before the hub key."""
    w = enrolled.writer
    store = BlobStore(enrolled.blob_root, x25519.Identity.generate())
    p = person("Radha", "Kumari", sex="female")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints, c.complaint_text, c.specialty = ["rash"], "Rash on arm", "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(
        ConsentKind.TELECONSULTATION,
        True,
        GivenBy.PATIENT,
        "cho.meena",
        datetime(2026, 11, 25, 10, tzinfo=UTC),
    )
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    ref = store.put("attachment", DATA)
    w.run(lambda s: consult_repo.attach(s, c.id, ref, None, "image/png", "Rash", OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    store.add_recipient(x25519.Identity.generate().to_public())  # the hub key, learnt now
    return store, ref


def _references(spoke: Spoke, blob_id: str) -> set[str]:
    """Every checksum the database holds for this blob (row, attachment, unsent outbox)."""
    with spoke.db.read_session() as s:
        shas = {s.get(BlobRecord, blob_id).sha256}  # type: ignore[union-attr]
        shas |= set(
            s.scalars(select(AttachmentRecord.sha256).where(AttachmentRecord.blob_id == blob_id))
        )
        for e in s.scalars(select(OutboxEntry)):
            if e.entity_type == "blob" and e.entity_id == blob_id:
                shas.add(e.payload["sha256"])
            if e.entity_type == "consult":
                docs = [
                    x
                    for x in e.payload.get("resources", [])
                    if x["resourceType"] == "DocumentReference"
                ]
                shas |= {d["identifier"][0]["value"] for d in docs}
    return shas


class Killed(BaseException):
    """Stands in for SIGKILL at a chosen point (nothing after it runs)."""


def test_reencryption_killed_before_its_commit_keeps_the_old_blob(
    ready_consult, enrolled: Spoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ref = ready_consult

    def kill(*_a: object) -> None:
        raise Killed

    monkeypatch.setattr(blob_records, "_point_to", kill)
    with pytest.raises(Killed):
        blob_records.ready_for_upload(store, enrolled.writer, ref.blob_id)
    assert store.path_of(blob_records.staged_id(ref.blob_id)).exists()  # new file, not used
    assert _references(enrolled, ref.blob_id) == {ref.sha256}
    assert store.read_all(ref.blob_id, ref.sha256) == DATA  # old blob intact, opens
    monkeypatch.undo()
    new = blob_records.ready_for_upload(store, enrolled.writer, ref.blob_id)  # the restart
    assert _references(enrolled, ref.blob_id) == {new.sha256} != {ref.sha256}
    assert store.read_all(ref.blob_id, new.sha256) == DATA
    assert not store.path_of(blob_records.staged_id(ref.blob_id)).exists()


def test_reencryption_killed_after_its_commit_finishes_at_the_next_call(
    ready_consult, enrolled: Spoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ref = ready_consult

    def kill(*_a: object) -> None:
        raise Killed

    monkeypatch.setattr(blob_records, "_move_into_place", kill)
    with pytest.raises(Killed):
        blob_records.ready_for_upload(store, enrolled.writer, ref.blob_id)
    [committed] = _references(enrolled, ref.blob_id)  # every reference moved together
    assert committed != ref.sha256
    monkeypatch.undo()
    again = blob_records.ready_for_upload(store, enrolled.writer, ref.blob_id)
    assert again.sha256 == committed  # the staged file was moved in, not re-encrypted again
    assert store.read_all(ref.blob_id, committed) == DATA
    with enrolled.db.read_session() as s:
        assert not s.get(BlobRecord, ref.blob_id).damaged  # type: ignore[union-attr]
    assert not store.path_of(blob_records.staged_id(ref.blob_id)).exists()
    assert uuid.UUID(ref.blob_id)  # the blob kept its id (journals and FHIR urls hold it)


def test_a_full_disk_while_preparing_a_blob_is_retried_not_rejected(
    hub: LiveHub, enrolled: Spoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.storage.errors import StorageFullError

    store = BlobStore(enrolled.blob_root, x25519.Identity.generate())
    cid = enrolled.add_consult(enrolled.add_patient())
    _queue_blob(enrolled, store, cid)
    real = blob_records.ready_for_upload
    calls: list[str] = []

    def full_once(s: BlobStore, w: object, blob_id: str) -> BlobRef:
        calls.append(blob_id)
        if len(calls) == 1:
            raise StorageFullError("no space left for the re-encrypted copy")
        return real(s, w, blob_id)  # type: ignore[arg-type]

    monkeypatch.setattr(blob_records, "ready_for_upload", full_once)
    engine = enrolled.engine(blobs=store)
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 3})
    [failed] = enrolled.recorder.of(ItemFailed)
    assert failed.code == "LocalStorageError" and failed.will_retry
    # The gate ran before the consult was sent (full disk: the consult waited and was
    # retried), again when it was, and once more (nothing to do) before the upload.
    assert len(calls) == 3 and len(hub.uploads()) == 1


def test_a_consult_is_sent_with_the_checksums_its_blobs_are_uploaded_with(
    hub: LiveHub, enrolled: Spoke
) -> None:
    """An attachment stored before the PC was enrolled: its consult goes to the hub only
    after the blob was re-encrypted to the hub's key, so the hub's consult names the very
    checksum of the upload, and no row the hub accepted is rewritten afterwards (a kill in
    the upload would otherwise resend a changed final consult, refused for review)."""
    w = enrolled.writer
    store = BlobStore(enrolled.blob_root, x25519.Identity.generate())  # no hub key yet
    p = person("Radha", "Kumari", sex="female")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints, c.complaint_text, c.specialty = ["rash"], "Rash on arm", "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(
        ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", datetime.now(UTC)
    )
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    ref = store.put("attachment", DATA * 20)
    w.run(lambda s: consult_repo.attach(s, c.id, ref, None, "image/png", "Rash", OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))

    consult_state_at_upload: list[str] = []
    orig = enrolled.recorder

    def listen(event: object) -> None:
        from desktop.sync.events import ItemProgress

        if isinstance(event, ItemProgress) and not consult_state_at_upload:
            with enrolled.db.read_session() as s:
                rows = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "consult"))
                consult_state_at_upload.extend(r.state for r in rows)
        orig(event)  # type: ignore[arg-type]

    engine = enrolled.engine(blobs=store, config=_small_chunks())
    engine.listener = listen  # type: ignore[assignment]
    engine.start()
    wait_for(lambda: set(enrolled.states()) == {"done"}, timeout=60)
    [upload] = hub.uploads()
    from hub.models import Consult as HubConsult

    with hub.context.sessions() as s:
        on_hub = s.get(HubConsult, str(uuid.UUID(c.id)))
        assert on_hub is not None
        docs = [r for r in on_hub.resources if r.get("resourceType") == "DocumentReference"]
    assert [d["identifier"][0]["value"] for d in docs] == [upload.sha256]
    assert upload.sha256 != ref.sha256  # it was re-encrypted to the hub's key
    # What the hub accepted was recorded as sent before the (long) upload began.
    assert consult_state_at_upload and set(consult_state_at_upload) == {"done"}
    assert enrolled.recorder.of(ItemFailed) == []


def _small_chunks():  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from tests.sync_support.spoke import FAST

    return replace(FAST, max_chunk=64 * 1024, progress_interval=0)
