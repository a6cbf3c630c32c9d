"""Screenshots of the doctor's prescribe dialog: a rule violation (List B at a first video
consultation) and a stock flag (medicines the spoke does not stock, with alternatives), in
English and Hindi at 1366x768 (and 1920x1080, ``-1920``), offscreen, into docs/screenshots/.
The hub is replaced by a service answering at once with synthetic data.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/prescribe_screenshots.py
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import Future
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.services.prescribing import (  # noqa: E402
    DoctorAccount,
    PrescriberProfile,
    PrescribeSession,
    Prescribing,
    PrescribingService,
)
from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.doctor.prescribe_dialog import PrescribeDialog  # noqa: E402
from protocol import stock  # noqa: E402
from protocol.schemas import Medication, Prescriber  # noqa: E402

ACCOUNT = DoctorAccount("d-1", "Dr. Asha Verma", "MP-12345")
CONSULT = "3f2b8a64-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


def _med(name: str, fid: str, strength: str, frequency: str, days: int) -> Medication:
    return Medication(
        name=name,
        formulary_id=fid,
        strength=strength,
        form="tablet",
        dose="1 tablet",
        frequency=frequency,
        timing="after_food",
        duration_days=days,
        route="oral",
    )


class _Offline(PrescribingService):
    """The service's answers without a hub (synthetic)."""

    def __init__(self, with_stock: bool) -> None:  # no hub, no keyring, no store
        self.with_stock = with_stock

    def open(self, consult_id: str) -> Future[PrescribeSession]:
        rules = Prescribing(consult_id, "video", False, None, 180, ("O", "A"))
        items = stock.essential_medicines()
        items = [i for i in items if i.generic != "Amoxicillin"] if self.with_stock else None
        done: Future[PrescribeSession] = Future()
        done.set_result(PrescribeSession(consult_id, ACCOUNT, rules, items, []))
        return done

    def profile(self) -> PrescriberProfile:
        return PrescriberProfile("MBBS, MD (Medicine)", "Madhya Pradesh Medical Council")

    def prescriber(self, account: DoctorAccount) -> Prescriber:
        p = self.profile()
        return Prescriber(
            name=account.full_name,
            qualification=p.qualification,
            registration_number=account.registration_number,
            council=p.council,
        )

    def close(self) -> None:
        pass


def main() -> None:
    app = create_application([])
    out = ROOT / "docs" / "screenshots"
    for lang in ("en", "hi"):
        i18n.install(lang)
        for case, (width, height) in [
            (c, s) for c in ("violation", "stock") for s in ((1366, 768), (1920, 1080))
        ]:
            dialog = PrescribeDialog(_Offline(case == "stock"), CONSULT)
            dialog.resize(width, height)
            dialog.show()
            while not dialog.editor.isEnabled():
                app.processEvents()
            editor = dialog.editor
            if case == "violation":
                editor.diagnosis.setText("Type 2 diabetes mellitus, uncontrolled")
                editor.diagnosis_code.setText("E11")
                editor.on_medicine_added(_med("Metformin", "metformin", "500 mg", "1-0-1", 30))
                editor.on_medicine_added(_med("Sitagliptin", "sitagliptin", "50 mg", "1-0-0", 30))
            else:
                editor.diagnosis.setText("Cellulitis of the left leg; essential hypertension")
                editor.diagnosis_code.setText("L03.1")
                editor.on_medicine_added(_med("Amoxicillin", "amoxicillin", "500 mg", "1-1-1", 5))
                editor.on_medicine_added(_med("Amlodipine", "amlodipine", "10 mg", "1-0-0", 30))
                editor.on_medicine_added(_med("Paracetamol", "paracetamol", "500 mg", "1-1-1", 3))
                editor.advice.setPlainText("Keep the leg raised; come back if the redness spreads.")
                editor.follow_up_on.setChecked(True)
            app.processEvents()
            suffix = "" if width == 1366 else f"-{width}"
            dialog.grab().save(str(out / f"prescribe-{case}-{lang}{suffix}.png"))
            dialog.close()
            dialog.deleteLater()
            app.processEvents()
    app.quit()


if __name__ == "__main__":
    main()
