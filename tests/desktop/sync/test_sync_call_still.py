"""The doctor's still of a call (issue 16) goes to the hub like an attachment, after the
consult already sent, and its upload names its type: the doctor's review lists it with the
consult's attachments rather than as a recording segment."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from pyrage import x25519
from sqlalchemy import select

from desktop.core.consult import Status
from desktop.core.lifecycle import ConsultLocked
from desktop.media import snapshot
from desktop.storage import consult_repo
from desktop.storage.blobs import BlobStore
from desktop.storage.models.outbox import OutboxEntry
from hub.api.uploads import upload_info
from hub.models import Upload
from protocol.ids import wire_id
from tests.desktop.sync.test_sync_call_record import _sent_consult
from tests.helpers.clinical import OPERATOR
from tests.helpers.waiting import wait_for
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke


def test_a_still_reaches_the_hub_as_an_attachment_named_by_type(
    hub: LiveHub, enrolled: Spoke
) -> None:
    cid = _sent_consult(enrolled)
    enrolled.writer.run(lambda s: consult_repo.move(s, cid, Status.ASSIGNED, OPERATOR, False))
    store = BlobStore(enrolled.blob_root, x25519.Identity.generate())
    picture = np.zeros((720, 1280, 3), np.uint8)
    cv2.circle(picture, (640, 360), 200, (0, 0, 255), -1)
    shot = snapshot.save(store, picture)
    attached = enrolled.writer.run(
        lambda s: consult_repo.attach_still(
            s, cid, shot.ref, shot.thumbnail, shot.media_type, "Still", OPERATOR
        )
    )
    with enrolled.db.read_session() as s:
        loaded = consult_repo.load(s, cid)
    assert [a.id for a in loaded.attachments] == [attached.id]
    engine = enrolled.engine()
    engine.start()
    try:
        wait_for(
            lambda: enrolled.states().get("done", 0) == sum(enrolled.states().values()), timeout=30
        )
    finally:
        engine.stop()
    with enrolled.db.read_session() as s:
        rows = list(s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "blob")))
    assert [(r.entity_id, r.state) for r in rows] == [(shot.ref.blob_id, "done")]
    with hub.context.sessions() as s:
        uploads = [upload_info(u) for u in s.scalars(select(Upload))]
    assert [(u.consult_id, u.filename, u.media_type, u.complete) for u in uploads] == [
        (wire_id(cid), f"{shot.ref.blob_id}.age", "image/jpeg", True)
    ]


def test_a_finished_consult_takes_no_still(enrolled: Spoke) -> None:
    cid = _sent_consult(enrolled)
    store = BlobStore(enrolled.blob_root, x25519.Identity.generate())
    shot = snapshot.save(store, np.zeros((90, 160, 3), np.uint8))
    enrolled.writer.run(lambda s: consult_repo.move(s, cid, Status.CANCELLED, OPERATOR, False))
    with pytest.raises(ConsultLocked):
        enrolled.writer.run(
            lambda s: consult_repo.attach_still(
                s, cid, shot.ref, shot.thumbnail, shot.media_type, "Still", OPERATOR
            )
        )
