"""The signed-in app: storage, user session, the operator's pages, sync and, in demo mode,
the embedded hub. ``ClinicApp.start()`` walks set-up/unlock/sign-in, then builds the window.
"""

from __future__ import annotations

import platform
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from desktop import logs, paths
from desktop import settings as settings_mod
from desktop.settings import Settings
from desktop.storage import daybook
from desktop.storage.errors import StorageError
from desktop.storage.keys import KeyStore
from desktop.storage.session import UserSession
from desktop.storage.startup import Storage
from desktop.ui import consult_camera, demo, session_views
from desktop.ui.about_dialog import AboutDialog
from desktop.ui.accounts_dialog import AccountsDialog
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.lock_screen import IdleWatcher, LockScreen
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.media.indicator import RecordingIndicator
from desktop.ui.patients import camera_frames
from desktop.ui.patients.workspace import SpokeWorkspace
from desktop.ui.shell import Shell, build_shell
from desktop.ui.start_report import storage_refusal
from desktop.ui.storage_gate import obtain_storage
from desktop.ui.sync import SyncBridge, SyncPage, notify
from desktop.ui.sync.connect_dialog import ConnectDialog
from desktop.ui.sync.patient_names import PatientNames
from desktop.ui.tasks import Operation

log = logs.get("ui")


