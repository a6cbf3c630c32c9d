"""What the doctor's review reads from the hub beside the consult's bundle: its attachments and
recordings (re-encrypted by the hub to this PC's age key, decrypted in memory only), the
patient's earlier consults and the chat of the consult's calls (re-read when it grows).
Worker threads only; the bytes are never written anywhere.

The consult's FHIR bundle names media by the spoke's blob id (``urn:spoke-clinic:blob:<id>``);
the hub stores each blob as an upload whose file name is ``<blob id>.age``.
``desktop.sync.doctor_media.ConsultMedia`` resolves one to the other.
"""

from __future__ import annotations

from typing import Any

from desktop import logs
from desktop.core.consult_chat import ChatEntry
from desktop.core.review import ConsultReview, MediaRef, Recording, Segment
from desktop.services.doctor import DoctorService
from desktop.sync.client import HubClient
from desktop.sync.doctor_media import ConsultMedia, fetch_history

log = logs.get("services")


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

    def later_stills(self, media: ConsultMedia, review: ConsultReview) -> tuple[MediaRef, ...]:
        """The still pictures the doctor took during a call (sent after the consult, with
        their type named), as attachments of the review (untitled: the page names them).
        Blocking: for a worker thread."""
        named = {a.upload_id for a in review.attachments}
        media.unnamed(named)  # reads the hub's list afresh
        return tuple(
            MediaRef(upload_id=media_id, content_type=media_type)
            for media_id, media_type in media.stills(named)
        )

    def history(self, consult_id: str) -> list[dict[str, Any]]:
        """The patient's earlier consults as JSON rows (what the review's history parser
        reads). Blocking: for a worker thread."""
        return [row.model_dump(mode="json") for row in fetch_history(self.client, consult_id)]

    def chat(self, consult_id: str) -> tuple[ChatEntry, ...]:
        """The chat of the consult's calls, oldest first. Blocking: for a worker thread."""
        return self.service.chat(consult_id)
