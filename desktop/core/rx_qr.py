"""The text inside a printed prescription's QR code: the signed payload (consult id,
prescription id, content exactly as signed, signature, doctor id and public key) as compact
JSON, zlib-compressed and base45-encoded (RFC 9285) behind the prefix ``RX1:``, so it fits
the QR alphanumeric mode and survives any decoder that returns text."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Any

PREFIX = "RX1:"
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}


class QrPayloadError(ValueError):
    """The text is not a prescription QR payload (``code``: not_rx, damaged)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class RxPayload:
    consult_id: str
    prescription_id: str
    content: dict[str, Any]
    signature: str
    doctor_id: str
    public_key: str


def b45encode(data: bytes) -> str:
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        e, n = divmod(n, 45 * 45)
        d, c = divmod(n, 45)
        out += [_ALPHABET[c], _ALPHABET[d], _ALPHABET[e]]
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += [_ALPHABET[c], _ALPHABET[d]]
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [_VALUE[c] for c in text]
    except KeyError:
        raise QrPayloadError("damaged") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i : i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise QrPayloadError("damaged")
            out += n.to_bytes(2, "big")
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise QrPayloadError("damaged")
            out.append(n)
        else:
            raise QrPayloadError("damaged")
    return bytes(out)


def encode(payload: RxPayload) -> str:
    doc = {
        "c": payload.consult_id,
        "p": payload.prescription_id,
        "x": payload.content,
        "s": payload.signature,
        "d": payload.doctor_id,
        "k": payload.public_key,
    }
    raw = json.dumps(doc, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return PREFIX + b45encode(zlib.compress(raw.encode("utf-8"), 9))


def decode(text: str) -> RxPayload:
    text = text.strip()
    if not text.startswith(PREFIX):
        raise QrPayloadError("not_rx")
    try:
        raw = zlib.decompress(b45decode(text[len(PREFIX) :]))
        doc = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, QrPayloadError):
            raise
        raise QrPayloadError("damaged") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("x"), dict):
        raise QrPayloadError("damaged")
    fields = [doc.get(k) for k in ("c", "p", "s", "d", "k")]
    if not all(isinstance(f, str) for f in fields):
        raise QrPayloadError("damaged")
    return RxPayload(
        consult_id=doc["c"],
        prescription_id=doc["p"],
        content=doc["x"],
        signature=doc["s"],
        doctor_id=doc["d"],
        public_key=doc["k"],
    )