class ClinicApp(QObject):
    """Owns the running clinic: storage, session, window, sync engine, demo hub."""

    def __init__(self, settings: Settings, demo_mode: bool = False, headless: bool = False) -> None:
        super().__init__()
        self.settings = settings
        self.demo_mode = demo_mode
        # No desktop session: a refusal at start is printed and the app stops, never a dialog
        # that nobody can see (and that would wait forever).
        self.headless = headless
        self.storage: Storage | None = None
        self.session: UserSession | None = None
        self.shell: Shell | None = None
        self.bridge: SyncBridge | None = None
        self.notifier: notify.HubNotifier | None = None
        self.engine: Any = None
        self.hub: Any = None
        self.capture: CapturePanel | None = None
        self.camera_page: consult_camera.CameraPage | None = None
        self.workspace: SpokeWorkspace | None = None
        self.patient_names: PatientNames | None = None  # banners name the patient
        self._lock: LockScreen | None = None
        self._closed = False
        self._connect_dialog: ConnectDialog | None = None
        self.keystore: KeyStore | None = None  # the profile's (demo: the embedded hub's too)
        self._context: ClinicContext | None = None
        self._watcher: IdleWatcher | None = None
        self.login_dialog: LoginDialog | None = None
        if demo_mode:
            # The embedded hub's modules (FastAPI, pydantic: hundreds of them) are imported
            # here, on the main thread before any worker thread starts: imported later while
            # a worker imported too, a frozen start failed once in CI with an ImportError
            # raised inside PySide6's import hook.
            import hub.embedded  # noqa: F401

    # -- start ---------------------------------------------------------------------------
    def open_storage(self) -> bool:
        locs = paths.get()
        keystore = self.keystore = KeyStore()
        if self.demo_mode:
            try:
                self.storage = demo.ensure_demo_profile(locs, keystore)
            except StorageError as exc:
                title, body = storage_refusal(exc, headless=self.headless)
                if not self.headless:
                    QMessageBox.critical(None, title, body)
                return False
        if self.storage is None:
            self.storage = obtain_storage(locs, keystore, headless=self.headless)
        return self.storage is not None

    def sign_in(self, unattended: bool = False) -> bool:
        """The login screen (pre-filled in demo mode); ``unattended`` signs in as the demo
        operator without a dialog (the screenshot run)."""
        assert self.storage is not None
        self.session = UserSession(self.storage)
        if unattended:
            result = self.session.login(demo.DEMO_USERNAME, demo.DEMO_PASSWORD).result(30)
            return bool(result.ok)
        dialog = LoginDialog(self.session)
        if self.demo_mode:
            dialog.username.setText(demo.DEMO_USERNAME)
            dialog.password.setFocus()
            dialog.message.setText(self.tr("Demo mode: the password is demo-password"))
        # Runs once the dialog's own loop is up, i.e. the window is on screen; scripted
        # start checks (tests/e2e/test_headless_run.py) wait for this line.
        QTimer.singleShot(0, lambda: log.info("sign-in window shown"))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def build_window(self) -> Shell:
        assert self.storage is not None and self.session is not None
        user = self.session.current
        assert user is not None
        storage = self.storage
        context = ClinicContext(
            db=storage.db,
            writer=storage.writer,
            blobs=storage.blobs,
            actor=user.actor(storage.device),
            temperature_unit=self.settings.temperature_unit,
        )
        workspace = SpokeWorkspace(context)
        self.capture = CapturePanel(storage.blobs, self.settings)
        camera = consult_camera.CameraPage(workspace.intake, self.capture, context, self.demo_mode)
        workspace.set_camera(
            camera_frames.frames_of(self.capture)
        )  # registration: photo and ABHA QR
        self.camera_page = camera
        self.bridge = SyncBridge()
        self.patient_names = PatientNames(context, workspace)  # goes with the window
        sync_page = SyncPage(self.bridge, names=self.patient_names.lookup)
        shell = build_shell(
            self.settings,
            facility=(lambda: self.tr("Demo spoke")) if self.demo_mode else "",
            pages=[
                ("patients", lambda: self.tr("Patients"), workspace),
                ("camera", lambda: self.tr("Camera"), camera),
                ("sync", lambda: self.tr("Sync"), sync_page),
            ],
        )
        window = shell.window
        window.set_user(f"{user.display_name} ({user.username})")
        workspace.start()
        self.workspace = workspace
        consult_camera.link(
            workspace.intake,
            self.capture,
            lambda text: window.statusBar().showMessage(text, 8000),
            context,
            self.on_work_queued,
        )
        shell.home.add_action("patients", lambda: self.tr("Find or register a patient"))
        shell.home.add_action("camera", lambda: self.tr("Camera and recording"))
        shell.home.add_action("sync", lambda: self.tr("Sync with the hub"))
        # The worklist: re-read from storage whenever Home is shown or a consult changed.
        self._context = context
        shell.home.open_consult.connect(self.on_open_consult)
        window.page_changed.connect(self.on_page_changed)
        workspace.intake.ready.connect(self.refresh_worklist)
        workspace.intake.autosaved.connect(self.refresh_worklist)
        workspace.intake.closed.connect(self.refresh_worklist)
        self.refresh_worklist()

        # Recording stays visible on every page, not only on the camera page.
        recording = RecordingIndicator()
        window.statusBar().addPermanentWidget(recording)
        self.capture.recording_state_changed.connect(recording.set_recording)
        self.capture.choice_changed.connect(self.on_camera_choice_changed)
        window.page_changed.connect(camera.on_page_changed)  # camera runs while shown
        camera.recover_interrupted(self.on_recordings_recovered, self.on_work_queued)

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
        self._lock = LockScreen(self.session, window)
        watcher.idle.connect(self._lock.on_idle)
        self._lock.logout_requested.connect(self.on_logout_requested)
        shell.settings_page.lock_requested.connect(self._lock.lock)
        shell.settings_page.sign_out_requested.connect(self.on_logout_requested)
        shell.settings_page.changed.connect(self.on_settings_changed)
        session_views.register_window(window)  # logout drops it and what it shows
        self.shell = shell
        self._start_sync(shell)
        return shell

    def _start_sync(self, shell: Shell) -> None:
        from desktop.sync.engine import SyncEngine

        assert self.storage is not None and self.bridge is not None
        self.engine = SyncEngine(
            self.storage.db,
            self.storage.writer,
            self.bridge.listener,
            ca_pem=self.settings.hub_ca_pem,
            blobs=self.storage.blobs,  # uploads pass the blob gate (checksum, hub key)
        )
        self.bridge.set_engine(self.engine)
        self.bridge.attach_indicator(shell.window.sync_indicator)
        # Hub news on every page: prescription banner + sound, the open consult's place.
        self.notifier = notify.install(
            shell.window, self.bridge, self.workspace, self.patient_names
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

        def show(items: list[daybook.WorkItem]) -> None:
            if self.shell is not None:  # dropped when signed out meanwhile
                self.shell.home.show_worklist(items)

        context.write(lambda s: daybook.worklist(s, context.actor)).success(show).run()

    @Slot(object)
    def on_settings_changed(self, new: Settings) -> None:
        """A changed idle time and temperature unit apply at once (the shell saves them)."""
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

    def on_work_queued(self) -> None:
        """New outbox rows (any thread): wake the sync engine instead of waiting for its poll."""
        engine = self.engine
        if engine is not None:
            engine.notify_new_work()

    @Slot()
    def on_camera_choice_changed(self) -> None:
        settings_mod.save(self.settings, paths.get().settings_file)

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
        if self.shell is None or self.bridge is None:
            return
        dialog = ConnectDialog(
            self.bridge, self.settings.hub_url, self.shell.window, self.settings.hub_ca_pem
        )

        def remember_ca(pem: str) -> None:
            self.settings.hub_ca_pem = pem
            settings_mod.save(self.settings, paths.get().settings_file)

        def remember_url() -> None:
            self.settings.hub_url = dialog.url.text().strip()
            settings_mod.save(self.settings, paths.get().settings_file)

        dialog.connected.connect(remember_url)
        dialog.ca_changed.connect(remember_ca)
        dialog.signed_in.connect(lambda: self.on_hub_signed_in(None))
        self._connect_dialog = dialog
        dialog.open()

    @Slot()
    def on_accounts(self) -> None:
        if self.shell is not None and self.session is not None:
            AccountsDialog(self.session, self.shell.window).open()

    @Slot()
    def on_about(self) -> None:
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
        self.login_dialog = dialog = LoginDialog(self.session)
        dialog.accepted.connect(self.on_signed_in_again)
        dialog.rejected.connect(self.on_sign_in_declined)
        dialog.open()
        self.session.logout().result(timeout=30)  # drops the window and its views
        window.hide()
        # Nothing may keep the window's pages (and their decrypted rows) alive after logout.
        self.shell = self.workspace = self._lock = self.notifier = self.patient_names = None
        self._context = self._watcher = None

    def _stop_window_workers(self) -> None:
        """What a signed-in window started: idle watch, camera, capture, sync engine (not the
        hub)."""
        if self._watcher is not None:
            self._watcher.stop()
        if self.camera_page is not None:
            self.camera_page.shutdown()
            self.camera_page = None
        if self.capture is not None:
            self.capture.stop_capture()
            self.capture = None
        if self.engine is not None:
            self.engine.stop()
            self.engine = None

    @Slot()
    def on_signed_in_again(self) -> None:
        self.login_dialog = None
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
        if self._watcher is not None:
            self._watcher.stop()  # no idle lock may fire once the database is closed
            self._watcher = None
        if self.camera_page is not None:
            self.camera_page.shutdown()  # players, then the devices
            self.camera_page = None
        if self.capture is not None:
            self.capture.stop_capture()
            self.capture = None
        if self.engine is not None:
            self.engine.stop()
            self.engine = None
        if self.hub is not None:
            self.hub.stop()
            self.hub = None
        if self.storage is not None:
            self.storage.close()
            self.storage = None
