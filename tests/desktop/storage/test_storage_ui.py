"""The storage dialogs, offscreen: set-up wizard with the recovery code, login, idle lock that
keeps unsaved work, and the refusal dialog with restore by recovery code."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QLineEdit, QMainWindow, QWizard

from desktop import paths
from desktop.services.accounts import AccountService
from desktop.storage import errors, people, recovery
from desktop.storage.keys import KeyStore
from desktop.storage.session import UserSession
from desktop.storage.startup import MANIFEST, Manifest, open_storage
from desktop.ui import i18n
from desktop.ui.lock_screen import IdleWatcher, LockScreen
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.recovery_dialog import StorageProblemDialog
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.storage_messages import (
    ACCOUNT_MESSAGES,
    STORAGE_MESSAGES,
    account_error_text,
    storage_error_text,
    storage_error_texts,
)

PASSWORD = "correct horse 1"


def _prints_the_sheet_to_pdf(wizard: SetupWizard, pdf: Path) -> None:
    """The print path with a PDF printer in place of the print dialog's choice."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(pdf))
    wizard.recovery_page.print_to(printer)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 1000 and b"/Page" in data


def test_setup_wizard_shows_the_recovery_code_once(
    profile: paths.Locations, keystore: KeyStore, qtbot, tmp_path: Path
) -> None:
    wizard = SetupWizard(profile, keystore)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.facility_page.name.setText("HWC Test Spoke")
    wizard.facility_page.district.setText("Gaya")
    wizard.next()
    page = wizard.account_page
    page.display_name.setText("Test Operator")
    page.username.setText("asha")
    page.password.setText("short")
    page.confirm.setText("short")
    wizard.next()
    assert "at least" in page.message.text() and wizard.currentPage() is page
    page.password.setText(PASSWORD)
    page.confirm.setText(PASSWORD)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=30_000)
    code = wizard.recovery_page.code.text()
    assert recovery.normalize(code) == code
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.reject()  # closing is refused until the code is acknowledged
    assert wizard.isVisible()
    sheet = wizard.recovery_page.sheet().toPlainText()
    assert code in sheet and "HWC Test Spoke" in sheet
    _prints_the_sheet_to_pdf(wizard, tmp_path / "sheet-en.pdf")
    i18n.install("hi")
    try:
        hindi = wizard.recovery_page.sheet().toPlainText()
        assert code in hindi and "रिकवरी शीट" in hindi and "When do I need" not in hindi
        _prints_the_sheet_to_pdf(wizard, tmp_path / "sheet-hi.pdf")
    finally:
        i18n.install("en")
    wizard.recovery_page.confirmed.setChecked(True)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.accept()
    assert wizard.storage is not None
    wizard.storage.close()
    opened = open_storage(profile, keystore)
    opened.close()


@pytest.fixture
def storage(ready):
    locs, keystore, _ = ready
    opened = open_storage(locs, keystore)
    yield opened
    opened.close()


def test_login_dialog(storage, qtbot) -> None:
    session = UserSession(storage)
    dialog = LoginDialog(AccountService(session))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("asha")
    dialog.password.setText("wrong password")
    dialog.on_sign_in_clicked()
    qtbot.waitUntil(lambda: "Wrong username or password" in dialog.message.text(), timeout=10_000)
    assert session.current is None and dialog.isVisible()
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.on_sign_in_clicked()
    assert session.current is not None and session.current.username == "asha"


