# SPDX-License-Identifier: MIT
"""The Insight tab's cash-in forecast (QtCharts: imported when the section is made, after the
tiles): the receipts expected in each of the next weeks as bars, the P10-P90 range of each
week as an error bar, and the due-date forecast (every open invoice paid on its due date) as
a line; under it, what is expected after the last week and what is not expected at all.

A week's bar opens the open invoices: the invoice list filters by status and issue day, not
by due week, so it is all of them (the tooltip says so).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCharts import QBarSeries, QBarSet, QLineSeries
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from arapp.formatting import format_figure
from arapp.services.forecast import CashForecast
from arapp.services.invoice_list import InvoiceStatusFilter
from arapp.ui.display import Display
from arapp.ui.forms import plain_label
from arapp.ui.insight.charts import COLLECTED, _value_axis, chart_view, month_axis
from arapp.ui.insight.sections import Drill, DrillTo, InsightSection

RANGE_COLOUR, DUE_COLOUR = QColor("#555555"), QColor("#e69138")
NO_FORECAST = "Nothing is open on this day: no receipts to expect."
WEEK_DRILL = "the open invoices (the list cannot show one week's: it filters by issue day)"


class ForecastSection(InsightSection):
    """The cash-in forecast of the day chosen (see the module's docstring)."""

    needs = ("forecast",)
    span = 2

    def __init__(self, display: Display, parent: QWidget | None = None) -> None:
        super().__init__("Cash expected in the next weeks", display, parent)
        from PySide6.QtCharts import QChart

        self.forecast: CashForecast | None = None
        self.chart = QChart()
        self.view = chart_view(self.chart)
        self.after = plain_label("", wrap=True)
        self.after.setObjectName("forecastAfter")
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view, 1)
        column.addWidget(self.after)
        self.set_body(body)

    def money(self, amount: Decimal) -> str:
        assert self.forecast is not None
        return format_figure(amount, "money", self.forecast.currency, self.display.locale)

    def show_feed(self, name: str, result: object) -> None:
        assert isinstance(result, CashForecast)
        self.forecast = result
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        if not result.open_count:
            self.nothing(NO_FORECAST)
            return
        self.draw(result)
        self.after.setText(self.words(result))
        self.showing()

    def words(self, forecast: CashForecast) -> str:
        """What the bars leave out, in a sentence or two."""
        weeks = len(forecast.weeks)
        text = f"Expected after these {weeks} weeks: {self.money(forecast.later)}."
        parts = []
        if forecast.disputed_count:
            parts.append(f"{self.money(forecast.disputed)} in dispute")
        if forecast.agency_count:
            parts.append(f"{self.money(forecast.agency)} with the collections agency")
        if parts:
            text += f" Not expected: {' and '.join(parts)}."
        else:
            text += " Everything open is expected some day (no dispute, nothing with the agency)."
        return text

    def draw(self, forecast: CashForecast) -> None:
        weeks = forecast.weeks
        expected = QBarSet("Expected")
        expected.setColor(COLLECTED)
        for week in weeks:
            expected.append(float(week.expected))
        bars = QBarSeries()
        bars.setBarWidth(0.6)
        bars.append(expected)
        due = QLineSeries()
        due.setName("If paid on the due date")
        due.setPen(QPen(DUE_COLOUR, 2))
        due.setPointsVisible(True)
        ranges = []
        for index, week in enumerate(weeks):
            due.append(QPointF(float(index), float(week.due_date_forecast)))
            error = QLineSeries()
            error.setName("Likely range (10% to 90%)")
            error.setPen(QPen(RANGE_COLOUR, 2))
            for x in (index - 0.12, index + 0.12):  # an error bar: ⌶
                error.append(QPointF(x, float(week.low)))
            error.append(QPointF(float(index), float(week.low)))
            error.append(QPointF(float(index), float(week.high)))
            for x in (index - 0.12, index + 0.12):
                error.append(QPointF(x, float(week.high)))
            ranges.append(error)
        top = max(max(w.high, w.expected, w.due_date_forecast) for w in weeks)
        labels = [self.display.date(w.start) for w in weeks]
        x = month_axis([_short_day(w.start) for w in weeks], 1 if len(weeks) <= 8 else 2)
        y = _value_axis(top)
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, *ranges, due):
            self.chart.addSeries(series)
            series.attachAxis(x)
            series.attachAxis(y)
        for error in ranges[1:]:  # one legend entry for all the weeks' ranges
            for marker in self.chart.legend().markers(error):
                marker.setVisible(False)
        expected.clicked.connect(lambda _i: self.drill.emit(self.drill_of()))
        expected.hovered.connect(lambda on, i: self._tip(on, i, labels))

    def drill_of(self) -> Drill:
        return Drill(DrillTo.INVOICES, InvoiceStatusFilter.OPEN, what=WEEK_DRILL)

    def _tip(self, on: bool, index: int, labels: list[str]) -> None:
        if not on or self.forecast is None:
            QToolTip.hideText()
            return
        week = self.forecast.weeks[index]
        QToolTip.showText(
            self.cursor().pos(),
            f"Week of {labels[index]}: {self.money(week.expected)} expected "
            f"({self.money(week.low)} to {self.money(week.high)}); "
            f"{self.money(week.due_date_forecast)} falls due.\nClick: the open invoices.",
        )


def _short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


__all__ = ["ForecastSection"]
