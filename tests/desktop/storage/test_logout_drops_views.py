"""Logout in the running app drops what was decrypted for the screen: search result rows,
attachment thumbnails, Qt's pixmap cache, and the window that showed them. The open patient's
names stay masked in logs (log redaction keeps digests of them, not the names)."""

from __future__ import annotations

import gc
import weakref
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent
from PySide6.QtGui import QPixmap, QPixmapCache
from PySide6.QtWidgets import QWidget

from desktop import redact
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.settings import Settings
from desktop.storage import patient_repo
from desktop.storage.session import UserSession, caches
from desktop.storage.startup import open_storage
from desktop.ui.clinic_app import ClinicApp
from desktop.ui.session_views import WINDOW

PASSWORD = "correct horse 1"
GIVEN, FAMILY = "Zorawarcanary", "Qelvintest"


def _live_patient_models() -> list[tuple[str, int]]:
    """Our item models (desktop.ui) still alive and still holding rows."""
    gc.collect()
    found = []
    for obj in gc.get_objects():
        if (
            isinstance(obj, QAbstractItemModel)
            and type(obj).__module__.startswith("desktop.ui")
            and shiboken6.isValid(obj)
            and obj.rowCount() > 0
        ):
            found.append((type(obj).__name__, obj.rowCount()))
    return found


def _use_the_app(clinic: ClinicApp, qtbot, patient_id: str, tmp_path: Path) -> weakref.ref[QWidget]:
    """Search, open the patient, attach a picture: decrypted data on screen."""
    shell = clinic.build_window()
    shell.window.show()
    workspace = clinic.workspace
    assert workspace is not None
    # A search shows the patient's row.
    model = workspace.search.model
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query(GIVEN)
    assert model.rowCount() == 1
    # Opening the patient registers their names; an attachment shows a thumbnail.
    workspace.on_open_patient(patient_id)
    qtbot.waitUntil(lambda: workspace.intake.consult is not None, timeout=10_000)
    assert redact.scrub(f"x {GIVEN} {FAMILY}") == f"x {redact.MASK} {redact.MASK}"
    png = tmp_path / "rash.png"
    cv2.imwrite(str(png), np.full((120, 160, 3), 90, dtype=np.uint8))
    workspace.intake.on_attach_file(str(png), "image/png")
    thumbs = workspace.intake.attachments.model
    qtbot.waitUntil(lambda: thumbs.rowCount() == 1, timeout=20_000)
    QPixmapCache.insert("decoded-photo", QPixmap(32, 32))
    return weakref.ref(shell.window)


# The test machine has no sound server; the camera page lists no microphones and goes on.
@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_logout_leaves_no_decrypted_rows_thumbnails_or_names(ready, qtbot, tmp_path: Path) -> None:
    locs, keystore, _ = ready
    clinic = ClinicApp(Settings())
    clinic.storage = storage = open_storage(locs, keystore)
    clinic.session = session = UserSession(storage)
    try:
        assert session.login("asha", PASSWORD).result(10).ok
        actor = session.current.actor(storage.device)  # type: ignore[union-attr]
        patient = Patient(
            given_name=GIVEN,
            family_name=FAMILY,
            sex="female",
            birth_date=date(1990, 1, 2),
            no_mobile_reason="none_owned",
            state_lgd=10,
            district="Gaya",
            locality="Bodh Gaya",
        )
        storage.writer.run(
            lambda s: patient_repo.register(s, patient, actor, date.today(), Decision.NEW_PATIENT)
        )
        redact.forget_all()  # start clean: only what the screens do below registers names

        window_ref = _use_the_app(clinic, qtbot, patient.id, tmp_path)
        assert ("PatientTableModel", 1) in _live_patient_models()

        clinic.on_logout_requested()  # what the lock screen's "Sign out" does
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

        assert session.current is None
        window = window_ref()
        assert window is None or not shiboken6.isValid(window)
        del window
        # A model still alive here is held by a reference that outlives the window: drop it
        # in ClinicApp.on_logout_requested (or register its clear function with caches).
        assert _live_patient_models() == []
        assert QPixmapCache.find("decoded-photo") is None
        # Names seen before logout stay masked in logs after it (digests only, not names).
        assert redact.scrub(f"x {GIVEN} {FAMILY}") == f"x {redact.MASK} {redact.MASK}"
        assert WINDOW not in caches._clearers
        # Signing out does not quit: storage stays open behind the sign-in dialog.
        assert clinic.storage is not None and clinic.login_dialog is not None
        assert clinic.login_dialog.isVisible()
        clinic.login_dialog.close()
    finally:
        clinic.shutdown()
        redact.forget_all()


def test_a_window_closed_without_logout_is_forgotten(qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QMainWindow

    from desktop.ui.session_views import register_window

    first = QMainWindow()
    register_window(first)
    assert WINDOW in caches._clearers
    first.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert WINDOW not in caches._clearers  # nothing left to call on a deleted window

    second = QMainWindow()
    photo = QLabel(second)
    photo.setPixmap(QPixmap(16, 16))
    second.setCentralWidget(photo)
    register_window(second)
    assert caches.drop_all() >= 1  # what logout calls
    assert photo.pixmap().isNull()  # the picture went at once
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(second)  # then the window itself
    assert WINDOW not in caches._clearers