def test_idle_lock_keeps_unsaved_work(storage, qtbot) -> None:
    session = UserSession(storage)
    assert session.login("asha", PASSWORD).result(10).ok
    window = QMainWindow()
    qtbot.addWidget(window)
    form = QLineEdit(window)
    form.setText("half-typed complaint")
    window.setCentralWidget(form)
    window.resize(640, 480)
    window.show()
    lock = LockScreen(AccountService(session), window)
    watcher = IdleWatcher(50, parent=window)
    watcher.idle.connect(lock.on_idle)
    qtbot.waitUntil(lock.isVisible, timeout=5_000)
    assert session.locked and not form.isEnabled()
    assert lock.geometry() == window.rect()
    lock.password.setText("wrong password")
    lock.on_unlock_clicked()
    qtbot.waitUntil(lambda: "Wrong" in lock.message.text(), timeout=10_000)
    assert lock.isVisible()
    lock.password.setText(PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        lock.on_unlock_clicked()
    assert not lock.isVisible() and form.isEnabled()
    assert form.text() == "half-typed complaint"
    watcher.stop()
    lock.lock()
    with qtbot.waitSignal(lock.logout_requested):
        lock.logout_button.click()


def test_refusal_dialog_restores_with_the_recovery_code(ready, qtbot) -> None:
    locs, keystore, code = ready
    keystore.delete(Manifest.load(locs.data / MANIFEST).profile_id)
    with pytest.raises(errors.KeyMissingError) as info:
        open_storage(locs, keystore)
    dialog = StorageProblemDialog(info.value, locs, keystore)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "missing" in dialog.what.text() and dialog.restore.isVisible()
    dialog.code.setText(recovery.generate_code())
    dialog.on_restore_clicked()
    qtbot.waitUntil(lambda: "does not open" in dialog.message.text(), timeout=20_000)
    dialog.code.setText(code)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.on_restore_clicked()
    assert dialog.result() == QDialog.DialogCode.Accepted
    open_storage(locs, keystore).close()


def test_refusal_without_a_way_to_restore_offers_none(ready, qtbot) -> None:
    locs, keystore, _ = ready
    dialog = StorageProblemDialog(errors.KeyringLockedError(), locs, keystore)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "locked" in dialog.what.text() and not dialog.restore.isVisible()


def _storage_errors() -> list[type[errors.StorageError]]:
    return [
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.StorageError)
    ]


def test_ui_table_has_exactly_the_storage_error_codes(qapp) -> None:
    codes = [cls.code for cls in _storage_errors()]
    assert len(codes) == len(set(codes))  # one code, one class
    assert set(STORAGE_MESSAGES) == set(codes)
    for cls in _storage_errors():
        what, todo = storage_error_texts(cls())
        assert (what, todo) == tuple(str(s) for s in STORAGE_MESSAGES[cls.code])
        assert storage_error_text(cls()) == f"{what} {todo}"


def test_every_storage_error_has_its_own_ui_text(qapp) -> None:
    generic = storage_error_texts(errors.StorageError())
    for cls in _storage_errors():
        if cls is not errors.StorageError:
            assert storage_error_texts(cls()) != generic, cls.__name__


def test_file_damaged_and_disk_full_speak_hindi(qapp) -> None:

    i18n.install("hi")
    try:
        for error in (
            errors.BlobDamagedError,
            errors.BlobMissingError,
            errors.AuditChainError,
            errors.StorageFullError,
        ):
            text = storage_error_text(error())
            what, todo = STORAGE_MESSAGES[error.code]
            assert str(what) not in text and str(todo) not in text
            assert any("\u0900" <= ch <= "\u097f" for ch in text), error
    finally:
        i18n.install("en")


@pytest.mark.parametrize("code", sorted(people.ACCOUNT_ERROR_CODES))
def test_ui_texts_match_the_account_errors(code: str, qapp) -> None:
    assert set(ACCOUNT_MESSAGES) == set(people.ACCOUNT_ERROR_CODES)
    text = account_error_text(people.AccountError(code))
    assert text == str(ACCOUNT_MESSAGES[code]).format(minimum=people.MIN_PASSWORD)
    assert "{" not in text


