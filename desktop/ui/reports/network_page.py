"""The network report (programme managers and admins): the per-state table of the public
eSanjeevani reports for a date range (the INDIA row first, or TOTAL for an account scoped to
some states), median waiting time per state, drill-down state -> district -> facility, the
biggest states as a bar chart and consultations per day as lines; export to CSV and to a
printable PDF. Figures come from the hub, loaded off the UI thread; loading shows progress
and can be cancelled."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QDate, QEvent, QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.report import CountRow, NetworkReport
from desktop.services.reports import Cancelled, NetworkReportService
from desktop.sync.errors import RejectedError
from desktop.ui import i18n
from desktop.ui.failure_report import failure_text
from desktop.ui.reports.charts import RENDER_HINT, daily_chart, top_states_chart
from desktop.ui.reports.pdf import write_report_pdf
from desktop.ui.reports.table_model import Line, ReportTableModel
from desktop.ui.tasks import Operation

TOP_STATES = 10


class NetworkReportPage(QWidget):
    """``service`` loads the figures; ``today`` is the clock (tests inject one)."""

    def __init__(
        self,
        service: NetworkReportService,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("networkReportPage")
        self._service = service
        self._today = today
        self._ticket = 0
        self._cancel: threading.Event | None = None
        self.report: NetworkReport | None = None
        self.path: list[str] = []  # [] = states, [state], [state, district]
        self._level: tuple[CountRow, ...] = ()  # the rows of a drill-down level shown

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.scope_label = QLabel()
        self.from_label, self.to_label = QLabel(), QLabel()
        self.since_edit, self.until_edit = QDateEdit(), QDateEdit()
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        now = today()
        self.since_edit.setDate(QDate(now.year, now.month, 1))
        self.until_edit.setDate(QDate(now.year, now.month, now.day))
        self.show_button = QPushButton()
        self.show_button.setDefault(True)
        self.csv_button, self.pdf_button = QPushButton(), QPushButton()
        self.show_button.clicked.connect(self.on_show_clicked)
        self.csv_button.clicked.connect(self.on_csv_clicked)
        self.pdf_button.clicked.connect(self.on_pdf_clicked)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the hub answers in one piece
        self.progress.setMaximumHeight(14)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.crumbs = QLabel()
        self.crumbs.setTextFormat(Qt.TextFormat.RichText)
        self.crumbs.linkActivated.connect(self.on_crumb)

        self.model = ReportTableModel()
        self.table = QTableView()
        self.table.setObjectName("networkTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.on_row_activated)
        self.table.doubleClicked.connect(self.on_row_activated)

        self.bars = QChartView()
        self.lines = QChartView()
        for view in (self.bars, self.lines):
            view.setRenderHint(RENDER_HINT)
            view.setMinimumSize(360, 220)

        controls = QHBoxLayout()
        for widget in (self.from_label, self.since_edit, self.to_label, self.until_edit):
            controls.addWidget(widget)
        controls.addWidget(self.show_button)
        controls.addStretch(1)
        controls.addWidget(self.csv_button)
        controls.addWidget(self.pdf_button)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        self.busy_row = QWidget()
        self.busy_row.setLayout(busy)
        charts = QVBoxLayout()
        charts.addWidget(self.bars, 1)
        charts.addWidget(self.lines, 1)
        left = QVBoxLayout()
        left.addWidget(self.crumbs)
        left.addWidget(self.table, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(charts, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.scope_label)
        layout.addLayout(controls)
        layout.addWidget(self.busy_row)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self._set_busy(False)
        self.message.hide()
        self.retranslate()

    # -- range ---------------------------------------------------------------------------
    def date_window(self) -> tuple[dt.datetime, dt.datetime]:
        """From the first day's local midnight to the midnight after the last day."""
        since = self.since_edit.date().toPython()
        until = self.until_edit.date().toPython()
        assert isinstance(since, dt.date) and isinstance(until, dt.date)
        if until < since:
            since, until = until, since
        start = dt.datetime.combine(since, dt.time()).astimezone()
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time()).astimezone()
        return start, end

    # -- loading -------------------------------------------------------------------------
    @Slot()
    def on_show_clicked(self) -> None:
        self.load()

    def load(self) -> Operation[NetworkReport]:
        """Load the report of the chosen range (the previous load's answer is dropped)."""
        if self._cancel is not None:
            self._cancel.set()
        self._ticket += 1
        ticket, cancel = self._ticket, threading.Event()
        self._cancel = cancel
        since, until = self.date_window()
        self._set_busy(True)
        self.message.hide()
        return (
            Operation(lambda: self._service.load(since, until, cancel))
            .success(lambda report: self._loaded(ticket, report))
            .failure(lambda exc: self._failed(ticket, exc))
            .run()
        )

    @Slot()
    def on_cancel_clicked(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        self._ticket += 1  # whatever arrives now is dropped
        self._set_busy(False)

    def _loaded(self, ticket: int, report: NetworkReport) -> None:
        if ticket != self._ticket:
            return
        self.report = report
        self._set_busy(False)
        self.path = []
        self._show_states()
        self._set_chart(self.bars, top_states_chart(report.table.biggest(TOP_STATES)))
        self._set_chart(self.lines, daily_chart(report.days))
        self.retranslate()

    def _failed(self, ticket: int, exc: BaseException) -> None:
        if ticket != self._ticket or isinstance(exc, Cancelled):
            return
        self._set_busy(False)
        if isinstance(exc, RejectedError) and exc.status == 403:
            text = self.tr("This report is outside the states or districts of your account.")
        else:
            text = failure_text(exc)
        self.message.setText(text)
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy_row.setVisible(busy)
        self.show_button.setEnabled(not busy)
        has_data = self.report is not None and not busy
        self.csv_button.setEnabled(has_data)
        self.pdf_button.setEnabled(has_data)

    @staticmethod
    def _set_chart(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()

    # -- levels --------------------------------------------------------------------------
    def _show_states(self) -> None:
        assert self.report is not None
        table = self.report.table
        lines = [
            Line(
                None,
                self._top_name(),
                table.top.total,
                table.top.ab_hwc,
                table.top.opd,
                None,
                drillable=False,
            ),  # fmt: skip
            *[
                Line(r.sr_no, r.state, r.total, r.ab_hwc, r.opd, self.report.wait_of(r.state))
                for r in table.rows
            ],
        ]
        self.model.show(lines, self.tr("State"), show_wait=True)
        self._crumbs()

    def _show_level(self, rows: tuple[CountRow, ...]) -> None:
        self._level = rows
        districts = len(self.path) == 1
        title = self.tr("District") if districts else self.tr("Facility")
        drillable = districts
        total = Line(
            None,
            self.tr("Total"),
            sum(r.total for r in rows),
            sum(r.hub_spoke for r in rows),
            sum(r.doctor_patient for r in rows),
            drillable=False,
        )
        lines = [total] + [
            Line(
                i,
                r.key or self.tr("(no district)"),
                r.total,
                r.hub_spoke,
                r.doctor_patient,
                drillable=drillable,
            )  # fmt: skip
            for i, r in enumerate(rows, start=1)
        ]
        self.model.show(lines, title, show_wait=False)
        self._crumbs()

    def _top_name(self) -> str:
        if self.report is not None and not self.report.table.whole_network:
            return self.tr("Total (your states)")
        return "INDIA"

    @Slot(QModelIndex)
    def on_row_activated(self, index: QModelIndex) -> None:
        if not index.isValid() or self.report is None:
            return
        line = self.model.line(index.row())
        if not line.drillable or len(self.path) >= 2:
            return
        self.drill([*self.path, line.name])

    def drill(self, path: list[str]) -> Operation[tuple[CountRow, ...]] | None:
        """Show ``path``: [] the states, [state] its districts, [state, district] its
        facilities."""
        if not path:
            self.path = []
            self._show_states()
            return None
        since, until = self.date_window()
        self._ticket += 1
        ticket = self._ticket
        self._set_busy(True)
        if len(path) == 1:
            state = path[0]

            def work() -> tuple[CountRow, ...]:
                return self._service.districts(state, since, until)

        else:
            state, district = path[0], path[1]

            def work() -> tuple[CountRow, ...]:
                return self._service.facilities(state, district, since, until)

        def shown(rows: tuple[CountRow, ...]) -> None:
            if ticket != self._ticket:
                return
            self._set_busy(False)
            self.path = list(path)
            self._show_level(rows)

        return Operation(work).success(shown).failure(lambda e: self._failed(ticket, e)).run()

    def _crumbs(self) -> None:
        parts = [f'<a href="0">{self._top_name()}</a>']
        for depth, name in enumerate(self.path, start=1):
            escaped = name.replace("&", "&amp;").replace("<", "&lt;")
            last = depth == len(self.path)
            parts.append(escaped if last else f'<a href="{depth}">{escaped}</a>')
        if not self.path:
            parts = [self._top_name()]
        self.crumbs.setText(" › ".join(parts))

    @Slot(str)
    def on_crumb(self, link: str) -> None:
        self.drill(self.path[: int(link)])

    # -- export --------------------------------------------------------------------------
    @Slot()
    def on_csv_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the table as CSV"), "consultations-by-state.csv", "CSV (*.csv)"
        )
        if name:
            self.export_csv(Path(name))

    def export_csv(self, path: Path) -> Operation[None] | None:
        if self.report is None:
            return None
        table = self.report.table
        return (
            Operation(lambda: self._service.export_csv(table, path))
            .failure(self._export_failed)
            .run()
        )

    @Slot()
    def on_pdf_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report as PDF"), "consultations-by-state.pdf", "PDF (*.pdf)"
        )
        if name:
            self.export_pdf(Path(name))

    def export_pdf(self, path: Path) -> bool:
        """A printable A4 report: the range, the table, the two charts (rendered by Qt, so
        Devanagari is shaped)."""
        if self.report is None:
            return False
        since, until = self.date_window()
        period = self.tr("%1 to %2").replace("%1", i18n.format_date(since.date()))
        period = period.replace("%2", i18n.format_date((until - dt.timedelta(days=1)).date()))
        rows = [
            [self.model.data(self.model.index(r, c)) for c in range(self.model.columnCount())]
            for r in range(self.model.rowCount())
        ]
        headers = [
            str(self.model.headerData(c, Qt.Orientation.Horizontal))
            for c in range(self.model.columnCount())
        ]
        ok = write_report_pdf(
            path,
            title=self.tr("Teleconsultations by state"),
            subtitle=period,
            headers=headers,
            rows=rows,
            charts=[self.bars.grab().toImage(), self.lines.grab().toImage()],
        )
        if not ok:
            self._export_failed(OSError("pdf"))
        return ok

    def _export_failed(self, exc: BaseException) -> None:
        self.message.setText(
            self.tr("The file could not be saved. Choose another folder and try again.")
        )
        self.message.show()

    # -- language ------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.tr("Network report"))
        if self.report is None:
            scope = self.tr("Choose a date range and press Show.")
        elif self.report.table.whole_network:
            scope = self.tr("All states")
        else:
            names = ", ".join(r.state for r in self.report.table.rows)
            scope = self.tr("Your states: %1").replace("%1", names or "—")
        self.scope_label.setText(scope)
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("To"))
        self.show_button.setText(self.tr("Show"))
        self.csv_button.setText(self.tr("Export CSV"))
        self.pdf_button.setText(self.tr("Save as PDF"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self.report is not None:
            if self.path:
                self._show_level(self._level)
            else:
                self._show_states()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
