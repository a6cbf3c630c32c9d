"""Verifying a printed prescription from its QR code, offline: find the code in a picture
(a camera frame or an image file), unpack the signed payload and check the doctor's
signature; and ``spoke-clinic verify-rx IMAGE`` (exit 0 valid, 1 invalid, 2 unreadable)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from desktop.core import rx_qr, rx_sheet, rx_verify
from desktop.core.abha_qr import QrError
from desktop.media import qr_image
from desktop.media.qr_image import Image
from desktop.storage.errors import StorageError

if TYPE_CHECKING:
    from desktop.storage.keys import KeyStore

VALID, INVALID, UNREADABLE = 0, 1, 2
T = TypeVar("T", dict[str, Any], list[Any])


@dataclass(frozen=True)
class PaperCheck:
    """What a picture of a prescription says: ``error`` a code when nothing could be read
    (qr.no_code_found, qr.not_an_image, not_rx, damaged); else the payload and the verdict.
    ``key_known``: the signing key is the one this clinic has cached for that doctor (None:
    no cache consulted or the doctor is not known)."""

    error: str = ""
    payload: rx_qr.RxPayload | None = None
    verdict: rx_verify.Verdict | None = None
    key_known: bool | None = None

    @property
    def valid(self) -> bool:
        return self.verdict is not None and self.verdict.ok and self.key_known is not False


def check_text(text: str, known_key: str | None = None) -> PaperCheck:
    try:
        payload = rx_qr.decode(text)
    except rx_qr.QrPayloadError as exc:
        return PaperCheck(error=exc.code)
    verdict = rx_verify.verify(
        payload.consult_id,
        payload.prescription_id,
        payload.content,
        payload.signature,
        payload.public_key,
    )
    known = None if known_key is None else known_key == payload.public_key
    return PaperCheck(payload=payload, verdict=verdict, key_known=known)


def check_image(image: Image, known_key: str | None = None) -> PaperCheck:
    try:
        return check_text(qr_image.decode_image(image), known_key)
    except QrError as exc:
        return PaperCheck(error=exc.code)


def check_file(path: Path, known_key: str | None = None) -> PaperCheck:
    try:
        text = qr_image.decode_file(path)
    except QrError as exc:
        return PaperCheck(error=exc.code)
    except OSError:
        return PaperCheck(error="qr.not_an_image")
    return check_text(text, known_key)


def _part(content: dict[str, Any], key: str, kind: type[T]) -> T:
    value = content.get(key)
    return value if isinstance(value, kind) else kind()


def describe(payload: rx_qr.RxPayload) -> list[str]:
    """The prescription as plain lines (English, directions in both languages)."""
    c = payload.content
    who = _part(c, "prescriber", dict)
    diagnosis = _part(c, "diagnosis", dict)
    lines = [
        f"Prescription {payload.prescription_id} (consult {payload.consult_id})",
        f"Doctor: {who.get('name', '')}, {who.get('qualification', '')}".rstrip(", "),
        f"Registration: {who.get('registration_number', '')} ({who.get('council', '')})",
        f"Diagnosis: {diagnosis.get('text', '')} {diagnosis.get('code', '')}".rstrip(),
    ]
    meds = _part(c, "medications", list)
    for n, m in enumerate(meds, start=1):
        if not isinstance(m, dict):
            continue
        name = " ".join(str(m.get(k) or "") for k in ("name", "strength", "form")).strip()
        how = rx_sheet.directions(str(m.get("frequency") or ""), str(m.get("timing") or ""))
        days = m.get("duration_days")
        span = f", {days} days" if isinstance(days, int) and days > 0 else ""
        lines.append(f"  {n}. {name}: {how}{span}")
    inv = _part(c, "investigations", list)
    if inv:
        lines.append("Investigations: " + "; ".join(str(i) for i in inv))
    if c.get("advice"):
        lines.append(f"Advice: {c['advice']}")
    if c.get("follow_up_date"):
        lines.append(f"Follow-up on: {rx_sheet.iso_to_dmy(str(c['follow_up_date']))}")
    ref = c.get("referral")
    if isinstance(ref, dict) and ref:
        lines.append(
            f"Referred to: {ref.get('facility', '')} ({ref.get('urgency', '')}): "
            f"{ref.get('reason', '')}"
        )
    if c.get("replaces"):
        lines.append(f"Corrects prescription {c['replaces']}")
    lines.append(f"Doctor's key fingerprint: {rx_verify.key_fingerprint(payload.public_key)}")
    return lines


_ERRORS = {
    "qr.no_code_found": "no QR code found in the picture",
    "qr.not_an_image": "the file is not a picture that can be read",
    "not_rx": "the QR code is not a Spoke Clinic prescription",
    "damaged": "the QR code's prescription data is damaged",
}
_REASONS = {
    "signature_mismatch": "the content does not match the doctor's signature (changed?)",
    "bad_content": "the prescription content is not well formed",
    "bad_key": "the doctor's key in the code is not a valid key",
    "bad_signature": "the signature in the code is not well formed",
    "no_key": "the code carries no doctor's key",
}


def cached_key(
    profile: Path | None, doctor_id: str, keystore: KeyStore | None = None
) -> str | None:
    """The doctor's signing key this clinic cached (its encrypted database, opened with the
    key in the OS keyring, read-only use: the doctor keys are not patient data); None when
    the clinic never received a prescription of that doctor. Raises StorageError."""
    from desktop import paths
    from desktop.storage import hub_news
    from desktop.storage.keys import KeyStore as Keys
    from desktop.storage.startup import open_storage

    storage = open_storage(paths.init(profile), keystore or Keys())
    try:
        with storage.db.read_session() as session:
            return hub_news.doctor_key(session, doctor_id)
    finally:
        storage.close()


def main(argv: list[str], out: TextIO | None = None, keystore: KeyStore | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="spoke-clinic verify-rx",
        description="Verify a printed e-prescription from a picture of its QR code, offline.",
    )
    parser.add_argument("image", type=Path, help="a photo or scan of the prescription")
    parser.add_argument(
        "--key",
        metavar="BASE64",
        help="the doctor's public key as known to you: the code must be signed with it",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="check the key against the doctor's key this clinic's data holds (the app's "
        "--profile; the default profile when DIR is 'default')",
    )
    args = parser.parse_args(argv)
    result = check_file(args.image, args.key)
    if args.profile and result.payload is not None and not args.key:
        try:
            profile = None if args.profile == "default" else Path(args.profile)
            known = cached_key(profile, result.payload.doctor_id, keystore)
        except StorageError as exc:
            out.write(f"UNREADABLE: the clinic's data could not be opened ({type(exc).__name__})\n")
            return UNREADABLE
        if known is None:
            for line in describe(result.payload):
                out.write(line + "\n")
            out.write("INVALID: this clinic has never received a prescription of this doctor, ")
            out.write("so the doctor's key cannot be confirmed\n")
            return INVALID
        result = check_file(args.image, known)
    if result.error or result.payload is None or result.verdict is None:
        out.write(f"UNREADABLE: {_ERRORS.get(result.error, result.error)}\n")
        return UNREADABLE
    for line in describe(result.payload):
        out.write(line + "\n")
    if not result.verdict.ok:
        out.write(f"INVALID: {_REASONS.get(result.verdict.reason, result.verdict.reason)}\n")
        return INVALID
    if result.key_known is False:
        out.write("INVALID: signed with a different key than the doctor's known key\n")
        return INVALID
    out.write("VALID: the doctor's signature matches this prescription\n")
    return VALID
