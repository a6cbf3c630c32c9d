"""A prescription's signature at the spoke: it verifies; any changed byte of the signed
payload, or another doctor's key, fails as tampered; no usable key is unverifiable; and the
QR text carries the signed payload through base45 and zlib unchanged."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from desktop.core import rx_qr
from desktop.core.rx_verify import Reason, Verification, verify
from protocol.signing import signed_bytes
from tests.helpers.rx import CONTENT, Doctor

CID = uuid.uuid4().hex


def test_the_doctors_signature_verifies() -> None:
    doc = Doctor()
    rx = doc.prescription(CID)
    verdict = verify(CID, rx["id"], rx["content"], rx["signature"], doc.public)
    assert verdict.ok and verdict.state is Verification.VERIFIED


def _flip_one_byte(raw: bytes, at: int) -> bytes:
    changed = bytearray(raw)
    changed[at] = (changed[at] + 1) % 128 or 65
    return bytes(changed)


@pytest.mark.parametrize("where", ["start", "middle", "dose", "end"])
def test_one_byte_of_the_payload_changed_fails(where: str) -> None:
    doc = Doctor()
    rx = doc.prescription(CID)
    raw = signed_bytes(CID, rx["id"], rx["content"])
    # Change one character inside a string value, keeping the JSON valid, and parse it back.
    text = raw.decode()
    spots = {
        "start": text.index("Essential") + 1,
        "middle": text.index("Amlodipine") + 3,
        "dose": text.index("1-0-1"),
        "end": text.index("Verma") + 2,
    }
    changed = json.loads(_flip_one_byte(raw, spots[where]))
    assert changed != json.loads(raw)
    content = {k: v for k, v in changed.items() if k not in ("consult_id", "prescription_id")}
    verdict = verify(CID, rx["id"], content, rx["signature"], doc.public)
    assert (verdict.state, verdict.reason) == (Verification.TAMPERED, Reason.SIGNATURE_MISMATCH)


def test_another_prescription_or_consult_id_fails() -> None:
    doc = Doctor()
    rx = doc.prescription(CID)
    assert not verify(uuid.uuid4().hex, rx["id"], rx["content"], rx["signature"], doc.public).ok
    assert not verify(CID, str(uuid.uuid4()), rx["content"], rx["signature"], doc.public).ok


def test_another_doctors_key_fails() -> None:
    rx = Doctor().prescription(CID)
    verdict = verify(CID, rx["id"], rx["content"], rx["signature"], Doctor().public)
    assert verdict.state is Verification.TAMPERED


@pytest.mark.parametrize(
    ("key", "signature", "reason"),
    [
        ("", None, Reason.NO_KEY),
        ("bm90IGEga2V5", None, Reason.BAD_KEY),
        (None, "c2lnbmF0dXJl", Reason.BAD_SIGNATURE),
        (None, "%%%", Reason.BAD_SIGNATURE),
    ],
)
def test_nothing_to_check_is_unverifiable(
    key: str | None, signature: str | None, reason: Reason
) -> None:
    doc = Doctor()
    rx = doc.prescription(CID)
    verdict = verify(
        CID,
        rx["id"],
        rx["content"],
        rx["signature"] if signature is None else signature,
        doc.public if key is None else key,
    )
    assert (verdict.state, verdict.reason) == (Verification.UNVERIFIABLE, reason)


def test_qr_text_round_trips_the_signed_payload() -> None:
    doc = Doctor()
    content = copy.deepcopy(CONTENT)
    content["advice"] = "नमक कम खाएँ; low salt."
    rx = doc.prescription(CID, content)
    payload = rx_qr.RxPayload(CID, rx["id"], rx["content"], rx["signature"], doc.id, doc.public)
    text = rx_qr.encode(payload)
    assert text.startswith("RX1:") and set(text[4:]) <= set(rx_qr._ALPHABET)
    back = rx_qr.decode(text)
    assert back == payload
    assert verify(
        back.consult_id, back.prescription_id, back.content, back.signature, back.public_key
    ).ok


@pytest.mark.parametrize("data", [b"", b"a", b"ab", b"\x00\xff\x10", bytes(range(256))])
def test_base45_round_trip(data: bytes) -> None:
    assert rx_qr.b45decode(rx_qr.b45encode(data)) == data


def test_base45_rfc_examples() -> None:
    assert rx_qr.b45encode(b"AB") == "BB8"
    assert rx_qr.b45encode(b"Hello!!") == "%69 VD92EX0"
    assert rx_qr.b45decode("QED8WEX0") == b"ietf!"


@pytest.mark.parametrize(
    ("text", "code"), [("hello", "not_rx"), ("RX1:abc", "damaged"), ("RX1:QED8WEX0", "damaged")]
)
def test_garbage_is_refused_with_a_code(text: str, code: str) -> None:
    with pytest.raises(rx_qr.QrPayloadError) as err:
        rx_qr.decode(text)
    assert err.value.code == code


def test_the_synthetic_content_is_valid_protocol_content() -> None:
    from protocol.schemas import PrescriptionContent

    PrescriptionContent.model_validate(CONTENT)
