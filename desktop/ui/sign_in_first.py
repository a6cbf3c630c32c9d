"""Sign-in first (issue 18, start-up): on a profile that is set up, the sign-in window is the
app's first window, shown before anything slow is imported. Behind it, on the main thread and
one step per turn of the event loop, the clinic's modules are imported (in demo mode the
embedded hub's too, before any worker thread starts), then the records open off the main
thread while the operator types. A sign-in asked before they are open is checked once they
are; a refusal closes the window and the usual start path explains it.

    first = SignInFirst(settings, demo_mode=False, headless=False)
    outcome = first.run()     # Outcome.SIGNED_IN: first.clinic has storage and session
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Slot
from PySide6.QtWidgets import QDialog

from desktop import logs, paths
from desktop.settings import Settings
from desktop.startup_trace import mark
from desktop.ui.login_dialog import LoginDialog, SignsIn
from desktop.ui.tasks import Operation

if TYPE_CHECKING:
    from desktop.services.accounts import LoginResult
    from desktop.services.startup import Storage
    from desktop.ui.clinic_app import ClinicApp

log = logs.get("ui")
_DONE = object()


class Outcome(Enum):
    SIGNED_IN = "signed in"  # the clinic has its storage and a signed-in session
    CANCELLED = "cancelled"  # the window was closed: the app ends
    REFUSED = "refused"  # the records did not open: the usual start path explains why
    HUB_PC = "doctor's PC"  # open, but set up for doctors, who sign in at the hub instead


class PendingAccounts:
    """Stands in for the ``AccountService`` until the records are open: a sign-in asked
    before then waits for them (the dialog says "Checking…" meanwhile)."""

    def __init__(self) -> None:
        self._service: Future[SignsIn] = Future()

    def resolve(self, service: SignsIn) -> None:
        self._service.set_result(service)

    def refuse(self, exc: BaseException) -> None:
        self._service.set_exception(exc)

    def sign_out(self) -> object:
        return self._service.result().sign_out()  # only after a sign-in it answered

    def sign_in(self, username: str, password: str) -> Future[LoginResult]:
        answer: Future[LoginResult] = Future()

        def relay(result: Future[LoginResult]) -> None:
            exc = result.exception()
            if exc is not None:
                answer.set_exception(exc)
            else:
                answer.set_result(result.result())

        def ask(service: Future[SignsIn]) -> None:
            exc = service.exception()
            if exc is not None:
                answer.set_exception(exc)
                return
            service.result().sign_in(username, password).add_done_callback(relay)

        self._service.add_done_callback(ask)
        return answer


class SignInFirst(QObject):
    """The sign-in window of a set-up profile, with the clinic made and opened behind it."""

    def __init__(self, settings: Settings, *, demo_mode: bool, headless: bool) -> None:
        super().__init__()
        self.settings = settings
        self.demo_mode = demo_mode
        self.headless = headless
        self.clinic: ClinicApp | None = None
        self.accounts = PendingAccounts()
        self.dialog = LoginDialog(self.accounts)
        mark("sign-in window built")
        self.refusal: BaseException | None = None
        self.hub_pc = False  # the records opened on a doctor's PC: the hub's sign-in follows
        self._steps: Iterator[None] | None = None
        self._opening = False  # the records are being opened on a worker thread
        self._ended = False  # the window closed: no further step starts
        self._settled = QEventLoop(self)

    def run(self) -> Outcome:
        """Show the window until somebody is signed in, it is closed, or the records refuse."""
        self._steps = self._warm_up()
        QTimer.singleShot(0, self.on_shown)
        accepted = self.dialog.exec() == QDialog.DialogCode.Accepted
        refused = self.refusal is not None  # the records closed the window, not the user
        hub_pc = self.hub_pc  # ... or this is a doctor's PC
        self._ended = True
        if self._opening:  # closed while the records open: let that end (then closed)
            self._settled.exec()
        self.dialog.hide()
        self.dialog.deleteLater()
        if refused:
            return Outcome.REFUSED
        if hub_pc:
            return Outcome.HUB_PC
        return Outcome.SIGNED_IN if accepted else Outcome.CANCELLED

    @Slot()
    def on_shown(self) -> None:
        # Runs once the dialog's own loop is up, i.e. the window is on screen; scripted start
        # checks (tests/e2e/test_headless_run.py, bench/startup.py) wait for this line.
        log.info("sign-in window shown")
        mark("sign-in window shown")
        QTimer.singleShot(0, self.on_step)

    @Slot()
    def on_step(self) -> None:
        """One step of the warm-up, then back to the event loop (the window stays live)."""
        if self._ended or self._steps is None:
            return
        if next(self._steps, _DONE) is not _DONE:
            QTimer.singleShot(0, self.on_step)

    def _warm_up(self) -> Iterator[None]:
        """Imports on the main thread, each its own step, then the opening on a worker."""
        from desktop.services import errors  # noqa: F401 -- SQLAlchemy, SQLCipher

        yield
        from desktop.services import startup  # keyring, storage models, migrations check

        yield
        from desktop.services import accounts  # noqa: F401 -- argon2, the session's queries

        yield
        from desktop.services import doctor  # which kind of PC this is, once open
        from desktop.ui import clinic_app, demo

        if self.demo_mode and not self.dialog.username.text():
            self.dialog.username.setText(demo.DEMO_USERNAME)
            self.dialog.password.setFocus()
            self.dialog.message.setText(
                QCoreApplication.translate("ClinicApp", "Demo mode: the password is demo-password")
            )
        yield
        # Demo mode: the embedded hub's modules are imported here, before any worker starts.
        clinic = self.clinic = clinic_app.ClinicApp(
            self.settings, demo_mode=self.demo_mode, headless=self.headless
        )
        yield
        locs = paths.get()
        keystore = clinic.keystore = startup.KeyStore()
        self._opening = True

        def open_and_ask_kind() -> tuple[Storage, str]:
            storage = startup.open_storage(locs, keystore)
            try:
                return storage, doctor.installation_kind(storage)
            except BaseException:
                storage.close()
                raise

        Operation(open_and_ask_kind).success(self.on_opened).failure(self.on_refused).run()

    @Slot(object)
    def on_opened(self, opened: tuple[Storage, str]) -> None:
        from desktop.services.accounts import AccountService
        from desktop.services.startup import UserSession

        storage, kind = opened
        self._opening = False
        clinic = self.clinic
        assert clinic is not None
        clinic.storage = storage  # closed by clinic.shutdown() if nobody signs in
        clinic.installation = kind
        if kind == "hub":
            # A doctor's PC: no local accounts; the hub's sign-in follows this window.
            self.hub_pc = True
            self.accounts.refuse(RuntimeError("a doctor's PC signs in at the hub"))
            self._settled.quit()
            if not self._ended:
                self.dialog.reject()
            return
        clinic.session = UserSession(storage)
        self.accounts.resolve(AccountService(clinic.session))
        log.info("sign-in ready (records open)")
        self._settled.quit()

    @Slot(object)
    def on_refused(self, exc: BaseException) -> None:
        self._opening = False
        self.refusal = exc
        self.accounts.refuse(exc)
        log.info("records did not open behind the sign-in window (%s)", type(exc).__name__)
        self._settled.quit()
        if not self._ended:
            self.dialog.reject()
