# SPDX-License-Identifier: MIT
"""The Insight tab's charts (QtCharts): invoiced and collected per month, aging at each month
end (stacked), the DSO trend, and a customer's days late. This module is imported when the
first chart is made, after the tiles are on screen (QtCharts takes a moment to load).

Every bar and point clicks through to the records behind it (see :class:`Drill`); the values
are drawn as floats, the only place they are (a pixel's height), never computed with.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from PySide6.QtCharts import (
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from arapp.domain.aging import AgingBucket
from arapp.domain.insight import InsightMonths, LatePoint, MonthFigures
from arapp.formatting import format_figure
from arapp.services.invoice_list import InvoiceStatusFilter
from arapp.ui.display import Display
from arapp.ui.insight.sections import Drill, DrillTo, InsightSection

#: Bar colours: invoiced, collected; the aging buckets from Current to 90+.
INVOICED, COLLECTED = QColor("#4f81bd"), QColor("#2e9e5b")
AGING_COLOURS = ("#6aa84f", "#f1c232", "#e69138", "#cc4125", "#85200c")
PAID_COLOUR, OPEN_COLOUR = QColor("#4f81bd"), QColor("#cc4125")
NO_MONTHS = "Nothing yet: no invoice or payment in the last 24 months."


def _short(month: MonthFigures) -> str:
    return f"{month.first:%b} {month.first:%y}"


def chart_view(chart: QChart, height: int = 260) -> QChartView:
    """A view of ``chart`` without margins or animation (redrawn at once on new figures)."""
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(height)
    view.setMinimumWidth(280)
    return view


def _value_axis(top: Decimal, bottom: Decimal = Decimal(0), form: str = "%.0f") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(float(bottom), float(top if top > bottom else bottom + 1))
    axis.setLabelFormat(form)
    axis.setTickCount(5)
    axis.applyNiceNumbers()
    return axis


def month_axis(labels: Sequence[str], every: int = 6) -> QCategoryAxis:
    """The x axis of ``len(labels)`` bars at 0, 1, 2…: every ``every``-th label (counted from
    the last, so the latest month is always named), upright; all would not fit."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, len(labels) - 0.5)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setStartValue(-0.5)
    last = len(labels) - 1
    for index, label in enumerate(labels):
        if (last - index) % every == 0:
            axis.append(label, float(index))
    axis.setGridLineVisible(False)
    font = axis.labelsFont()
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
    axis.setLabelsFont(font)
    return axis


class _MonthsSection(InsightSection):
    needs = ("months",)

    def __init__(self, title: str, display: Display, parent: QWidget | None = None) -> None:
        super().__init__(title, display, parent)
        self.months: InsightMonths | None = None
        self.chart = QChart()
        self.view = chart_view(self.chart)
        self.set_body(self.view)

    def money(self, amount: Decimal) -> str:
        assert self.months is not None
        return format_figure(amount, "money", self.months.currency, self.display.locale)

    def show_feed(self, name: str, result: object) -> None:
        assert isinstance(result, InsightMonths)
        self.months = result
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        if not any(self.has_figures(m) for m in result.months):
            self.nothing(NO_MONTHS)
            return
        self.draw(result)
        self.showing()

    def has_figures(self, month: MonthFigures) -> bool:
        return bool(month.invoiced or month.collected or month.aging.total)

    def draw(self, months: InsightMonths) -> None:
        raise NotImplementedError

    def attach(self, y: QValueAxis, *series: QBarSeries | QStackedBarSeries | QLineSeries) -> None:
        """Add ``series`` against the months (x) and ``y``."""
        assert self.months is not None
        x = month_axis([_short(m) for m in self.months.months])
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for one in series:
            self.chart.addSeries(one)
            one.attachAxis(x)
            one.attachAxis(y)


class MonthlyBarsSection(_MonthsSection):
    """Invoiced and collected per month; a bar opens the invoices issued (the payments
    received) in its month."""

    def __init__(self, display: Display, parent: QWidget | None = None) -> None:
        super().__init__("Invoiced and collected per month", display, parent)

    def draw(self, months: InsightMonths) -> None:
        invoiced, collected = QBarSet("Invoiced"), QBarSet("Collected")
        invoiced.setColor(INVOICED)
        collected.setColor(COLLECTED)
        for month in months.months:
            invoiced.append(float(month.invoiced))
            collected.append(float(month.collected))
        series = QBarSeries()
        series.setBarWidth(0.8)
        series.append(invoiced)
        series.append(collected)
        top = max(max(m.invoiced, m.collected) for m in months.months)
        self.attach(_value_axis(top), series)
        invoiced.clicked.connect(lambda i: self.drill.emit(self.drill_of(i, invoiced=True)))
        collected.clicked.connect(lambda i: self.drill.emit(self.drill_of(i, invoiced=False)))
        invoiced.hovered.connect(lambda on, i: self._tip(on, i, True))
        collected.hovered.connect(lambda on, i: self._tip(on, i, False))

    def drill_of(self, index: int, invoiced: bool) -> Drill:
        assert self.months is not None
        month = self.months.months[index]
        name = f"{month.first:%B %Y}"
        if invoiced:
            return Drill(
                DrillTo.INVOICES, InvoiceStatusFilter.ALL, month.first, month.last,
                f"the invoices issued in {name}",
            )  # fmt: skip
        return Drill(
            DrillTo.PAYMENTS, first=month.first, last=month.last,
            what=f"the payments received in {name}",
        )  # fmt: skip

    def _tip(self, on: bool, index: int, invoiced: bool) -> None:
        if not on or self.months is None:
            QToolTip.hideText()
            return
        month = self.months.months[index]
        amount = month.invoiced if invoiced else month.collected
        what = "Invoiced" if invoiced else "Collected"
        QToolTip.showText(
            self.cursor().pos(), f"{what} in {month.first:%B %Y}: {self.money(amount)}"
        )


