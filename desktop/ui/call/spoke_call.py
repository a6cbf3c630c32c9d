"""The spoke's side of a video consult: the consult screen's *Video call with the doctor*
opens the call window with the patient summary beside the video; when the doctor calls (the
hub's bell), the app rings on every page and the consult screen's button says who calls;
Accept opens the consult and its call window and answers. The hub's address and token come
from the sync engine's hub client."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtMultimedia import QAudioDevice
from PySide6.QtWidgets import QApplication, QMainWindow, QToolBar, QWidget

from desktop import logs
from desktop.media.camera_service import CameraService
from desktop.settings import Settings
from desktop.ui.call.consult_button import CallButton
from desktop.ui.call.ring import CallBell, RingBanner, RingTone
from desktop.ui.consult.binding import ConsultView
from desktop.ui.tasks import Operation
from protocol.ids import local_id, wire_id

if TYPE_CHECKING:  # the call window loads WebRTC: only when a call starts
    from desktop.services.settings import SettingsService
    from desktop.ui.call.call_window import CallWindow
    from desktop.ui.call.devices_menu import CameraOption, DevicesMenu
    from desktop.ui.call.launcher import CallLauncher
    from desktop.ui.call.precheck_dialog import PrecheckDialog

log = logs.get("ui")


class HubNotConnected(ConnectionError):
    """The clinic is not connected to a hub (no hub client yet)."""


def hub_access(owner: Callable[[], Any]) -> Callable[[], tuple[str, str]]:
    """(base URL, access token) of the hub client of ``owner()`` (the sync engine, the
    doctor's API); blocking (a token refresh)."""

    def access() -> tuple[str, str]:
        client = getattr(owner(), "client", None)
        if client is None:
            raise HubNotConnected
        return str(client.base_url), str(client.access_token())

    return access


def spoke_launcher(engine: Callable[[], Any], camera: CameraService) -> CallLauncher:
    from desktop.ui.call.call_window import Side
    from desktop.ui.call.launcher import CallLauncher

    return CallLauncher(Side.SPOKE, hub_access(engine), camera)


def open_for_consult(
    launcher: CallLauncher,
    view: ConsultView,
    today: Callable[[], date],
    doctor: str = "",
    answer: bool = False,
) -> CallWindow:
    """The bound consult's call window, the patient summary beside the video; ``answer``:
    the operator already accepted (the doctor's call is answered as soon as it arrives)."""
    from desktop.ui.consult.patient_summary import PatientSummary

    summary = PatientSummary(today)
    summary.show_patient(view.patient, view.consult.allergies)
    return launcher.open_call(
        wire_id(view.consult.id), doctor, view.patient.full_name, summary, answer=answer
    )


PatientOf = Callable[[str], "Future[Any]"]  # local consult id -> OpenedPatient | None


class SpokeCalls(QObject):
    """The spoke's calls for one signed-in window: the bell, its banner (a tool bar above
    every page) and ring tone, the consult screen's button, the launcher (made on the first
    call). ``shutdown()`` at sign-out."""

    def __init__(
        self,
        engine: Callable[[], Any],
        camera: CameraService,
        window: QMainWindow,
        button: CallButton,
        today: Callable[[], date],
        patient_of: PatientOf,
        open_consult: Callable[[str], None],
        settings: SettingsService | None = None,
        cameras: Callable[[], list[CameraOption]] | None = None,
        wire: Callable[[CallLauncher], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.settings = settings
        self.cameras = cameras  # None: the PC's cameras (QMediaDevices)
        self.wire = wire  # the call's extras (still, recording) on the launcher once made
        self.engine = engine
        self.camera = camera
        self.button = button
        self.today = today
        self.patient_of = patient_of
        self.open_consult = open_consult
        self.launcher: CallLauncher | None = None
        self._answer = ""  # a consult accepted from the banner, answered once it is shown
        self.last_precheck: PrecheckDialog | None = None
        self.bell = CallBell(self)
        self.tone = RingTone(self, self._sound_output)
        self.banner = RingBanner()
        self.bar = QToolBar()
        self.bar.setObjectName("ringBar")
        self.bar.setMovable(False)
        self.bar.setFloatable(False)
        self.bar.addWidget(self.banner)
        self.bar.setVisible(False)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bell.ringing.connect(self.on_ringing)
        self.bell.stopped.connect(self.on_stopped)
        self.bell.ringing.connect(button.on_ringing)
        self.bell.stopped.connect(button.on_stopped)
        self.banner.accepted.connect(self.on_banner_accepted)
        button.call_requested.connect(self.on_call_requested)
        button.check.clicked.connect(self.on_check_requested)
        button.bound.connect(self.on_bound)

    def start(self) -> None:
        self.bell.start(hub_access(self.engine))

    def _sound_output(self) -> QAudioDevice | None:
        """The ring plays where the call's sound goes (the saved speaker or headset)."""
        from desktop.ui.call.devices_menu import saved_output, sound_outputs

        return saved_output(self.settings.current, sound_outputs()) if self.settings else None

    # -- the ring ---------------------------------------------------------------------------
    @Slot(str, str)
    def on_ringing(self, consult: str, doctor: str) -> None:
        self.tone.start()
        self.banner.show_call(consult, doctor, "")
        self.bar.setVisible(True)
        QApplication.alert(self.bar.window())  # the taskbar flashes while the app is behind
        window = self._window_of(consult)
        if window is not None and doctor:
            window.set_names(doctor, window.patient_name)

        def named(found: Any) -> None:
            if found is not None and self.bell.calls.get(consult) == doctor:
                self.banner.show_call(consult, doctor, found.patient.full_name)

        Operation.from_future(self.patient_of(local_id(consult))).success(named).failure(
            lambda exc: log.info("ringing consult not found here: %s", type(exc).__name__)
        ).run()

    @Slot(str)
    def on_stopped(self, consult: str) -> None:
        self.banner.hide_call(consult)
        if self.bell.calls:  # another call still rings: show it
            other, doctor = next(iter(self.bell.calls.items()))
            self.on_ringing(other, doctor)
            return
        self.bar.setVisible(False)
        self.tone.stop()

    @Slot(str)
    def on_banner_accepted(self, consult: str) -> None:
        """Accept on the banner: the consult screen opens on that consult, and its call is
        answered once the consult is shown (``on_bound``)."""
        self._answer = consult
        self.open_consult(local_id(consult))

    @Slot(object)
    def on_bound(self, view: ConsultView | None) -> None:
        if view is not None and self._answer and wire_id(view.consult.id) == self._answer:
            self._answer = ""
            self.on_call_requested(view)

    # -- calls --------------------------------------------------------------------------------
    @Slot(object)
    def on_call_requested(self, view: ConsultView) -> None:
        consult = wire_id(view.consult.id)
        answer = consult in self.bell.calls  # pressed while the doctor calls: answered
        if answer:
            self.bell.answered_here(consult)
        if self.launcher is None:
            self.launcher = spoke_launcher(self.engine, self.camera)
            self.launcher.devices = self.devices_menu
            if self.wire is not None:
                self.wire(self.launcher)
        doctor = self.bell.doctors.get(consult, "")
        open_for_consult(self.launcher, view, self.today, doctor, answer)

    def devices_menu(self, window: CallWindow) -> DevicesMenu:
        """The call window's devices: cameras, sound output (saved), the pre-call check."""
        from desktop.ui.call.devices_menu import DevicesMenu, camera_options

        store = self.settings
        current = store.current if store is not None else Settings()
        cameras = self.cameras() if self.cameras is not None else camera_options(current)

        def save() -> None:
            if store is not None:
                store.apply()

        def check() -> None:
            self.precheck(window)

        return DevicesMenu(self.camera, cameras, window.speaker, current, save, precheck=check)

    @Slot()
    def on_check_requested(self) -> None:
        """The consult screen's pre-call check (before the call window is opened)."""
        self.precheck(self.button.window())

    def precheck(self, parent: QWidget | None = None) -> PrecheckDialog:
        """The pre-call check, non-modal over ``parent``."""
        from desktop.ui.call.precheck_dialog import PrecheckDialog

        dialog = PrecheckDialog(self.camera, hub_access(self.engine), parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.start()
        self.last_precheck = dialog
        return dialog

    def _window_of(self, consult: str) -> CallWindow | None:
        if self.launcher is None or consult not in self.launcher.calls:
            return None
        return self.launcher.calls[consult][0]

    @Slot()
    def shutdown(self) -> None:
        self.bell.stop()
        self.tone.stop()
        if self.launcher is not None:
            self.launcher.shutdown()
            self.launcher = None
