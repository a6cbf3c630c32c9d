"""``spoke-clinic verify-rx IMAGE``: a picture of a printed prescription verifies offline
(exit 0) and prints what it carries; a changed payload or a key other than the one given is
invalid (1); a picture with no prescription code is unreadable (2)."""

from __future__ import annotations

import copy
import subprocess
import sys
import uuid
from pathlib import Path

import segno

from desktop.core import rx_qr
from desktop.media import rx_paper
from tests.helpers.rx import CONTENT, Doctor

CID = uuid.uuid4().hex
ROOT = Path(__file__).resolve().parents[3]


def _picture(tmp_path: Path, text: str, name: str = "rx.png") -> Path:
    path = tmp_path / name
    segno.make(text, error="m").save(str(path), scale=4, border=4)
    return path


def _payload(doc: Doctor, content: dict | None = None) -> tuple[rx_qr.RxPayload, dict]:
    rx = doc.prescription(CID, content)
    return rx_qr.RxPayload(CID, rx["id"], rx["content"], rx["signature"], doc.id, doc.public), rx


def test_verify_rx_command_valid_prints_the_prescription(tmp_path: Path) -> None:
    doc = Doctor()
    payload, _ = _payload(doc)
    image = _picture(tmp_path, rx_qr.encode(payload))
    run = subprocess.run(
        [sys.executable, "-m", "desktop", "verify-rx", str(image)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for words in (
        "MPMC-12345",
        "Amlodipine 5 mg tablet",
        "1-0-1, दिन में दो बार / twice a day, खाने के बाद / after food",
        "Follow-up on: 19-12-2026",
        "VALID",
    ):
        assert words in run.stdout


def test_a_changed_payload_is_invalid(tmp_path: Path) -> None:
    doc = Doctor()
    payload, _ = _payload(doc)
    changed = copy.deepcopy(payload.content)
    changed["medications"][0]["duration_days"] = 90
    forged = rx_qr.RxPayload(
        payload.consult_id,
        payload.prescription_id,
        changed,
        payload.signature,
        payload.doctor_id,
        payload.public_key,
    )
    image = _picture(tmp_path, rx_qr.encode(forged))
    lines: list[str] = []

    class Out:
        def write(self, text: str) -> int:
            lines.append(text)
            return len(text)

    assert rx_paper.main([str(image)], Out()) == rx_paper.INVALID  # type: ignore[arg-type]
    assert "INVALID" in "".join(lines)


def test_signed_by_another_key_than_the_known_one_is_invalid(tmp_path: Path) -> None:
    # A forger signs with their own key and puts it in the code: the signature checks out
    # against that key, but not the doctor's key the clinic knows.
    forger, doctor = Doctor(), Doctor()
    payload, _ = _payload(forger, copy.deepcopy(CONTENT))
    image = _picture(tmp_path, rx_qr.encode(payload))
    assert rx_paper.check_file(image).valid
    check = rx_paper.check_file(image, known_key=doctor.public)
    assert check.key_known is False and not check.valid
    assert rx_paper.main([str(image), "--key", doctor.public]) == rx_paper.INVALID


def test_no_prescription_code_is_unreadable(tmp_path: Path) -> None:
    other = _picture(tmp_path, "https://example.invalid/not-a-prescription")
    assert rx_paper.main([str(other)]) == rx_paper.UNREADABLE
    assert rx_paper.check_file(other).error == "not_rx"
    blank = tmp_path / "blank.png"
    blank.write_bytes(b"not a picture")
    assert rx_paper.main([str(blank)]) == rx_paper.UNREADABLE