class AgingSection(_MonthsSection):
    """The aging buckets at each month end, stacked; the last month's bars open the open
    (Current) or overdue invoices."""

    def __init__(self, display: Display, parent: QWidget | None = None) -> None:
        super().__init__("Aging at each month end", display, parent)

    def draw(self, months: InsightMonths) -> None:
        series = QStackedBarSeries()
        series.setBarWidth(0.7)
        for bucket, colour in zip(AgingBucket, AGING_COLOURS, strict=True):
            bars = QBarSet(bucket.label)
            bars.setColor(QColor(colour))
            for month in months.months:
                bars.append(float(month.aging[bucket]))
            bars.clicked.connect(lambda i, b=bucket: self._clicked(i, b))
            bars.hovered.connect(lambda on, i, b=bucket: self._tip(on, i, b))
            series.append(bars)
        top = max((m.aging.total for m in months.months), default=Decimal(0))
        # credit (negative) can outweigh what is owed in a bucket
        low = min((min(m.aging.buckets) for m in months.months), default=Decimal(0))
        self.attach(_value_axis(top, min(low, Decimal(0))), series)

    def drill_of(self, index: int, bucket: AgingBucket) -> Drill | None:
        """The invoices behind a bar of the last month (today's open or overdue invoices);
        the earlier months' are not kept, so their bars only say their amount."""
        assert self.months is not None
        if index != len(self.months.months) - 1:
            return None
        if bucket is AgingBucket.CURRENT:
            return Drill(DrillTo.INVOICES, InvoiceStatusFilter.OPEN, what="the open invoices")
        return Drill(DrillTo.INVOICES, InvoiceStatusFilter.OVERDUE, what="the overdue invoices")

    def _clicked(self, index: int, bucket: AgingBucket) -> None:
        drill = self.drill_of(index, bucket)
        if drill is not None:
            self.drill.emit(drill)

    def _tip(self, on: bool, index: int, bucket: AgingBucket) -> None:
        if not on or self.months is None:
            QToolTip.hideText()
            return
        month = self.months.months[index]
        QToolTip.showText(
            self.cursor().pos(),
            f"{bucket.label} on {self.display.date(month.last)}: {self.money(month.aging[bucket])}",
        )


class DsoSection(_MonthsSection):
    """DSO and best possible DSO at each month end; a point opens the invoices issued in the
    period its sales come from."""

    def __init__(self, display: Display, parent: QWidget | None = None) -> None:
        super().__init__("Days sales outstanding at each month end", display, parent)

    def has_figures(self, month: MonthFigures) -> bool:
        return month.kpis.figures.dso is not None

    def draw(self, months: InsightMonths) -> None:
        lines, top = [], Decimal(0)
        for name, colour, value in (
            ("DSO", INVOICED, lambda m: m.kpis.figures.dso),
            ("Best possible DSO", COLLECTED, lambda m: m.kpis.figures.best_possible_dso),
        ):
            line = QLineSeries()
            line.setName(name)
            line.setColor(colour)
            line.setPointsVisible(True)
            for index, month in enumerate(months.months):
                figure = value(month)
                if figure is not None:  # a month without sales has no DSO: no point
                    line.append(QPointF(float(index), float(figure)))
                    top = max(top, figure)
            line.clicked.connect(self._clicked)
            lines.append(line)
        self.attach(_value_axis(top), *lines)

    def drill_of(self, index: int) -> Drill:
        assert self.months is not None
        month = self.months.months[index]
        first = month.last - timedelta(days=self.months.period_days - 1)
        return Drill(
            DrillTo.INVOICES, InvoiceStatusFilter.ALL, first, month.last,
            f"the invoices issued in the {self.months.period_days} days to "
            f"{self.display.date(month.last)}",
        )  # fmt: skip

    def _clicked(self, point: QPointF) -> None:
        assert self.months is not None
        index = round(point.x())
        if 0 <= index < len(self.months.months):
            self.drill.emit(self.drill_of(index))


def _unique(labels: Sequence[str]) -> list[str]:
    """``labels`` made distinct (an axis drops a repeated label) with trailing spaces."""
    seen: set[str] = set()
    out = []
    for label in labels:
        while label in seen:
            label += " "
        seen.add(label)
        out.append(label)
    return out


def days_late_chart(points: Sequence[LatePoint]) -> QChart:
    """A customer's invoices by days late (paid ones, and open overdue ones so far)."""
    chart = QChart()
    paid, late = QBarSet("Paid: days after due date"), QBarSet("Open: days overdue so far")
    paid.setColor(PAID_COLOUR)
    late.setColor(OPEN_COLOUR)
    for point in points:
        paid.append(float(point.days) if point.paid else 0.0)
        late.append(0.0 if point.paid else float(point.days))
    series = QStackedBarSeries()
    series.append(paid)
    series.append(late)
    chart.addSeries(series)
    # axis labels are rich text: a number made by the company's pattern is escaped
    names = _unique([html.escape(p.number[-6:]) for p in points])
    x = month_axis(names, max(1, (len(points) + 3) // 4))
    days = [p.days for p in points] or [0]
    y = _value_axis(Decimal(max(max(days), 1)), Decimal(min(min(days), 0)))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    return chart
