"""Settings in the running app: every row has a label (English and Hindi), a changed idle
time and temperature unit apply at once, "Lock now" covers the window, and "Sign out"
signs out without quitting: the sign-in comes back and a new window follows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QPushButton, QToolButton

from desktop.settings import Settings
from desktop.storage.session import UserSession
from desktop.storage.startup import open_storage
from desktop.ui import i18n
from desktop.ui.clinic_app import ClinicApp
from desktop.ui.home_page import HomePage

PASSWORD = "correct horse 1"


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_settings_apply_at_once_and_lock_and_sign_out_keep_the_app_running(ready, qtbot) -> None:  # type: ignore[no-untyped-def]
    locs, keystore, _ = ready
    clinic = ClinicApp(Settings())
    clinic.storage = open_storage(locs, keystore)
    clinic.session = session = UserSession(clinic.storage)
    try:
        assert session.login("asha", PASSWORD).result(10).ok
        shell = clinic.build_window()
        shell.window.show()
        page = shell.settings_page
        for field in (page.language, page.temperature, page.idle_lock):
            label = page.form.labelForField(field)
            assert isinstance(label, QLabel) and label.text()
        assert [page.form.labelForField(f).text() for f in (page.temperature, page.idle_lock)] == [  # type: ignore[union-attr]
            "Temperature unit",
            "Lock after idle",
        ]
        # Idle time and unit: applied at once, not at the next start.
        page.idle_lock.setValue(3)
        assert clinic._watcher is not None and clinic._watcher._timer.interval() == 180_000
        page.temperature.setCurrentIndex(page.temperature.findData("F"))
        assert clinic.workspace is not None
        vitals = clinic.workspace.intake.vitals
        assert vitals.unit == "F" and vitals.units["temperature"].text() == "°F"
        # Hindi: the labels and the session buttons follow the switch.
        page.language.setCurrentIndex(page.language.findData("hi"))
        qtbot.waitUntil(lambda: page.sign_out_button.text() == "साइन आउट")
        assert page.form.labelForField(page.idle_lock).text() != "Lock after idle"  # type: ignore[union-attr]
        page.language.setCurrentIndex(page.language.findData("en"))
        qtbot.waitUntil(lambda: page.sign_out_button.text() == "Sign out")
        # Lock now: the window is covered, the user stays signed in.
        page.lock_button.click()
        assert session.locked and clinic._lock is not None and clinic._lock.isVisible()
        clinic._lock._release()
        session.unlock(PASSWORD).result(10)
        # Sign out: the sign-in dialog, storage still open, the window gone.
        page.sign_out_button.click()
        assert session.current is None and clinic.storage is not None
        dialog = clinic.login_dialog
        assert dialog is not None and dialog.isVisible() and clinic.shell is None
        dialog.username.setText("asha")
        dialog.password.setText(PASSWORD)
        dialog.on_sign_in_clicked()
        qtbot.waitUntil(lambda: clinic.shell is not None, timeout=20_000)
        assert clinic.shell is not None and clinic.shell.window.isVisible()
        assert session.current is not None and session.current.username == "asha"
    finally:
        i18n.install("en")
        clinic.shutdown()


_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_NUMBER = re.compile(r"[0-9,—]+")
# Names and keys that stay in Latin letters in Hindi too.
_KEEP = re.compile(r"\b(QR|LGD|Ctrl|Shift|Esc|Enter|F1|SpO₂|mmHg|mg/dL|°[CF])\b")


def _english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", _KEEP.sub("", text.replace("&", "")))


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_a_live_switch_to_hindi_leaves_no_english_on_the_shell(ready, qtbot) -> None:  # type: ignore[no-untyped-def]
    locs, keystore, _ = ready
    clinic = ClinicApp(Settings(), demo_mode=False)
    clinic.storage = open_storage(locs, keystore)
    clinic.session = session = UserSession(clinic.storage)
    try:
        assert session.login("asha", PASSWORD).result(10).ok
        shell = clinic.build_window()
        shell.window.show()
        page = shell.settings_page
        page.language.setCurrentIndex(page.language.findData("hi"))
        qtbot.waitUntil(lambda: page.sign_out_button.text() == "साइन आउट")
        home_buttons = [b.text() for b in shell.home.findChildren(QPushButton)]
        settings_buttons = [b.text() for b in page.findChildren(QPushButton)]
        for text in home_buttons + settings_buttons:
            if _NUMBER.fullmatch(text):  # the dashboard's counts: digits in either language
                continue
            assert _DEVANAGARI.search(text) and not _english_words(text), text
        # The facility name is asked again on the switch (the demo spoke's, here).
        home = HomePage(lambda: QCoreApplication.translate("ClinicApp", "Demo spoke"))
        qtbot.addWidget(home)
        assert _DEVANAGARI.search(home.subtitle.text().splitlines()[0])
        # Qt's own texts: standard buttons and Qt's file dialog.
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close
        )
        qtbot.addWidget(box)
        assert sorted(b.text() for b in box.buttons()) == sorted(["रद्द करें", "बंद करें"])
        dialog = QFileDialog(None, "x")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)]
        texts += [w.toolTip() for w in dialog.findChildren(QToolButton) if w.toolTip()]
        for text in texts:
            assert not _english_words(text), text
    finally:
        i18n.install("en")
        clinic.shutdown()


def test_hindi_spells_abha_one_way() -> None:
    ts = (Path(__file__).parents[3] / "resources/translations/spoke_clinic_hi.ts").read_text(
        encoding="utf-8"
    )
    translations = re.findall(r"<translation>(.*?)</translation>", ts)
    assert sum("आभा" in t for t in translations) > 10
    assert not [t for t in translations if "ABHA" in t or "एबीएचए" in t]
