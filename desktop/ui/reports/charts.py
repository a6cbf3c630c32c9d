"""The network report's charts (QtCharts): the biggest states as stacked bars by type, and
consultations per day by type as lines. Built from plain rows; they render offscreen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QDateTimeAxis,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter

from desktop.core.report import CountRow, StateRow

AB_HWC_COLOUR = QColor("#1f6f8b")
OPD_COLOUR = QColor("#e8a33d")
RENDER_HINT = QPainter.RenderHint.Antialiasing


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def top_states_chart(rows: Sequence[StateRow]) -> QChart:
    """Stacked horizontal bars, biggest state on top."""
    chart = _chart(QCoreApplication.translate("ReportCharts", "Biggest states"))
    ordered = list(reversed(rows))  # a horizontal bar chart draws its first category lowest
    ab, opd = (
        QBarSet(QCoreApplication.translate("ReportCharts", "Hub-and-spoke (AB-HWC)")),
        QBarSet(QCoreApplication.translate("ReportCharts", "OPD")),
    )
    ab.setColor(AB_HWC_COLOUR)
    opd.setColor(OPD_COLOUR)
    for row in ordered:
        ab.append(row.ab_hwc)
        opd.append(row.opd)
    series = QHorizontalStackedBarSeries()
    series.append(ab)
    series.append(opd)
    chart.addSeries(series)
    states = QBarCategoryAxis()
    states.append([row.state for row in ordered])
    counts = QValueAxis()
    counts.setLabelFormat("%d")
    counts.setRange(0, max([row.total for row in rows] + [1]))
    counts.applyNiceNumbers()
    chart.addAxis(states, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(states)
    series.attachAxis(counts)
    return chart


def _when(day: str) -> float:
    try:
        moment = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return 0.0
    return moment.timestamp() * 1000


def daily_chart(days: Sequence[CountRow]) -> QChart:
    """Consultations per day by type."""
    chart = _chart(QCoreApplication.translate("ReportCharts", "Consultations per day"))
    ab, opd = QLineSeries(), QLineSeries()
    ab.setName(QCoreApplication.translate("ReportCharts", "Hub-and-spoke (AB-HWC)"))
    opd.setName(QCoreApplication.translate("ReportCharts", "OPD"))
    ab.setColor(AB_HWC_COLOUR)
    opd.setColor(OPD_COLOUR)
    peak = 0
    for day in days:
        x = _when(day.key)
        ab.append(x, day.hub_spoke)
        opd.append(x, day.doctor_patient)
        peak = max(peak, day.hub_spoke, day.doctor_patient)
    chart.addSeries(ab)
    chart.addSeries(opd)
    axis_x = QDateTimeAxis()
    axis_x.setFormat("dd-MM")
    axis_x.setTickCount(min(max(len(days), 2), 8))
    if days:
        first, last = _when(days[0].key), _when(days[-1].key)
        axis_x.setRange(
            QDateTime.fromMSecsSinceEpoch(int(first)),
            QDateTime.fromMSecsSinceEpoch(int(max(last, first + 86_400_000))),
        )
    axis_y = QValueAxis()
    axis_y.setLabelFormat("%d")
    axis_y.setRange(0, max(peak, 1))
    axis_y.applyNiceNumbers()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for series in (ab, opd):
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
    return chart