def test_dialogs_speak_hindi(storage, qtbot) -> None:
    i18n.install("hi")
    try:
        dialog = LoginDialog(AccountService(UserSession(storage)))
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "स्पोक क्लिनिक में साइन इन करें"
        what, _ = storage_error_texts(errors.KeyMissingError())
        assert what.startswith("इस क्लिनिक के डेटा की कुंजी")
        short = account_error_text(people.AccountError("password_short"))
        english = str(ACCOUNT_MESSAGES["password_short"]).format(minimum=people.MIN_PASSWORD)
        assert "8" in short and short != english
        assert any("\u0900" <= ch <= "\u097f" for ch in short)
    finally:
        i18n.install("en")


@pytest.mark.expected_errors("start refused")
def test_gate_opens_a_ready_profile_and_explains_a_refusal(ready, qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui.storage_gate import obtain_storage

    locs, keystore, _ = ready
    storage = obtain_storage(locs, keystore)
    assert storage is not None
    storage.close()

    keystore.delete(Manifest.load(locs.data / MANIFEST).profile_id)
    seen: list[str] = []

    def close_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StorageProblemDialog):
            QTimer.singleShot(20, close_the_dialog)
            return
        seen.append(dialog.what.text())
        dialog.reject()

    QTimer.singleShot(20, close_the_dialog)
    assert obtain_storage(locs, keystore) is None
    assert seen and "missing" in seen[0]


def test_accounts_dialog(storage, qtbot, qtmodeltester) -> None:
    from desktop.services.accounts import AccountService
    from desktop.storage import people
    from desktop.ui.accounts_dialog import AccountsDialog

    admin = storage.writer.run(
        lambda s: people.create_account(s, "boss", "Admin Person", "admin", "long enough 1")
    )
    assert admin.role == "admin"
    session = UserSession(storage)
    assert session.login("boss", "long enough 1").result(10).ok
    dialog = AccountsDialog(AccountService(session))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(dialog.model)
    dialog.new_name.setText("Dr Rekha")
    dialog.new_username.setText("rekha")
    dialog.new_role.setCurrentIndex(dialog.new_role.findData("doctor"))
    dialog.new_password.setText("long enough 2")
    dialog.on_add_clicked()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=10_000)
    rows = {dialog.model.account(r).username: r for r in range(3)}
    assert dialog.model.index(rows["rekha"], 2).data() == "Doctor"
    dialog.table.selectRow(rows["rekha"])
    dialog.on_toggle_clicked()
    qtbot.waitUntil(
        lambda: any(not dialog.model.account(r).active for r in range(dialog.model.rowCount())),
        timeout=10_000,
    )
    dialog.new_username.setText("rekha")
    dialog.new_name.setText("Again")
    dialog.new_password.setText("long enough 3")
    dialog.on_add_clicked()
    qtbot.waitUntil(lambda: "taken" in dialog.message.text(), timeout=10_000)


