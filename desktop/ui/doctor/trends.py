"""Small vital-sign trend charts (QtCharts) over a patient's earlier consults and this one:
blood pressure (systolic and diastolic), weight, random glucose and SpO₂."""

from __future__ import annotations

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QEvent, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.core.review_history import TrendPoint
from desktop.ui.doctor import review_texts as texts

# One chart per entry: its key and the vitals it draws.
CHARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bp", ("systolic", "diastolic")),
    ("weight", ("weight_kg",)),
    ("glucose", ("glucose_random",)),
    ("spo2", ("spo2",)),
)
COLOURS = {"systolic": "#b3261e", "diastolic": "#1f5fa8"}
DEFAULT_COLOUR = "#2e7d32"
CURRENT_COLOUR = "#e08a00"


def _ms(point: TrendPoint) -> float:
    return point.at.timestamp() * 1000


class TrendChart(QWidget):
    """One small chart; says so when there is nothing to draw."""

    def __init__(self, key: str, vitals: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"trend-{key}")
        self.key = key
        self.vitals = vitals
        self.chart = QChart()
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setVisible(len(vitals) > 1)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setBackgroundRoundness(0)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(180)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.series: dict[str, QLineSeries] = {}
        self.current: dict[str, QScatterSeries] = {}
        self._points: dict[str, tuple[TrendPoint, ...]] = {}
        self.set_points({})

    def set_points(self, points: dict[str, tuple[TrendPoint, ...]]) -> None:
        self._points = {name: points.get(name, ()) for name in self.vitals}
        self.chart.removeAllSeries()
        for axis in list(self.chart.axes()):
            self.chart.removeAxis(axis)
        self.series, self.current = {}, {}
        drawn = [p for name in self.vitals for p in self._points[name]]
        self.empty.setVisible(not drawn)
        if not drawn:
            self.retranslate()
            return
        x_axis = QDateTimeAxis()
        x_axis.setFormat("dd-MM-yy")
        x_axis.setTickCount(min(5, max(2, len({p.at.date() for p in drawn}))))
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%.0f")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for name in self.vitals:
            line = QLineSeries()
            line.setPen(QPen(QColor(COLOURS.get(name, DEFAULT_COLOUR)), 2))
            marks = QScatterSeries()
            marks.setMarkerSize(9)
            marks.setColor(QColor(CURRENT_COLOUR))
            marks.setBorderColor(QColor(CURRENT_COLOUR))
            line.setPointsVisible(True)
            for p in self._points[name]:
                line.append(_ms(p), p.value)
                if p.current:
                    marks.append(_ms(p), p.value)
            for s in (line, marks):
                self.chart.addSeries(s)
                s.attachAxis(x_axis)
                s.attachAxis(y_axis)
            self.chart.legend().markers(marks)[0].setVisible(False)
            self.series[name], self.current[name] = line, marks
        lo = min(p.value for p in drawn)
        hi = max(p.value for p in drawn)
        pad = max(1.0, (hi - lo) * 0.15)
        y_axis.setRange(lo - pad, hi + pad)
        y_axis.applyNiceNumbers()
        first, last = min(_ms(p) for p in drawn), max(_ms(p) for p in drawn)
        span = max(86_400_000.0, (last - first) * 0.05)
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(first - span)),
            QDateTime.fromMSecsSinceEpoch(int(last + span)),
        )
        self.retranslate()

    def point_values(self, name: str) -> list[float]:
        line = self.series.get(name)
        return [p.y() for p in line.points()] if line is not None else []

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        titles = {
            "bp": self.tr("Blood pressure (mmHg)"),
            "weight": self.tr("Weight (kg)"),
            "glucose": self.tr("Blood glucose (mg/dL)"),
            "spo2": self.tr("SpO₂ (%)"),
        }
        self.chart.setTitle(titles.get(self.key, self.key))
        self.empty.setText(self.tr("%1: no measurements yet.").replace("%1", titles[self.key]))
        for name, line in self.series.items():
            line.setName(texts.vital_label(name))


class TrendsView(QWidget):
    """The four trend charts in a grid; ``set_trends`` takes ``review_history.trends``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendsView")
        self.charts = {key: TrendChart(key, vitals) for key, vitals in CHARTS}
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("trendsNote")
        grid = QGridLayout()
        for i, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(grid, 1)
        self.retranslate()

    def set_trends(self, series: dict[str, tuple[TrendPoint, ...]]) -> None:
        for chart in self.charts.values():
            chart.set_points(series)

    def clear(self) -> None:
        self.set_trends({})

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.note.setText(
            self.tr("Earlier consults and this one; the orange mark is this consult.")
        )
