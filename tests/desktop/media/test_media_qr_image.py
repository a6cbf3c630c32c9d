"""Finding an ABHA QR in generated pictures and image files, and in what is not one."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop.core import abha_qr
from desktop.core.abha_qr import QrError
from desktop.media import qr_image

CARD = {"hidn": "91-5046-6137-2897", "hid": "ramesh.kumar@abdm", "name": "Ramesh Kumar"}
APP = {"hidn": "91504661372897", "phr": "sunita.devi@sbx", "name": "सुनीता देवी"}


def qr_picture(text: str, scale: int = 6) -> np.ndarray:
    code = cv2.QRCodeEncoder.create().encode(text)
    big = cv2.resize(code, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    framed = cv2.copyMakeBorder(big, 30, 30, 30, 30, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(framed, cv2.COLOR_GRAY2BGR)


@pytest.mark.parametrize("payload", [CARD, APP])
def test_decode_generated_image_then_parse(payload: dict[str, str], tmp_path: Path) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    image = qr_picture(text)
    assert qr_image.decode_image(image) == text
    path = tmp_path / "कार्ड.png"  # non-ASCII file name
    ok, png = cv2.imencode(".png", image)
    assert ok
    path.write_bytes(png.tobytes())
    assert abha_qr.parse(qr_image.decode_file(path)).abha_number == "91504661372897"


def test_image_without_a_code_and_non_images() -> None:
    blank = np.full((200, 200, 3), 255, dtype=np.uint8)
    with pytest.raises(QrError) as info:
        qr_image.decode_image(blank)
    assert info.value.code == "qr.no_code_found"
    with pytest.raises(QrError) as info:
        qr_image.decode_bytes(b"%PDF-1.4 not an image")
    assert info.value.code == "qr.not_an_image"
