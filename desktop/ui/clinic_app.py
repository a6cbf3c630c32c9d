"""The signed-in app: storage, user session, the window built for the role (the operator's
pages on a spoke PC; the doctor's on a doctor PC, set up as "Hub (doctors)"), sync and, in
demo mode, the embedded hub. ``ClinicApp.start()`` walks set-up/unlock/sign-in, then builds
the window.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget

from desktop import logs, paths
from desktop.changes import Change, Kind
from desktop.services.accounts import AccountService
from desktop.services.errors import StorageError
from desktop.services.settings import SettingsService
from desktop.services.startup import KeyStore, Storage, UserSession
from desktop.settings import Settings
from desktop.ui import demo, failure_report, session_views
from desktop.ui.changes import ChangeSignal
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.shell import Shell, build_shell
from desktop.ui.start_report import storage_refusal
from desktop.ui.storage_gate import obtain_storage
from desktop.ui.tasks import Operation

# The operator's screens (camera, media, consult, sync: ~0.7 s of imports) are imported when
# the window is built, after sign-in: the sign-in dialog comes first (issue 18, start-up).
if TYPE_CHECKING:
    from desktop.media.camera_service import CameraService
    from desktop.services.consults import WorkItem
    from desktop.services.dashboard import SpokeDashboard
    from desktop.services.doctor import DoctorService
    from desktop.ui import consult_camera
    from desktop.ui.call.spoke_call import SpokeCalls
    from desktop.ui.clinic_context import ClinicContext
    from desktop.ui.doctor.doctor_window import DoctorWindow
    from desktop.ui.lock_screen import IdleWatcher, LockScreen
    from desktop.ui.media.capture_panel import CapturePanel
    from desktop.ui.patients.workspace import SpokeWorkspace
    from desktop.ui.prescriptions.page import PrescriptionsPage
    from desktop.ui.reports.spoke_dashboard import SpokeDashboardPanel
    from desktop.ui.sync import SyncBridge, notify
    from desktop.ui.sync.connect_dialog import ConnectDialog

log = logs.get("ui")


class ClinicApp(QObject):
    """Owns the running clinic: storage, session, window, sync engine, demo hub."""

    def __init__(
        self,
        settings: Settings,
        demo_mode: bool = False,
        headless: bool | None = None,
        doctor_demo: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings
        # "spoke" or "hub" (a doctor's PC), read from the profile once storage is open.
        self.installation = "spoke"
        self.doctor_demo = doctor_demo  # the demo doctor's window against the running demo hub
        self.doctor: DoctorService | None = None
        self.doctor_window: DoctorWindow | None = None
        self.doctor_login: QDialog | None = None
        self._signed_out_windows: list[QWidget] = []  # hidden, freed on the main thread
        self._demo_enrollment: Path | None = None  # where the demo doctor finds the hub
        # The one settings store: validates, saves off the main thread, announces changes.
        self.settings_store = SettingsService(settings, paths.get().settings_file)
        self._changes: ChangeSignal | None = None  # the window's ear on the change bus
        self.demo_mode = demo_mode
        # No desktop session: a refusal at start is printed and the app stops, never a dialog
        # that nobody can see (and that would wait forever).
        # Unless told: offscreen or minimal Qt means nobody can see a modal box, so refusals
        # are printed instead of waiting on one.
        if headless is None:
            headless = QGuiApplication.platformName() in ("offscreen", "minimal")
        self.headless = headless
        self.storage: Storage | None = None
        self.session: UserSession | None = None
        self.shell: Shell | None = None
        self.bridge: SyncBridge | None = None
        self.notifier: notify.HubNotifier | None = None
        self.engine: Any = None
        self.hub: Any = None
        self.capture: CapturePanel | None = None
        self.camera: CameraService | None = None  # the one camera (photo, QR, call...)
        self._calls: SpokeCalls | None = None
        self.camera_page: consult_camera.CameraPage | None = None
        self.prescriptions_page: PrescriptionsPage | None = None
        self.workspace: SpokeWorkspace | None = None
        self.dashboard: SpokeDashboardPanel | None = None
        self._lock: LockScreen | None = None
        self._closed = False
        self._connect_dialog: ConnectDialog | None = None
        self.keystore: KeyStore | None = None  # the profile's (demo: the embedded hub's too)
        self._context: ClinicContext | None = None
        self._watcher: IdleWatcher | None = None
        self.login_dialog: LoginDialog | None = None
        if demo_mode and not doctor_demo:
            # The embedded hub's modules (FastAPI, pydantic: hundreds of them) are imported
            # here, on the main thread before any worker thread starts: imported later while
            # a worker imported too, a frozen start failed once in CI with an ImportError
            # raised inside PySide6's import hook.
            import hub.embedded  # noqa: F401

    # -- start ---------------------------------------------------------------------------
    def open_storage(self) -> bool:
        locs = paths.get()
        keystore = self.keystore = KeyStore()
        if self.doctor_demo:
            from desktop.ui.doctor import demo_doctor

            try:
                self.storage = demo_doctor.ensure_doctor_profile(locs, keystore)
            except Exception as exc:  # noqa: BLE001 -- said in words, the app stops
                log.error("demo doctor profile failed: %s", type(exc).__name__)
                demo_doctor.refuse(exc, headless=self.headless)
                return False
        elif self.demo_mode:
            try:
                self.storage = demo.ensure_demo_profile(locs, keystore)
            except StorageError as exc:
                title, body = storage_refusal(exc, headless=self.headless)
                if not self.headless:
                    QMessageBox.critical(None, title, body)
                return False
        if self.storage is None:
            self.storage = obtain_storage(locs, keystore, headless=self.headless)
        if self.storage is None:
            return False
        from desktop.services.doctor import installation_kind

        self.installation = installation_kind(self.storage)
        return True

    def sign_in(self, unattended: bool = False) -> bool:
        """The login screen (pre-filled in demo mode); ``unattended`` signs in as the demo
        operator (or doctor) without a dialog (the screenshot run). A doctor's PC signs the
        doctor in at the hub."""
        assert self.storage is not None
        if self.installation == "hub":
            return self._sign_in_doctor(unattended)
        self.session = UserSession(self.storage)
        if unattended:
            result = self.session.login(demo.DEMO_USERNAME, demo.DEMO_PASSWORD).result(30)
            return bool(result.ok)
        dialog = LoginDialog(AccountService(self.session))
        if self.demo_mode:
            dialog.username.setText(demo.DEMO_USERNAME)
            dialog.password.setFocus()
            dialog.message.setText(self.tr("Demo mode: the password is demo-password"))
        # Runs once the dialog's own loop is up, i.e. the window is on screen; scripted
        # start checks (tests/e2e/test_headless_run.py) wait for this line.
        QTimer.singleShot(0, lambda: log.info("sign-in window shown"))
        QTimer.singleShot(0, lambda: log.info("sign-in ready (records open)"))  # already open
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _sign_in_doctor(self, unattended: bool) -> bool:
        from desktop.changes import changes
        from desktop.services.doctor import DoctorService
        from desktop.sync.doctor_api import DoctorApi
        from desktop.sync.errors import SyncError
        from desktop.sync.tokens import TokenStore
        from desktop.ui.doctor.hub_login import HubLoginDialog

        storage = self.storage
        assert storage is not None
        tokens = TokenStore()
        try:
            if tokens.device() is None and not self.headless:
                # Set up but never connected (the hub was unreachable at set-up): connect now.
                from desktop.ui.doctor.enroll_form import EnrollDialog

                if EnrollDialog(storage).exec() != QDialog.DialogCode.Accepted:
                    return False
            api = DoctorApi.open(tokens, ca_pem=self.settings.hub_ca_pem)
        except SyncError as exc:
            text = failure_report.failure_text(exc)
            log.error("doctor PC cannot reach its hub credentials: %s", type(exc).__name__)
            if self.headless:
                print(text)
            else:
                QMessageBox.critical(None, self.tr("Spoke Clinic"), text)
            return False
        self.doctor = DoctorService(api, storage.writer, storage.blobs, storage.device, changes)
        if unattended:
            from desktop.ui.doctor.demo_doctor import DEMO_DOCTOR, DEMO_PASSWORD

            self.doctor.sign_in(DEMO_DOCTOR, DEMO_PASSWORD).result(60)
            return True
        dialog = HubLoginDialog(self.doctor)
        if self.doctor_demo:
            # The demo's second window opens signed in as the demo doctor: the dialog signs
            # in by itself (off the main thread) and says so if the hub refuses.
            from desktop.ui.doctor.demo_doctor import DEMO_DOCTOR, DEMO_PASSWORD

            dialog.username.setText(DEMO_DOCTOR)
            dialog.password.setText(DEMO_PASSWORD)
            QTimer.singleShot(0, dialog.on_sign_in_clicked)
        QTimer.singleShot(0, lambda: log.info("sign-in window shown"))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _build_doctor_window(self) -> Shell:
        """A hub PC's window for who signed in: the doctor's pages, or a programme
        manager's network report."""
        from desktop.changes import changes
        from desktop.ui.doctor.doctor_window import DoctorWindow
        from desktop.ui.doctor.manager_window import build_manager_window

        assert self.doctor is not None
        account = self.doctor.account
        doctor: DoctorWindow | None = None
        if account is not None and account.role == "programme_manager":
            shell = build_manager_window(self.settings, self.doctor, store=self.settings_store)
        else:
            from desktop.services.prescribing import prescribing_for

            # The signing key on the same keyring as the profile's keys (a sibling service).
            doctor = self.doctor_window = DoctorWindow(
                self.settings,
                self.doctor,
                changes,
                store=self.settings_store,
                prescribing=prescribing_for(self.doctor, changes, self.keystore),
            )
            shell = doctor.shell
        window = shell.window
        failure_report.set_reporter(lambda text: window.statusBar().showMessage(text, 15000))
        about_button = QPushButton()
        about_button.clicked.connect(self.on_about)
        shell.settings_page.add_button(
            about_button, lambda: self.tr("About Spoke Clinic and licences")
        )
        # No local password on a doctor's PC: locking signs the doctor out of the hub too.
        shell.settings_page.sign_out_requested.connect(self.on_doctor_sign_out)
        shell.settings_page.lock_requested.connect(self.on_doctor_sign_out)
        window.closing.connect(self.shutdown)
        from desktop.ui.lock_screen import IdleWatcher

        # Idle: signed out of the hub (what the doctor had open goes with the window).
        self._watcher = IdleWatcher(self.settings.idle_lock_minutes * 60_000, parent=window)
        self._watcher.idle.connect(self.on_doctor_sign_out)
        self.shell = shell
        if doctor is not None:
            doctor.start()
            if self.doctor_demo:
                doctor.queue.set_availability("online")
        return shell

    @Slot()
    def on_doctor_sign_out(self) -> None:
        """Offline at the hub and signed out; the window and what it showed go, and the
        hub sign-in comes back once the hub session has ended."""
        from desktop.ui.doctor.hub_login import HubLoginDialog

        doctor, shell = self.doctor, self.shell
        if doctor is None or shell is None:
            return
        self.doctor_login = None  # the next one is made once the hub session has ended
        window = shell.window
        window.closing.disconnect(self.shutdown)
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self.doctor_window is not None:
            self.doctor_window.review.clear()  # what the doctor had open goes first
            self.doctor_window.stop()
            self.doctor_window = None
        failure_report.set_reporter(None)
        body = window.centralWidget()
        if body is not None:
            body.setEnabled(False)  # hidden once the sign-in is up
        self.shell = None

        # Kept here (not in the callback below) so the window is let go on the main thread.
        self._signed_out_windows.append(window)

        def ask_again(_done: object = None) -> None:
            self.login_dialog = None
            dialog = HubLoginDialog(doctor)
            dialog.accepted.connect(self.on_signed_in_again)
            dialog.rejected.connect(self.on_sign_in_declined)
            self.doctor_login = dialog
            dialog.open()
            for old in self._signed_out_windows:
                old.hide()

        Operation.from_future(doctor.sign_out()).success(ask_again).failure(ask_again).run()

    def build_window(self) -> Shell:
        """The window for who signed in: the doctor's pages on a doctor PC, else the
        operator's (a local doctor account never gets here: ``doctor_on_spoke_text``)."""
        if self.installation == "hub":
            return self._build_doctor_window()
        return self._build_operator_window()

    def _build_operator_window(self) -> Shell:
        from desktop.media.camera_service import CameraService
        from desktop.services.bundle import Services
        from desktop.services.sync import describe_items
        from desktop.ui import consult_camera
        from desktop.ui.clinic_context import ClinicContext
        from desktop.ui.lock_screen import IdleWatcher, LockScreen
        from desktop.ui.media.capture_panel import CapturePanel
        from desktop.ui.media.indicator import RecordingIndicator
        from desktop.ui.patients import camera_frames
        from desktop.ui.patients.workspace import SpokeWorkspace
        from desktop.ui.prescriptions.page import PrescriptionsPage
        from desktop.ui.reports.spoke_dashboard import SpokeDashboardPanel
        from desktop.ui.stock.page import StockPage
        from desktop.ui.sync import SyncBridge, SyncPage

        assert self.storage is not None and self.session is not None
        user = self.session.current
        assert user is not None
        storage = self.storage
        context = ClinicContext(
            Services.open(storage.db, storage.writer, storage.blobs, user.actor(storage.device)),
            temperature_unit=self.settings.temperature_unit,
        )
        workspace = SpokeWorkspace(context)
        # One camera for the whole app: the Camera page, photo, QR, prescription check, call.
        self.camera = CameraService()
        self.capture = CapturePanel(storage.blobs, self.settings, camera=self.camera)
        camera = consult_camera.CameraPage(workspace.intake, self.capture, context, self.demo_mode)
        workspace.set_camera(camera_frames.frames_of(self.camera))  # photo and ABHA QR
        self.camera_page = camera
        self.bridge = SyncBridge()
        clinic = context.services.clinic
        sync_page = SyncPage(self.bridge, describe=lambda items: describe_items(clinic, items))
        rx_page = PrescriptionsPage(
            context.services.prescriptions,
            context.services.bus,
            context.today,
            frame=camera_frames.frames_of(self.camera, "prescription-check"),
            stock=context.services.stock,
        )
        self.prescriptions_page = rx_page
        stock_page = StockPage(context.services.stock, context.services.bus)
        shell = build_shell(
            self.settings,
            facility=(lambda: self.tr("Demo spoke")) if self.demo_mode else "",
            pages=[
                ("patients", lambda: self.tr("Patients"), workspace),
                ("camera", lambda: self.tr("Camera"), camera),
                ("prescriptions", lambda: self.tr("Prescriptions"), rx_page),
                ("stock", lambda: self.tr("Stock"), stock_page),
                ("sync", lambda: self.tr("Sync"), sync_page),
            ],
            store=self.settings_store,
        )
        window = shell.window
        window.set_user(f"{user.display_name} ({user.username})")
        # Background work that fails with no handler of its own says so in the status bar.
        failure_report.set_reporter(lambda text: window.statusBar().showMessage(text, 15000))
        workspace.start()
        self.workspace = workspace
        consult_camera.link(
            workspace.intake,
            self.capture,
            lambda text: window.statusBar().showMessage(text, 8000),
            context,
        )
        shell.home.add_action("patients", lambda: self.tr("Find or register a patient"))
        shell.home.add_action("camera", lambda: self.tr("Camera and recording"))
        shell.home.add_action("sync", lambda: self.tr("Sync with the hub"))
        # The worklist: re-read from storage whenever Home is shown, and while it is shown
        # whenever a consult or patient change is announced; settings apply when announced.
        self._context = context
        shell.home.open_consult.connect(self.on_open_consult)
        self.dashboard = SpokeDashboardPanel()
        shell.home.add_side_panel(self.dashboard)
        self.dashboard.open_list.connect(self.on_dashboard_list)
        self.dashboard.open_sync.connect(self.on_dashboard_sync)
        self.dashboard.open_follow_ups.connect(self.on_dashboard_follow_ups)
        # Prescriptions: from the worklist's "prescription received" rows, the consult
        # screen's button, and the follow-ups due (which open their new consult).
        shell.home.open_prescription.connect(self.on_open_prescription)
        workspace.intake.prescription_button.open_prescription.connect(self.on_open_prescription)
        self._start_calls(window, workspace)  # the call button, the ring (issue 16)
        rx_page.follow_up_started.connect(self.on_open_consult)
        shell.home.add_action("prescriptions", lambda: self.tr("Prescriptions and follow-ups"))
        window.page_changed.connect(self.on_page_changed)
        self._changes = ChangeSignal(context.services.bus, window)
        self._changes.changed.connect(self.on_changed)
        self.refresh_worklist()

        # Recording stays visible on every page, not only on the camera page.
        recording = RecordingIndicator()
        window.statusBar().addPermanentWidget(recording)
        recording.follow(self.capture)  # starts, stops and counts with the camera page's
        self.capture.choice_changed.connect(self.on_camera_choice_changed)
        window.page_changed.connect(camera.on_page_changed)  # camera runs while shown
        camera.recover_interrupted(self.on_recordings_recovered)

        # Texts as callables: the settings page names its buttons again on a language switch.
        about_button = QPushButton()
        about_button.clicked.connect(self.on_about)
        shell.settings_page.add_button(
            about_button, lambda: self.tr("About Spoke Clinic and licences")
        )
        connect_button = QPushButton()
        connect_button.clicked.connect(self.on_connect_hub)
        shell.settings_page.add_button(connect_button, lambda: self.tr("Connect to a hub…"))
        if user.is_admin:
            accounts_button = QPushButton()
            accounts_button.clicked.connect(self.on_accounts)
            shell.settings_page.add_button(accounts_button, lambda: self.tr("Manage accounts…"))

        about = QAction(window)
        about.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        about.triggered.connect(self.on_about)
        window.addAction(about)
        window.closing.connect(self.shutdown)

        watcher = IdleWatcher(self.settings.idle_lock_minutes * 60_000, parent=window)
        self._watcher = watcher
        self._lock = LockScreen(AccountService(self.session), window)
        watcher.idle.connect(self._lock.on_idle)
        self._lock.logout_requested.connect(self.on_logout_requested)
        shell.settings_page.lock_requested.connect(self._lock.lock)
        shell.settings_page.sign_out_requested.connect(self.on_logout_requested)
        session_views.register_window(window)  # logout drops it and what it shows
        self.shell = shell
        self._start_sync(shell)
        return shell

    def _start_sync(self, shell: Shell) -> None:
        from desktop.changes import changes
        from desktop.services import hub_news
        from desktop.sync.engine import SyncEngine
        from desktop.ui.sync import notify

        assert self.storage is not None and self.bridge is not None
        self.engine = SyncEngine(
            self.storage.db,
            self.storage.writer,
            self.bridge.listener,
            ca_pem=self.settings.hub_ca_pem,
            blobs=self.storage.blobs,  # uploads pass the blob gate (checksum, hub key)
            on_news=hub_news.announcer(changes),  # stored first, then announced
        )
        self.bridge.set_engine(self.engine)
        self.bridge.attach_indicator(shell.window.sync_indicator)
        # Hub news on every page: prescription banner + sound, the open consult's place.
        self.notifier = notify.install(
            shell.window, hub_news.HubNewsService(self.storage.db), changes, self.workspace
        )
        Operation(self.engine.start).run()
        if self.demo_mode:
            self._start_demo_hub()

    def _start_demo_hub(self) -> None:
        if self.hub is not None:  # signed in again: the running hub serves the new window
            bridge = self.bridge
            if bridge is not None:
                bridge.sign_in(demo.DEMO_USERNAME, demo.DEMO_PASSWORD, done=self.on_hub_signed_in)
            return
        assert self.storage is not None
        locs, profile_id = paths.get(), self.storage.device
        keystore = demo.hub_keystore(self.keystore or KeyStore())
        Operation(lambda: demo.start_demo_hub(locs, profile_id, keystore)).success(
            self.on_demo_hub_started
        ).failure(self.on_demo_hub_failed).run()

    @Slot(object)
    def on_demo_hub_started(self, hub: Any) -> None:
        if self._closed:
            hub.stop()
            return
        self.hub = hub
        log.info("demo hub listening on loopback")
        from desktop.ui.doctor import demo_doctor

        # For the demo's second window (``--doctor``): where the hub listens, and a code.
        self._demo_enrollment = demo_doctor.write_enrollment(
            paths.get(), hub.base_url, hub.enrollment_codes["hub"]
        )
        if self.bridge is None:
            return
        bridge = self.bridge
        code = hub.enrollment_codes["spoke"]

        def enrolled(_result: object) -> None:
            bridge.sign_in(demo.DEMO_USERNAME, demo.DEMO_PASSWORD, done=self.on_hub_signed_in)

        bridge.enroll(hub.base_url, code, name=platform.node() or "demo-pc", done=enrolled)

    def on_hub_signed_in(self, _body: object) -> None:
        """Blobs from now on are encrypted to the hub's key as well (off the main thread)."""
        engine, storage = self.engine, self.storage
        if engine is None or storage is None:
            return
        Operation(lambda: storage.set_hub_recipient(engine.hub_recipient())).run()

    @Slot(object)
    def on_demo_hub_failed(self, exc: BaseException) -> None:
        if self._closed:  # the app was closed while the hub was starting: nothing to tell
            log.info("demo hub start ended after the app closed: %s", type(exc).__name__)
            return
        log.error("demo hub did not start: %s", type(exc).__name__)
        if self.shell is not None and not self._closed:
            # Not a modal box: it must not block a headless start or a closing window.
            self.shell.window.statusBar().showMessage(
                self.tr(
                    "The demo hub could not start. You can keep working; data stays on this PC."
                )
            )

    # -- actions -------------------------------------------------------------------------
    @Slot()
    def refresh_worklist(self) -> None:

        context = self._context
        if context is None:
            return

        def show(items: list[WorkItem]) -> None:
            if self.shell is not None:  # dropped when signed out meanwhile
                self.shell.home.show_worklist(items)

        Operation.from_future(context.services.consults.worklist()).success(show).run()
        dashboard = self.dashboard
        if dashboard is not None:

            def figures(day: SpokeDashboard) -> None:
                if self.dashboard is dashboard:  # dropped when signed out meanwhile
                    dashboard.show_figures(day)

            Operation(context.services.dashboard.load).success(figures).run()

    @Slot()
    def on_dashboard_sync(self) -> None:
        if self.shell is not None:
            self.shell.window.show_page("sync")

    @Slot()
    def on_dashboard_follow_ups(self) -> None:
        if self.shell is not None:
            self.shell.window.show_page("prescriptions")

    @Slot(str, str)
    def on_dashboard_list(self, key: str, state: str) -> None:
        """The consults behind a dashboard count, in a small window that opens one."""
        from desktop.core.consult import Status
        from desktop.ui.reports.consult_list import ConsultListDialog

        context = self._context
        if context is None or self.shell is None or self.dashboard is None:
            return
        window = self.shell.window
        title = self.tr("Consults")

        def show(items: list[WorkItem]) -> None:
            if self.shell is None:
                return
            dialog = ConsultListDialog(title, items, window)
            dialog.open_consult.connect(self.on_open_consult)
            self.shell.dialogs.append(dialog)
            dialog.open()

        status = Status(state) if state else None
        future = context.services.dashboard.behind(key, status)
        Operation.from_future(future).success(show).run()

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        """What a service announced: the worklist follows consults and patients (while Home
        shows; it is re-read whenever Home is shown), the window follows the settings."""
        if change.kind is Kind.SETTINGS:
            self.on_settings_changed(self.settings_store.current)
        elif (
            change.kind in (Kind.CONSULT, Kind.PATIENT, Kind.PRESCRIPTION, Kind.OUTBOX)
            and self.shell is not None
            and self.shell.home.isVisible()
        ):
            self.refresh_worklist()

    def on_settings_changed(self, new: Settings) -> None:
        """A changed idle time and temperature unit apply at once (the store saved them)."""
        if self._watcher is not None:
            self._watcher.set_timeout(new.idle_lock_minutes * 60_000)
        if self._context is not None:
            self._context.temperature_unit = new.temperature_unit
        if self.workspace is not None:
            self.workspace.intake.vitals.set_unit(new.temperature_unit)

    @Slot(str)
    def on_page_changed(self, key: str) -> None:
        if key == "home":
            self.refresh_worklist()

    @Slot(str)
    def on_open_consult(self, consult_id: str) -> None:
        if self.shell is None or self.workspace is None:
            return
        self.shell.window.show_page("patients")
        self.workspace.open_consult(consult_id)

    @Slot(str)
    def on_open_prescription(self, consult_id: str) -> None:
        if self.shell is None or self.prescriptions_page is None:
            return
        self.shell.window.show_page("prescriptions")
        self.prescriptions_page.open_consult(consult_id)

    @Slot()
    def on_camera_choice_changed(self) -> None:
        self.settings_store.apply()

    def on_recordings_recovered(self, recovered: list[Any]) -> None:
        # A recording cut off before its first segment was saved (a full disk, a kill in
        # the first seconds) is finalized too, but nothing of it was kept: not counted.
        kept = [manifest for manifest in recovered if manifest.segments]
        if kept and self.shell is not None:
            self.shell.window.statusBar().showMessage(
                self.tr("%Ln interrupted recording(s) were recovered and kept.", "", len(kept)),
                15000,
            )

    @Slot()
    def on_connect_hub(self) -> None:
        """Enrollment with a one-time code and the hub sign-in (both in the background)."""
        from desktop.ui.sync.connect_dialog import ConnectDialog

        if self.shell is None or self.bridge is None:
            return
        dialog = ConnectDialog(
            self.bridge, self.settings.hub_url, self.shell.window, self.settings.hub_ca_pem
        )

        def remember_ca(pem: str) -> None:
            self.settings.hub_ca_pem = pem
            self.settings_store.apply()

        def remember_url() -> None:
            self.settings.hub_url = dialog.url.text().strip()
            self.settings_store.apply()

        dialog.connected.connect(remember_url)
        dialog.ca_changed.connect(remember_ca)
        dialog.signed_in.connect(lambda: self.on_hub_signed_in(None))
        self._connect_dialog = dialog
        dialog.open()

    @Slot()
    def on_accounts(self) -> None:
        from desktop.ui.accounts_dialog import AccountsDialog

        if self.shell is not None and self.session is not None:
            AccountsDialog(AccountService(self.session), self.shell.window).open()

    @Slot()
    def on_about(self) -> None:
        from desktop.ui.about_dialog import AboutDialog

        if self.shell is not None:
            AboutDialog(self.shell.window).open()

    @Slot()
    def on_logout_requested(self) -> None:
        """Sign out without quitting: the window and everything it showed is dropped, the
        per-window workers stop, and the sign-in dialog comes back; storage stays open."""
        if self.session is None or self.shell is None:
            return
        window = self.shell.window
        window.closing.disconnect(self.shutdown)
        self._stop_window_workers()
        # The sign-in is shown before the window goes, so the app always has a window.
        self.login_dialog = dialog = LoginDialog(AccountService(self.session))
        dialog.accepted.connect(self.on_signed_in_again)
        dialog.rejected.connect(self.on_sign_in_declined)
        dialog.open()
        self.session.logout().result(timeout=30)  # drops the window and its views
        window.hide()
        # Nothing may keep the window's pages (and their decrypted rows) alive after logout.
        failure_report.set_reporter(None)
        self.shell = self.workspace = self._lock = self.notifier = None
        self._context = self._watcher = self.dashboard = None

    def _stop_listening(self) -> None:
        """No announcement may reach a window that is going (or a closed database)."""
        if self._changes is not None:
            self._changes.close()
            self._changes = None

    def _start_calls(self, window: Any, workspace: Any) -> None:
        """The spoke's calls (issue 16): the consult screen's button, and the ring when a
        doctor calls (the hub's bell, heard from sign-in to sign-out)."""
        from desktop.ui.call import spoke_call

        assert self.camera is not None and self._context is not None
        services = self._context.services
        patients = services.patients

        def wire(launcher: Any) -> None:  # the call's extras: the still, recording
            from desktop.ui.call import extras

            extras.wire_spoke(launcher, services)
            launcher.record = services.calls  # each call's chat and achieved mode

        self._calls = spoke_call.SpokeCalls(
            lambda: self.engine,
            self.camera,
            window,
            workspace.intake.call_button,
            self._context.today,
            patients.open_of_consult,
            self.on_open_consult,
            self.settings_store,
            wire=wire,
        )
        self._calls.start()

    def _stop_window_workers(self) -> None:
        """What a signed-in window started: idle watch, camera, capture, sync engine (not the
        hub)."""
        self._stop_listening()
        if self._calls is not None:
            self._calls.shutdown()
            self._calls = None
        if self._watcher is not None:
            self._watcher.stop()
        if self.camera_page is not None:
            self.camera_page.shutdown()
            self.camera_page = None
            self.prescriptions_page = None
        if self.capture is not None:
            self.capture.stop_capture()
            self.capture = None
        self._drop_camera()
        if self.engine is not None:
            self.engine.stop()
            self.engine = None

    def _drop_camera(self) -> None:
        """The camera closes and goes with the window: its subscribers are the window's
        pages, which it would otherwise keep alive (and their decrypted rows with them)."""
        if self.camera is not None:
            self.camera.close()
            self.camera = None

    @Slot()
    def on_signed_in_again(self) -> None:
        self.login_dialog = None
        while self._signed_out_windows:  # the windows of earlier sign-ins, on this thread
            self._signed_out_windows.pop().deleteLater()
        shell = self.build_window()
        shell.window.show()

    @Slot()
    def on_sign_in_declined(self) -> None:
        self.login_dialog = None
        self.shutdown()
        QCoreApplication.quit()

    @Slot()
    def shutdown(self) -> None:
        """Stop workers in order: capture, sync, hub, database writer."""
        self._closed = True
        self._stop_listening()
        failure_report.set_reporter(None)
        if self._calls is not None:  # a call in progress ends before its camera closes
            self._calls.shutdown()
            self._calls = None
        if self.doctor_window is not None:
            self.doctor_window.stop()
            self.doctor_window = None
        if self.doctor is not None:
            self.doctor.close()
            self.doctor = None
        if self._watcher is not None:
            self._watcher.stop()  # no idle lock may fire once the database is closed
            self._watcher = None
        if self.camera_page is not None:
            self.camera_page.shutdown()  # players, then the devices
            self.camera_page = None
            self.prescriptions_page = None
        if self.capture is not None:
            self.capture.stop_capture()
            self.capture = None
        self._drop_camera()
        if self.engine is not None:
            self.engine.stop()
            self.engine = None
        if self.hub is not None:
            self.hub.stop()
            self.hub = None
        if self._demo_enrollment is not None:  # the demo hub is gone: no doctor can join it
            self._demo_enrollment.unlink(missing_ok=True)
            self._demo_enrollment = None
        if self.storage is not None:
            self.storage.close()
            self.storage = None
        self.settings_store.close()
