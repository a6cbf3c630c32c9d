"""The review's media source resolves the bundle's blob ids to the hub's upload ids from the
consult's upload list (read once; read again when a blob is not listed yet)."""

from __future__ import annotations

from typing import Any

from pyrage import x25519

from desktop.sync.doctor_media import ConsultMedia

BLOB, UPLOAD, LATE, LATE_UPLOAD = "a" * 32, "1" * 32, "b" * 32, "2" * 32


class Uploads:
    """Stands in for ``HubClient.call`` on ``GET /consults/{id}/uploads``."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = [
            {"id": UPLOAD, "filename": f"{BLOB}.age", "complete": True},
            {"id": "3" * 32, "filename": f"{'c' * 32}.age", "complete": False},
        ]
        self.calls: list[str] = []

    def call(self, method: str, path: str, **_kw: Any) -> Any:
        self.calls.append(f"{method} {path}")
        return list(self.rows)


def test_blob_ids_resolve_to_upload_ids() -> None:
    hub = Uploads()
    media = ConsultMedia(hub, "cid", x25519.Identity.generate())  # type: ignore[arg-type]
    assert media.upload_id(BLOB) == UPLOAD
    assert media.upload_id(UPLOAD) == UPLOAD  # an upload id is taken as it is
    assert hub.calls == ["GET /consults/cid/uploads"]  # read once
    hub.rows.append({"id": LATE_UPLOAD, "filename": f"{LATE}.age", "complete": True})
    assert media.upload_id(LATE) == LATE_UPLOAD  # not listed before: read again
    assert len(hub.calls) == 2
    assert media.upload_id("c" * 32) == "c" * 32  # unfinished: not offered


def test_files_the_bundle_does_not_name_are_a_later_recording() -> None:
    from desktop.core.review import MediaRef, Recording, Segment, parse_review
    from desktop.services.doctor_review import DoctorReviewReads

    hub = Uploads()
    hub.rows.append({"id": LATE_UPLOAD, "filename": f"{LATE}.age", "complete": True})
    hub.rows.append({"id": "4" * 32, "filename": "", "complete": True})  # not a spoke blob
    media = ConsultMedia(hub, "cid", x25519.Identity.generate())  # type: ignore[arg-type]
    assert media.unnamed({BLOB}) == [LATE, "4" * 32]
    assert media.unnamed({UPLOAD, LATE, "4" * 32}) == []  # named by upload id or blob id
    review = parse_review({})
    named = Recording("r", "", (Segment(MediaRef(BLOB, "video/mp4"), 0),))
    review = type(review)(**{**review.__dict__, "recordings": (named,)})
    later = DoctorReviewReads.later_recording(None, media, review)  # type: ignore[arg-type]
    assert later is not None
    assert [s.media.upload_id for s in later.segments] == [LATE, "4" * 32]
    assert {s.media.kind.value for s in later.segments} == {"video"}


def test_a_still_of_the_call_is_an_attachment_not_a_recording_segment() -> None:
    """Issue 16: the spoke names the type of a still it sent after "ready"; the review lists
    it with the attachments and the later recording keeps only the segments."""
    from desktop.core.review import parse_review
    from desktop.services.doctor_review import DoctorReviewReads

    still, still_upload = "d" * 32, "5" * 32
    hub = Uploads()
    hub.rows.append({"id": LATE_UPLOAD, "filename": f"{LATE}.age", "complete": True})
    hub.rows.append(
        {
            "id": still_upload,
            "filename": f"{still}.age",
            "complete": True,
            "media_type": "image/jpeg",
        }
    )
    media = ConsultMedia(hub, "cid", x25519.Identity.generate())  # type: ignore[arg-type]
    review = parse_review({})
    stills = DoctorReviewReads.later_stills(None, media, review)  # type: ignore[arg-type]
    assert [(s.upload_id, s.content_type, s.kind.value) for s in stills] == [
        (still, "image/jpeg", "image")
    ]
    later = DoctorReviewReads.later_recording(None, media, review)  # type: ignore[arg-type]
    assert later is not None
    assert [s.media.upload_id for s in later.segments] == [BLOB, LATE]
    assert media.upload_id(still) == still_upload  # fetched by its blob id like any file
