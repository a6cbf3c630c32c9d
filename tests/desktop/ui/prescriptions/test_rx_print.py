"""The printed prescription: a Qt-rendered PDF (A4 and A5) read back with pdftotext carries
the registration number, every medicine, the directions in Hindi and English and the
follow-up date; its page rendered to an image (pdftoppm) gives back, through OpenCV, a QR
whose signed payload verifies offline."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest

from desktop.core import rx_qr, rx_sheet
from desktop.core.abha_qr import QrError
from desktop.core.rx_verify import verify
from desktop.media.qr_image import decode_file
from desktop.ui.prescriptions import printing
from tests.helpers.rx import CONTENT, Doctor

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="poppler-utils missing: scripts/bootstrap.sh installs it",
)

CID = uuid.uuid4().hex


def _sheet(rx: dict, content: dict | None = None) -> rx_sheet.PrintSheet:
    return rx_sheet.build(
        content or rx["content"],
        prescription_id=rx["id"],
        written=date(2026, 12, 5),
        today=date(2026, 12, 5),
        patient_name="Ramesh Kumar",
        birth_date=date(1981, 8, 5),
        sex="male",
        abha_number="91123456789012",
        facility_name="HWC Kolar (demo)",
        facility_place="Sehore, Madhya Pradesh",
    )


def _qr_text(doc: Doctor, rx: dict) -> str:
    payload = rx_qr.RxPayload(CID, rx["id"], rx["content"], rx["signature"], doc.id, doc.public)
    return rx_qr.encode(payload)


def _pdf(tmp_path: Path, page: str, referral: bool = False) -> tuple[Path, Doctor, dict]:
    doc = Doctor()
    content = copy.deepcopy(CONTENT)
    if referral:
        content["referral"] = {
            "facility": "District Hospital Sehore",
            "reason": "ECG and cardiology opinion",
            "urgency": "urgent",
        }
    rx = doc.prescription(CID, content)
    document = printing.document(_sheet(rx), _qr_text(doc, rx), referral=referral, page=page)
    path = tmp_path / f"rx-{page}.pdf"
    path.write_bytes(printing.pdf_bytes(document, page))
    return path, doc, rx


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


@pytest.mark.parametrize("page", ["A4", "A5"])
def test_the_printed_pdf_reads_back_with_everything(
    qapp: object, tmp_path: Path, page: str
) -> None:
    pdf, _, _ = _pdf(tmp_path, page)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert f"({page})" in info and re.search(r"Pages:\s+1\b", info)
    text = _text(pdf)
    assert "MPMC-12345" in text
    for name in ("Amlodipine 5 mg tablet", "Paracetamol 500 mg tablet"):
        assert name in text
    # English directions whole; Hindi direction words whose glyphs map one to one back to
    # characters (Qt's PDF text map omits Devanagari conjunct and matra-variant glyphs, so
    # "दिन में" cannot come back from any Qt-made PDF; the page images show it shaped).
    for words in (
        "1-0-1",
        "1-0-0",
        "twice a day",
        "once a day",
        "after food",
        "दो बार",
        "खाने के बाद",
        "30 days",
    ):
        assert words in text, words
    assert "19-12-2026" in text  # follow-up date, DD-MM-YYYY
    assert "Essential hypertension (I10)" in text
    assert "Lipid profile" in text.replace("\ufb01", "fi")
    assert "Dr. Asha Verma" in text and "MBBS, MD (Medicine)" in text


@pytest.mark.parametrize("page", ["A4", "A5"])
def test_the_qr_read_back_from_the_page_image_verifies(
    qapp: object, tmp_path: Path, page: str
) -> None:
    pdf, doc, rx = _pdf(tmp_path, page)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    payload = rx_qr.decode(decode_file(tmp_path / "page.png"))
    assert (payload.prescription_id, payload.doctor_id, payload.public_key) == (
        rx["id"],
        doc.id,
        doc.public,
    )
    assert verify(
        payload.consult_id,
        payload.prescription_id,
        payload.content,
        payload.signature,
        payload.public_key,
    ).ok
    assert payload.content == rx["content"]


def test_a_referral_slip_is_bilingual(qapp: object, tmp_path: Path) -> None:
    pdf, _, _ = _pdf(tmp_path, "A5", referral=True)
    text = _text(pdf)
    for words in (
        "Referral slip",
        "District Hospital Sehore",
        "ECG and cardiology opinion",
        "urgent",
        "MPMC-12345",
        "Ramesh Kumar",
        "HWC Kolar (demo)",
    ):
        assert words in text, words


def test_a_long_prescription_still_prints_a_readable_qr(qapp: object, tmp_path: Path) -> None:
    doc = Doctor()
    content = copy.deepcopy(CONTENT)
    base = content["medications"][1]
    names = ["Cetirizine", "Metformin", "Atorvastatin", "Omeprazole", "Amoxicillin", "Ibuprofen"]
    names += ["Losartan", "Salbutamol", "Vitamin D3", "Iron folic acid", "Zinc", "ORS"]
    content["medications"] = [
        dict(base, name=n, formulary_id=n.lower().replace(" ", "-"), instructions=f"note {i}")
        for i, n in enumerate(names)
    ]
    rx = doc.prescription(CID, content)
    text = _qr_text(doc, rx)
    code = printing.qr_code(text)
    assert code.version > 21 and printing.qr_width(code, "A5") > printing.QR_WIDTH["A5"]
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(printing.pdf_bytes(printing.document(_sheet(rx), text, page="A5"), "A5"))
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "long")], check=True)
    pages = sorted(tmp_path.glob("long-*.png"))
    found = []
    for page in pages:
        try:
            found.append(rx_qr.decode(decode_file(page)))
        except (QrError, rx_qr.QrPayloadError):  # a page without the code
            continue
    assert [p.prescription_id for p in found] == [rx["id"]]
    assert verify(CID, rx["id"], found[0].content, found[0].signature, doc.public).ok
