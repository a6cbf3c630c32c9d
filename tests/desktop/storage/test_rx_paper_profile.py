"""``spoke-clinic verify-rx IMAGE --profile DIR`` checks the code's key against the doctor's
key the clinic cached (its encrypted database, key from the keyring): the doctor's own
paper is valid; a forger's key under the doctor's id, or a doctor the clinic never heard
of, is invalid."""

from __future__ import annotations

import io
from pathlib import Path

import segno

from desktop import paths
from desktop.core import rx_qr
from desktop.media import rx_paper
from desktop.storage import hub_news
from desktop.storage.keys import KeyStore
from desktop.storage.startup import open_storage
from tests.helpers.rx import Doctor


def _paper(tmp_path: Path, doc: Doctor) -> Path:
    rx = doc.prescription("c" * 32)
    payload = rx_qr.RxPayload(
        "c" * 32, rx["id"], rx["content"], rx["signature"], doc.id, doc.public
    )
    path = tmp_path / f"paper-{doc.id[:8]}.png"
    segno.make(rx_qr.encode(payload), error="m").save(str(path), scale=4, border=4)
    return path


def test_verify_rx_against_the_clinics_cached_key(
    ready: tuple[paths.Locations, KeyStore, str], tmp_path: Path
) -> None:
    locs, keystore, _ = ready
    doctor = Doctor()
    storage = open_storage(locs, keystore)
    storage.writer.run(lambda s: hub_news.remember_key(s, doctor.id, doctor.public, "MPMC-12345"))
    storage.close()
    profile = locs.data.parent

    def run(image: Path) -> tuple[int, str]:
        out = io.StringIO()
        code = rx_paper.main([str(image), "--profile", str(profile)], out, keystore)
        return code, out.getvalue()

    assert run(_paper(tmp_path, doctor))[0] == rx_paper.VALID
    code, text = run(_paper(tmp_path, Doctor(id=doctor.id)))  # a forger's key, same doctor id
    assert code == rx_paper.INVALID and "known key" in text
    code, text = run(_paper(tmp_path, Doctor()))  # a doctor this clinic never heard of
    assert code == rx_paper.INVALID and "never received" in text