def test_user_input_resets_the_idle_timer(qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = QMainWindow()
    qtbot.addWidget(window)
    form = QLineEdit(window)
    window.setCentralWidget(form)
    window.show()
    watcher = IdleWatcher(3_600_000, parent=window)
    idle: list[int] = []
    watcher.idle.connect(lambda: idle.append(1))
    countdown = watcher._timer
    # Each key restarts the countdown (stopped here so that the restart shows).
    for _ in range(3):
        countdown.stop()
        QTest.keyClick(form, Qt.Key.Key_A)
        assert countdown.isActive()
    assert form.text() == "aaa"
    # A mouse click counts as input too; a change made by the program does not.
    countdown.stop()
    QTest.mouseClick(form, Qt.MouseButton.LeftButton)
    assert countdown.isActive()
    countdown.stop()
    form.setText("set by the program")
    assert not countdown.isActive() and idle == []
    # Then nobody touches it: idle once the timeout has passed.
    watcher.set_timeout(50)
    qtbot.waitUntil(lambda: idle == [1], timeout=3_000)
    watcher.stop()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _answer_the_modal(code: str, seen: list[str]) -> None:
    """Whatever modal comes up: a refusal gets the recovery code, anything else is closed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        seen.append(type(dialog).__name__)
        if isinstance(dialog, StorageProblemDialog) and dialog.restore.isVisibleTo(dialog):
            seen.append(dialog.what.text())
            dialog.code.setText(code)
            dialog.on_restore_clicked()
        else:
            dialog.reject()

    QTimer.singleShot(20, answer)


@pytest.mark.expected_errors("start refused", "set-up is unfinished")
def test_gate_refuses_to_set_up_over_data_and_offers_the_recovery_code(
    ready, mark_unfinished, qtbot, capfd
) -> None:
    """Issue 12, wizard path: "complete": false over a database with data shows the refusal
    with 'Restore with recovery code' (printed to the terminal too), never the wizard."""
    from desktop.ui.storage_gate import obtain_storage

    locs, keystore, code = ready
    mark_unfinished(locs, keystore)
    before = _files(locs.data)
    assert obtain_storage(locs, keystore, headless=True) is None  # no desktop: print, stop
    assert _files(locs.data) == before
    err = capfd.readouterr().err
    assert "not completely set up" in err and "No desktop session" in err
    seen: list[str] = []
    _answer_the_modal(code, seen)
    storage = obtain_storage(locs, keystore)
    assert seen[0] == "StorageProblemDialog" and "not completely set up" in seen[1]
    assert storage is not None
    with storage.db.read_session() as s:
        assert people.count_accounts(s) == 1
    storage.close()
    assert Manifest.load(locs.data / MANIFEST).complete


@pytest.mark.expected_errors("start refused", "set-up is unfinished")
def test_wizard_finishing_over_data_deletes_nothing(
    ready, mark_unfinished, qtbot, tmp_path: Path
) -> None:
    """Even if the wizard is reached, its last step refuses instead of wiping the data."""
    locs, keystore, _ = ready
    mark_unfinished(locs, keystore)
    before = _files(locs.data)
    wizard = SetupWizard(locs, keystore)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.facility_page.name.setText("HWC Another Spoke")
    wizard.next()
    page = wizard.account_page
    page.display_name.setText("Other Operator")
    page.username.setText("other")
    page.password.setText(PASSWORD)
    page.confirm.setText(PASSWORD)
    wizard.next()
    qtbot.waitUntil(lambda: "not completely set up" in page.message.text(), timeout=30_000)
    assert wizard.currentPage() is page and wizard.storage is None
    assert _files(locs.data) == before
    wizard.reject()


# The demo app loads QtMultimedia; the test machine has no sound server.
@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
@pytest.mark.expected_errors("start refused", "set-up is unfinished")
def test_demo_start_refuses_to_set_up_over_data_and_offers_the_recovery_code(
    ready, mark_unfinished, qtbot, monkeypatch, capfd
) -> None:
    """Issue 12, demo path: --demo used to set up a new empty demo profile over it."""
    from desktop.settings import Settings
    from desktop.ui import clinic_app, demo

    locs, keystore, code = ready
    mark_unfinished(locs, keystore, "second-account")
    before = _files(locs.data)
    assert demo.ensure_demo_profile(locs, keystore) is None
    assert _files(locs.data) == before
    monkeypatch.setattr(clinic_app, "KeyStore", lambda: keystore)
    headless = clinic_app.ClinicApp(Settings(), demo_mode=True, headless=True)
    assert not headless.open_storage()
    assert "not completely set up" in capfd.readouterr().err
    assert _files(locs.data) == before
    seen: list[str] = []
    _answer_the_modal(code, seen)
    clinic = clinic_app.ClinicApp(Settings(), demo_mode=True, headless=False)  # a real screen
    try:
        assert clinic.open_storage()
        assert seen[0] == "StorageProblemDialog"
        assert clinic.storage is not None
        with clinic.storage.db.read_session() as s:
            assert people.count_accounts(s) == 2  # the clinic's own data, not a new demo
    finally:
        clinic.shutdown()
