"""Screenshots of the doctor's prescription editor (a rule violation and a stock flag), in
English and Hindi at 1366x768 and 1920x1080, offscreen, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/rx_editor_screenshots.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.doctor.rx_editor import RxEditor  # noqa: E402
from protocol import formulary, stock  # noqa: E402
from protocol.schemas import Medication, Prescriber  # noqa: E402

PRESCRIBER = Prescriber(
    name="Dr. Asha Verma",
    qualification="MBBS",
    registration_number="MP-12345",
    council="Madhya Pradesh Medical Council",
)
MEDICINES = [
    Medication(
        name="Amlodipine",
        formulary_id="amlodipine",
        strength="10 mg",
        form="tablet",
        dose="1 tablet",
        frequency="1-0-0",
        timing="after_food",
        duration_days=30,
        route="oral",
    ),
    Medication(
        name="Paracetamol",
        formulary_id="paracetamol",
        strength="500 mg",
        form="tablet",
        dose="1 tablet",
        frequency="SOS",
        duration_days=3,
        route="oral",
    ),
    Medication(
        name="Sitagliptin",
        formulary_id="sitagliptin",
        strength="50 mg",
        form="tablet",
        dose="1 tablet",
        frequency="1-0-0",
        timing="before_food",
        duration_days=30,
        route="oral",
    ),
]


def main() -> None:
    app = create_application([])
    out = ROOT / "docs" / "screenshots"
    for lang in ("en", "hi"):
        i18n.install(lang)
        for width, height in ((1366, 768), (1920, 1080)):
            editor = RxEditor(formulary.default(), PRESCRIBER)
            editor.set_stock(stock.essential_medicines())
            editor.set_consult("video", False)  # a first consult: List B is not allowed
            editor.diagnosis.setText("Essential hypertension, type 2 diabetes")
            editor.diagnosis_code.setText("I10")
            for med in MEDICINES:
                editor.on_medicine_added(med)
            editor.investigations.setPlainText("Fasting blood sugar\nSerum creatinine")
            editor.advice.setPlainText("Low salt diet; walk 30 minutes a day.")
            editor.follow_up_on.setChecked(True)
            editor.medicine.name.setText("Alprax")
            editor.medicine.frequency.setText("0-0-1")
            editor.resize(width, height)
            editor.show()
            app.processEvents()
            suffix = "" if width == 1366 else f"-{width}"
            editor.grab().save(str(out / f"rx-editor-{lang}{suffix}.png"))
            editor.close()
            editor.deleteLater()
            app.processEvents()
    app.quit()


if __name__ == "__main__":
    main()
