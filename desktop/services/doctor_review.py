"""What the doctor's review reads from the hub beside the consult's bundle: its attachments and
recordings (re-encrypted by the hub to this PC's age key, decrypted in memory only) and the
patient's earlier consults. Worker threads only; the bytes are never written anywhere.

The consult's FHIR bundle names media by the spoke's blob id (``urn:spoke-clinic:blob:<id>``);
the hub stores each blob as an upload whose file name is ``<blob id>.age``. ``ConsultMedia``
resolves one to the other from the consult's upload list (read once per consult).
"""

from __future__ import annotations

import threading
from typing import Any

from pyrage import x25519

from desktop import logs
from desktop.core.review import ConsultReview, MediaRef, Recording, Segment
from desktop.services.doctor import DoctorService
from desktop.sync.client import HubClient
from desktop.sync.doctor_media import fetch_history, fetch_media
from desktop.sync.errors import UnexpectedAnswerError

log = logs.get("services")


class ConsultMedia:
    """The review's ``MediaFetcher`` for one consult: ``fetch(media_id) -> bytes`` where the
    id is the spoke's blob id (or already the hub's upload id)."""

    def __init__(self, client: HubClient, consult_id: str, identity: x25519.Identity) -> None:
        self.client = client
        self.consult_id = consult_id
        self.identity = identity
        self._uploads: dict[str, str] | None = None  # blob id -> upload id
        self._listed: list[tuple[str, str]] = []  # (upload id, blob id or ""), oldest first
        self._lock = threading.Lock()

    def _upload_ids(self, refresh: bool = False) -> dict[str, str]:
        with self._lock:
            if self._uploads is None or refresh:
                rows = self.client.call("GET", f"/consults/{self.consult_id}/uploads")
                if not isinstance(rows, list):
                    raise UnexpectedAnswerError("upload list is not a list")
                found: dict[str, str] = {}
                listed: list[tuple[str, str]] = []
                for row in rows:
                    if not isinstance(row, dict) or not row.get("complete"):
                        continue
                    upload_id, name = str(row.get("id", "")), str(row.get("filename", ""))
                    blob_id = name[: -len(".age")] if name.endswith(".age") else ""
                    found[upload_id] = upload_id
                    if blob_id:
                        found.setdefault(blob_id, upload_id)
                    listed.append((upload_id, blob_id))
                self._uploads, self._listed = found, listed
            return self._uploads

    def unnamed(self, named: set[str]) -> list[str]:
        """Files of the consult the hub holds that the bundle does not name (by blob id or
        upload id), oldest first: the spoke names its attachments and the recording made
        before "ready", so these are recording segments made after it (a call)."""
        self._upload_ids(refresh=True)
        with self._lock:
            return [
                blob_id or upload_id
                for upload_id, blob_id in self._listed
                if upload_id not in named and blob_id not in named
            ]

    def upload_id(self, media_id: str) -> str:
        """The hub's upload id of a blob (asks again once when it is not listed yet: the
        spoke may have finished uploading since)."""
        known = self._upload_ids()
        if media_id not in known:
            known = self._upload_ids(refresh=True)
        return known.get(media_id, media_id)

    def fetch(self, media_id: str) -> bytes:
        return fetch_media(self.client, self.consult_id, self.upload_id(media_id), self.identity)


class DoctorReviewReads:
    """Media and history of the consult under review, over the doctor's signed-in client."""

    def __init__(self, service: DoctorService) -> None:
        self.service = service

    @property
    def client(self) -> HubClient:
        return self.service.api.client

    def media(self, consult_id: str) -> ConsultMedia:
        """This PC's age identity (the profile's, whose public key went to the hub at
        enrollment) decrypts what the hub re-encrypted."""
        return ConsultMedia(self.client, consult_id, self.service.blobs.identity)

    def later_recording(self, media: ConsultMedia, review: ConsultReview) -> Recording | None:
        """The recording made after the consult was sent (segments the hub holds that the
        bundle does not name), as one more recording of the review; None if there is none.
        Blocking: for a worker thread."""
        named = {a.upload_id for a in review.attachments} | {
            s.media.upload_id for r in review.recordings for s in r.segments
        }
        segments = media.unnamed(named)
        if not segments:
            return None
        return Recording(
            recording_id=f"{review.consult_id}-later",
            title="",
            segments=tuple(
                Segment(MediaRef(upload_id=media_id, content_type="video/mp4"), index)
                for index, media_id in enumerate(segments)
            ),
        )

    def history(self, consult_id: str) -> list[dict[str, Any]]:
        """The patient's earlier consults as JSON rows (what the review's history parser
        reads). Blocking: for a worker thread."""
        return [row.model_dump(mode="json") for row in fetch_history(self.client, consult_id)]
