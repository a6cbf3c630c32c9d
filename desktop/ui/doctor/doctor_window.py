"""The hub doctor's window: Home (the doctor's day), Queue, Review and Settings, built by
the shell; none of the operator's pages. Opening a consult fetches it through the service
(cached encrypted) and shows it on the Review page (``ConsultReviewHost`` around
``ReviewPage``: media re-encrypted for this PC, the patient's history, Complete)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Slot
from PySide6.QtWidgets import QPushButton

from desktop.changes import ChangeBus
from desktop.services.accounts import caches
from desktop.services.doctor import DoctorService, OpenedConsult
from desktop.services.prescribing import PrescribingService, prescribing_for
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.ui.doctor.consult_host import ConsultReviewHost
from desktop.ui.doctor.doctor_home import DoctorHomePage
from desktop.ui.doctor.prescribe_dialog import PrescribeDialog, open_prescribe
from desktop.ui.doctor.queue_notify import OfferNotifier
from desktop.ui.doctor.queue_page import QueuePage
from desktop.ui.reports.doctor_dashboard import DoctorDashboardPanel, utc_offset_minutes
from desktop.ui.shell import Shell, build_shell
from desktop.ui.tasks import Operation

if TYPE_CHECKING:
    from desktop.ui.call.launcher import CallLauncher

REVIEW_CACHE = "doctor-review"


class PrescribeButton(QPushButton):
    """The review's "Prescribe…" (its text follows the language)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reviewPrescribe")
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(QCoreApplication.translate("DoctorWindow", "Prescribe…"))


class DoctorWindow(QObject):
    """The doctor's pages and what links them. Signals: none of its own."""

    def __init__(
        self,
        settings: Settings,
        service: DoctorService,
        bus: ChangeBus,
        store: SettingsService | None = None,
        prescribing: PrescribingService | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.prescribing = prescribing or prescribing_for(service, bus)
        self.prescribe_dialog: PrescribeDialog | None = None
        account = service.account
        self.home = DoctorHomePage(account.username if account else "")
        self.queue = QueuePage(service, bus)
        self.review = ConsultReviewHost(service)
        self.prescribe_button = PrescribeButton()
        self.prescribe_button.setEnabled(False)
        self.prescribe_button.clicked.connect(self.on_prescribe)
        self.review.add_header_widget(self.prescribe_button)
        self.shell: Shell = build_shell(
            settings,
            pages=[
                ("queue", lambda: QCoreApplication.translate("DoctorWindow", "Queue"), self.queue),
                (
                    "review",
                    lambda: QCoreApplication.translate("DoctorWindow", "Review"),
                    self.review,
                ),
            ],
            store=store,
            home=self.home,
        )
        window = self.shell.window
        self.setParent(window)
        if account is not None:
            window.set_user(account.username)
        self.home.add_action(
            "queue",
            lambda: QCoreApplication.translate("DoctorWindow", "Open the consultation queue"),
        )
        self.notifier = OfferNotifier(window, lambda t: window.statusBar().showMessage(t, 15000))
        self.queue.offer_arrived.connect(self.notifier.on_offer_arrived)
        self.queue.refreshed.connect(self.on_queue_refreshed)
        # The day in numbers beside it (issue 17's panel), re-read when the queue moves.
        self.dashboard = DoctorDashboardPanel(lambda: service.day(utc_offset_minutes()))
        self.dashboard.setMinimumWidth(460)
        self.dashboard.setMaximumWidth(560)  # figures beside their labels, not a screen away
        self.home.add_side_panel(self.dashboard)
        self.home.work_row.addStretch(1)
        self.dashboard.open_queue.connect(lambda: window.show_page("queue"))
        self.queue.open_requested.connect(self.on_open_requested)
        self.review.completed.connect(self.on_review_completed)
        self.review.follow_queue(self.queue)
        self.review.page.call_requested.connect(self.on_call_requested)  # issue 16
        self._settings = settings
        self._calls: CallLauncher | None = None
        window.sync_indicator.set_state("online")
        caches.register(REVIEW_CACHE, self.review.clear)  # sign-out drops the open consult
        self.opened: OpenedConsult | None = None
        self._opening = ""  # the consult whose opening is awaited
        self._stopped = False

    def start(self) -> None:
        """Live queue: the hub's pushes are announced on the bus; first read now."""
        self.service.start_watch()
        self.queue.refresh()

    @Slot()
    def on_queue_refreshed(self) -> None:
        self.home.show_day(self.queue.model.items())
        if not self._stopped:
            self.dashboard.refresh()

    @Slot(str)
    def on_open_requested(self, consult_id: str) -> None:
        self._opening = consult_id
        self.opened = None
        self.prescribe_button.setEnabled(False)
        self.review.clear()
        self.shell.window.show_page("review")
        Operation.from_future(self.service.open_consult(consult_id)).success(self._opened).run()

    @Slot()
    def on_prescribe(self) -> None:
        """The prescribe dialog for the consult under review."""
        if self.opened is None:
            return
        self.prescribe_dialog = open_prescribe(
            self.shell.window, self.opened.consult_id, self.prescribing
        )

    def _opened(self, opened: OpenedConsult) -> None:
        if opened.consult_id != self._opening or self._stopped:
            return  # another consult was opened meanwhile: this one is not shown
        self.opened = opened
        self.prescribe_button.setEnabled(True)
        # Media come re-encrypted to this PC's key and are decrypted in memory only; the
        # history was read with the consult.
        self.review.show_consult(
            opened.consult_id, opened.bundle, opened.review, opened.history, opened.chat
        )

    @Slot(str)
    def on_review_completed(self, _consult_id: str) -> None:
        self.opened = None
        self.prescribe_button.setEnabled(False)
        self.shell.window.show_page("queue")

    @Slot(str)
    def on_call_requested(self, _consult_id: str) -> None:
        from desktop.ui.call import doctor_call, extras  # the call stack loads on the first call

        if self._calls is None:
            self._calls = doctor_call.doctor_launcher(self.service, self._settings)
            extras.wire_doctor(self._calls, self.review)  # the still, the recording notice
        account = self.service.account
        doctor_call.open_for_review(
            self._calls, self.review.page, account.username if account else ""
        )

    def stop(self) -> None:
        self._stopped = True
        if self._calls is not None:
            self._calls.shutdown()
        caches.unregister(REVIEW_CACHE, self.review.clear)
        self.queue.close_watch()
        self.notifier.close()
        self.service.stop_watch()
        self.prescribing.close()
