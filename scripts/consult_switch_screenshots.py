"""Screenshots of a change of patient on the consult screen (issue 12), in English and Hindi,
at 1366x768: the demo app (embedded hub) with patient A's sent consult, then patient B's
(a child) new consult right after -- nothing of A's stays. Writes docs/screenshots/
consult-switch-{a,b}-{en,hi}.png and camera-target-{en,hi}.png (the Camera page naming the
consult). Needs a Secret Service, as the tests do:

    dbus-run-session -- scripts/with-keyring.sh \
        .venv/bin/python scripts/consult_switch_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.core.duplicates import Decision  # noqa: E402
from desktop.core.patient import Patient  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.storage import consult_repo, patient_repo  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.clinic_app import ClinicApp  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
NAMES = {
    "en": (("Asha", "Verma"), ("Chotu", "Kumar"), "Suresh Kumar", "Rash on the forearm"),
    "hi": (("आशा", "वर्मा"), ("छोटू", "कुमार"), "सुरेश कुमार", "बाँह पर दाने"),
}


def settle(cond: Callable[[], bool] = lambda: True, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        if cond():
            break
        time.sleep(0.02)
    else:
        raise SystemExit(f"timed out (line {sys._getframe(1).f_lineno})")
    for _ in range(10):
        QCoreApplication.processEvents()
        time.sleep(0.02)


def patient(given: str, family: str, **kw: object) -> Patient:
    base: dict[str, object] = {
        "sex": "female",
        "birth_date": date(1984, 6, 15),
        "no_mobile_reason": "none_owned",
        "state_lgd": 9,
        "district": "Sitapur",
        "locality": "Rampur",
    }
    base.update(kw)
    return Patient(given, family, **base)  # type: ignore[arg-type]


def picture(path: Path, colour: tuple[int, int, int]) -> Path:
    image = np.full((480, 640, 3), 228, dtype=np.uint8)
    cv2.ellipse(image, (330, 250), (190, 120), 20, 0, 360, colour, -1)
    cv2.putText(image, "synthetic", (40, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (40, 40, 40), 3)
    cv2.imwrite(str(path), image)
    return path


def run(lang: str, tmp: Path) -> None:
    paths.init(tmp / lang / "profile")
    (a_given, a_family), (b_given, b_family), guardian, words = NAMES[lang]
    clinic = ClinicApp(Settings(language=lang), demo_mode=True)
    try:
        assert clinic.open_storage() and clinic.sign_in(unattended=True)
        shell = clinic.build_window()
        window = shell.window
        window.resize(1366, 768)
        window.show()
        storage, session, workspace = clinic.storage, clinic.session, clinic.workspace
        assert storage is not None and session is not None and session.current is not None
        assert workspace is not None and clinic.notifier is not None
        actor = session.current.actor(storage.device)
        asha = patient(a_given, a_family)
        chotu = patient(
            b_given,
            b_family,
            sex="male",
            birth_date=date(2019, 3, 2),
            guardian_name=guardian,
            guardian_relation="father",
        )
        for p in (asha, chotu):
            storage.writer.run(
                lambda s, p=p: patient_repo.register(
                    s, p, actor, date.today(), Decision.NEW_PATIENT
                )
            )
        intake = workspace.intake
        window.show_page("patients")
        workspace.on_patient_saved(asha)
        settle(lambda: intake.consult is not None)
        intake.on_attach_file(str(picture(tmp / f"rash-{lang}.png", (70, 80, 200))), "image/png")
        settle(lambda: intake.attachments.model.rowCount() == 1)
        shot = picture(tmp / f"snap-{lang}.jpg", (90, 140, 90)).read_bytes()
        ref, thumb = consult_repo.store_attachment_blobs(storage.blobs, shot, "image/jpeg")
        title = QCoreApplication.translate("ConsultCamera", "Camera snapshot")
        intake.attach_stored(ref, thumb, "image/jpeg", title)
        settle(lambda: intake.attachments.model.rowCount() == 2)
        for row in (0, 13):
            intake.complaints.item(row).setCheckState(Qt.CheckState.Checked)
        intake.complaint_text.setPlainText(words)
        intake.duration.setValue(3)
        for name, value in (("systolic", "124"), ("diastolic", "78"), ("pulse", "82")):
            intake.vitals.edits[name].setText(value)
        intake.specialty.setCurrentIndex(intake.specialty.findData("dermatology"))
        intake.consent.teleconsultation.setChecked(True)
        intake.consent.recording.setChecked(True)
        intake.consent.on_record()
        settle(lambda: bool(intake.consent.summary.text()))
        intake.on_mark_ready()
        settle(lambda: intake.consult is not None and intake.consult.status.value == "ready")
        label = clinic.notifier.queue_label
        settle(lambda: bool(label.text()), timeout=120)  # queued at the embedded hub
        intake.complaints.scrollToTop()
        window.grab().save(str(OUT / f"consult-switch-a-{lang}.png"))
        print("wrote", f"docs/screenshots/consult-switch-a-{lang}.png")
        capture = clinic.capture
        assert capture is not None
        window.show_page("camera")  # it names the consult its snapshots go to
        settle(lambda: capture.preview.painted >= 5)
        window.grab().save(str(OUT / f"camera-target-{lang}.png"))
        print("wrote", f"docs/screenshots/camera-target-{lang}.png")
        window.show_page("patients")

        workspace.on_patient_saved(chotu)
        settle(lambda: intake.consult is not None and intake.consult.patient_id == chotu.id)
        window.grab().save(str(OUT / f"consult-switch-b-{lang}.png"))
        print("wrote", f"docs/screenshots/consult-switch-b-{lang}.png")
    finally:
        clinic.shutdown()


def main() -> None:
    app = create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "hi"):
            run(lang, Path(tmp))
    app.quit()


if __name__ == "__main__":
    main()
