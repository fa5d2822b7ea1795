# SPDX-License-Identifier: MIT
"""The monthly report's outlook, after its figures: the cash-in forecast of the report's day
(a ReportLab chart: expected per week as bars, each week's P10-P90 range as an error bar, the
due-date forecast as a line; what is expected after the last week and what is not expected, in
words) and the customers most likely to pay late, with their reasons.

The figures arrive made (:class:`Outlook`, filled by :mod:`arapp.services.monthly_report`
from the forecast and the risk model); nothing is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, PolyLine
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from arapp.domain.forecast import ForecastWeek
from arapp.formatting import format_date, format_figure
from arapp.pdf.cells import Label, line
from arapp.pdf.report import ReportColumn, data_table
from arapp.pdf.styles import styles

__all__ = ["Outlook", "RiskEntry", "outlook_story"]

EXPECTED, DUE, RANGE = (
    colors.HexColor("#2e9e5b"),
    colors.HexColor("#e69138"),
    colors.HexColor("#555555"),
)
CHART_HEIGHT = 62 * mm


@dataclass(frozen=True)
class RiskEntry:
    """One customer of the top risks.

    Attributes:
        name, code: Who (user text).
        owed: What is open of their invoices on the day.
        score: The chance in percent that their next invoice is paid late.
        segment: Their segment in words (``"slow"``).
        reasons: The score's reasons in words.
    """

    name: str
    code: str
    owed: Decimal
    score: float
    segment: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Outlook:
    """The forecast and the top risks of the report's day.

    Attributes:
        weeks: The forecast's weeks (empty: nothing open).
        later: Expected after the last week.
        disputed, agency: Open but not expected (in a dispute; with the collections agency).
        risks: The customers owing something most likely to pay late, highest score first.
        backtest: The risk score's back-test in one sentence ("" when untested).
    """

    weeks: tuple[ForecastWeek, ...]
    later: Decimal
    disputed: Decimal
    agency: Decimal
    risks: tuple[RiskEntry, ...]
    backtest: str = ""


def outlook_story(outlook: Outlook, width: float, currency: str, locale: str) -> list[Flowable]:
    """The outlook's flowables: the forecast chart and its words, then the top risks."""
    st = styles()

    def money(amount: Decimal) -> str:
        return format_figure(amount, "money", currency, locale)

    story: list[Flowable] = [
        CondPageBreak(CHART_HEIGHT + 24 * mm),
        Spacer(1, 4 * mm),
        Label(f"Cash expected in the next {len(outlook.weeks) or 8} weeks", st.label),
        Spacer(1, 1 * mm),
    ]
    if outlook.weeks:
        story.append(_forecast_chart(outlook.weeks, width, locale))
        words = f"Expected after these {len(outlook.weeks)} weeks: {money(outlook.later)}."
        parts = []
        if outlook.disputed:
            parts.append(f"{money(outlook.disputed)} in dispute")
        if outlook.agency:
            parts.append(f"{money(outlook.agency)} with the collections agency")
        if parts:
            words += f" Not expected: {' and '.join(parts)}."
        else:
            words += " Everything open is expected some day (no dispute, nothing with the agency)."
        words += " Each week starts on the day under its bar."
        story.append(line(words, st.muted, width))
    else:
        story.append(line("Nothing is open on this day: no receipts to expect.", st.muted, width))
    story += [
        CondPageBreak(40 * mm),
        Spacer(1, 5 * mm),
        Label("Most likely to pay late", st.label),
        Spacer(1, 1 * mm),
    ]
    if not outlook.risks:
        story.append(line("Nobody owes anything on this day.", st.muted, width))
        return story
    columns = (
        ReportColumn("Customer", 1.6),
        ReportColumn("Owes", 1.0, numeric=True),
        ReportColumn("Risk", 0.55, numeric=True),
        ReportColumn("Segment", 0.9),
        ReportColumn("Why", 3.6),
    )
    rows = [
        (f"{r.name} ({r.code})", r.owed, f"{r.score:.0f}%", r.segment, "; ".join(r.reasons))
        for r in outlook.risks
    ]
    story.append(data_table(columns, rows, width, st, currency=currency, locale=locale))
    risk = "Risk: the chance that the customer's next invoice is paid more than a week late."
    story += [Spacer(1, 1 * mm), line(risk, st.muted, width)]
    if outlook.backtest:
        story.append(line(outlook.backtest, st.muted, width))
    return story


def _forecast_chart(weeks: tuple[ForecastWeek, ...], width: float, locale: str) -> Drawing:
    drawing = Drawing(width, CHART_HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y = round(18 * mm), round(12 * mm)
    chart.width, chart.height = round(width - 60 * mm), round(CHART_HEIGHT - 18 * mm)
    chart.data = [[float(w.expected) for w in weeks]]
    chart.bars[0].fillColor = EXPECTED
    chart.bars.strokeColor = None
    chart.barWidth = 6
    chart.groupSpacing = 8
    top = max(float(max(w.high, w.expected, w.due_date_forecast)) for w in weeks)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.08 if top > 0 else 1
    font = styles().regular
    chart.categoryAxis.categoryNames = [format_date(w.start, locale, "MMM d") for w in weeks]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    drawing.add(chart)

    def x_of(index: int) -> float:
        step = chart.width / len(weeks)
        return float(chart.x) + step * (index + 0.5)

    span = chart.valueAxis.valueMax - chart.valueAxis.valueMin

    def y_of(value: Decimal) -> float:
        return float(chart.y) + chart.height * float(value) / span

    for index, week in enumerate(weeks):  # the P10-P90 range: an error bar
        x, low, high = x_of(index), y_of(week.low), y_of(week.high)
        for a, b in (((x, low), (x, high)), ((x - 3, low), (x + 3, low))):
            drawing.add(Line(*a, *b, strokeColor=RANGE, strokeWidth=0.8))
        drawing.add(Line(x - 3, high, x + 3, high, strokeColor=RANGE, strokeWidth=0.8))
    points: list[float] = []
    for index, week in enumerate(weeks):
        points += [x_of(index), y_of(week.due_date_forecast)]
    drawing.add(PolyLine(points, strokeColor=DUE, strokeWidth=1.5))
    legend = Legend()
    legend.x, legend.y = round(width - 40 * mm), round(CHART_HEIGHT - 6 * mm)
    legend.fontName = font
    legend.fontSize = 7
    legend.alignment = "right"
    legend.colorNamePairs = [
        (EXPECTED, "Expected"),
        (RANGE, "Likely range (10%-90%)"),
        (DUE, "If paid on due date"),
    ]
    drawing.add(legend)
    return drawing
