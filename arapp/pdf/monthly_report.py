# SPDX-License-Identifier: MIT
"""The monthly receivables report as PDF: the Insight tab's figures and charts on paper.

Page one: the KPIs as of the month's last day (or the day asked for, in the current month)
beside the same figures a period before; the aging buckets of that day; then the charts
(ReportLab graphics): invoiced and collected per month, aging at each month end (stacked),
days sales outstanding; and the months as a table. The figures come from
:mod:`arapp.domain.insight` as the tab shows them; nothing is computed here but the change.
Then the outlook (:mod:`arapp.pdf.monthly_outlook`): the cash-in forecast chart and the top
risks with their reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from arapp.domain.aging import AgingBucket
from arapp.domain.insight import TILES, InsightFirst, InsightMonths, TileUnit, month_label
from arapp.formatting import format_date, format_figure
from arapp.pdf.cells import Label, line
from arapp.pdf.monthly_outlook import Outlook, outlook_story
from arapp.pdf.report import ReportColumn, data_table, render_pages
from arapp.pdf.styles import styles
from arapp.pdf.text import markup

__all__ = ["MonthlyReport", "render_monthly_report"]

_PAGE_SIZES = {"a4": A4, "letter": LETTER}
_MARGIN = 15 * mm
INVOICED, COLLECTED = colors.HexColor("#4f81bd"), colors.HexColor("#2e9e5b")
AGING_COLOURS = tuple(
    colors.HexColor(c) for c in ("#6aa84f", "#f1c232", "#e69138", "#cc4125", "#85200c")
)
CHART_HEIGHT = 58 * mm


@dataclass(frozen=True)
class MonthlyReport:
    """What the report prints.

    Attributes:
        company: The company's name (user text).
        first: The KPIs as of the report's day and a period before.
        months: The months up to the report's month.
        locale: The locale of amounts and dates.
        paper_size: ``"a4"`` or ``"letter"``.
        footer: Free text at the foot of each page.
        outlook: The cash-in forecast and the top risks of the day (``None``: left out).
    """

    company: str
    first: InsightFirst
    months: InsightMonths
    locale: str = "en_US"
    paper_size: str = "a4"
    footer: str = ""
    outlook: Outlook | None = None


def render_monthly_report(report: MonthlyReport) -> bytes:
    """The report as the bytes of a PDF file."""
    st = styles()
    size = _PAGE_SIZES.get(report.paper_size, A4)
    width = size[0] - 2 * _MARGIN
    first = report.first
    month = month_label(first.as_of.replace(day=1))
    title = f"Monthly receivables report: {month}"
    day = format_date(first.as_of, report.locale)
    story: list[Flowable] = []
    if report.company.strip():
        story += [line(report.company, st.label, width), Spacer(1, 1 * mm)]
    story.append(
        Label(
            title,
            ParagraphStyle(
                "monthly_title", parent=st.title, fontSize=18, leading=22, alignment=TA_LEFT
            ),
        )
    )
    story += [
        Spacer(1, 1 * mm),
        line(
            f"As of {day} · KPIs over the {first.period_days} days before · {first.currency}",
            st.muted,
            width,
        ),
        Spacer(1, 5 * mm),
        _kpi_table(report, width),
        Spacer(1, 5 * mm),
        _aging_table(report, width),
    ]
    months = report.months.months
    if any(m.invoiced or m.collected or m.aging.total for m in months):
        for heading, drawing in (
            ("Invoiced and collected per month", _bars(report, width)),
            ("Aging at each month end", _aging_chart(report, width)),
            ("Days sales outstanding at each month end", _dso_chart(report, width)),
        ):
            story += [
                CondPageBreak(CHART_HEIGHT + 14 * mm),
                Spacer(1, 4 * mm),
                Label(heading, st.label),
                Spacer(1, 1 * mm),
                drawing,
            ]
        story += [CondPageBreak(40 * mm), Spacer(1, 4 * mm), _months_table(report, width)]
    else:
        story += [
            Spacer(1, 5 * mm),
            line("No invoice or payment yet in these months.", st.muted, width),
        ]
    if report.outlook is not None:
        story += outlook_story(report.outlook, width, first.currency, report.locale)
    return render_pages(
        story,
        page_size=size,
        title=title,
        author=report.company,
        subject=f"Receivables as of {first.as_of.isoformat()}",
        footer=report.footer,
        running_header=markup(f"{report.company} · {title}"),
    )


def _figure(report: MonthlyReport, value: Decimal | None, unit: TileUnit, empty: str) -> str:
    if value is None:
        return f"— ({empty})" if empty else "—"
    return format_figure(value, unit.value, report.first.currency, report.locale)


def _kpi_table(report: MonthlyReport, width: float) -> Flowable:
    first = report.first
    assert first.before is not None, "the report compares with a period before"
    then = format_date(first.before.as_of, report.locale)
    now = format_date(first.as_of, report.locale)
    rows = []
    for tile in TILES:
        a, b = tile.value(first.now), tile.value(first.before)
        change = "" if a is None or b is None else _signed(report, a - b, tile.unit)
        rows.append(
            (
                tile.label,
                _figure(report, a, tile.unit, tile.empty),
                _figure(report, b, tile.unit, tile.empty),
                change,
            )
        )
    columns = (
        ReportColumn("Figure", 2.2),
        ReportColumn(f"As of {now}", 1.3, numeric=True),
        ReportColumn(f"As of {then}", 1.3, numeric=True),
        ReportColumn("Change", 1.2, numeric=True),
    )
    return data_table(columns, rows, width, styles(), currency=first.currency, locale=report.locale)


def _signed(report: MonthlyReport, delta: Decimal, unit: TileUnit) -> str:
    if delta == 0:
        return "unchanged"
    shown = format_figure(abs(delta), unit.value, report.first.currency, report.locale)
    if unit is TileUnit.PERCENT:
        shown = shown.replace(" %", " points")
    return f"{'+' if delta > 0 else '−'}{shown}"


def _aging_table(report: MonthlyReport, width: float) -> Flowable:
    row = report.months.months[-1].aging if report.months.months else None
    buckets = tuple(row.buckets) if row is not None else (Decimal(0),) * len(AgingBucket)
    total = row.total if row is not None else Decimal(0)
    columns = (
        ReportColumn("Aging (days past due)", 1.6),
        # The report is in English throughout (for now), whatever the window's language.
        *(ReportColumn(b.english_label, 1.0, numeric=True) for b in AgingBucket),
        ReportColumn("Total", 1.1, numeric=True),
    )
    when = format_date(report.months.as_of, report.locale)
    return data_table(
        columns,
        [(f"Owed on {when}", *buckets, total)],
        width,
        styles(),
        currency=report.first.currency,
        locale=report.locale,
    )


def _months_table(report: MonthlyReport, width: float) -> Flowable:
    columns = (
        ReportColumn("Month", 1.2),
        ReportColumn("Invoiced", 1.2, numeric=True),
        ReportColumn("Collected", 1.2, numeric=True),
        ReportColumn("Owed at its end", 1.3, numeric=True),
        ReportColumn("Overdue", 1.2, numeric=True),
        ReportColumn("DSO (days)", 0.9, numeric=True),
    )
    rows = [
        (
            month_label(m.first),
            m.invoiced,
            m.collected,
            m.aging.total,
            m.aging.overdue,
            "" if m.kpis.figures.dso is None else f"{m.kpis.figures.dso:.1f}",
        )
        for m in report.months.months
    ]
    return data_table(
        columns, rows, width, styles(), currency=report.first.currency, locale=report.locale
    )


def _labels(report: MonthlyReport) -> list[str]:
    """Month axis labels: every month abbreviated, the year at January and at the first."""
    out = []
    for index, month in enumerate(report.months.months):
        name = month_label(month.first)
        out.append(f"{name[:3]} {name[-2:]}" if index == 0 or month.first.month == 1 else name[:3])
    return out


def _drawing(width: float) -> Drawing:
    return Drawing(width, CHART_HEIGHT)


def _style_axes(chart: VerticalBarChart | HorizontalLineChart, report: MonthlyReport) -> None:
    font = styles().regular
    chart.categoryAxis.categoryNames = _labels(report)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 90
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dy = -2
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.forceZero = True
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"


def _place(chart: VerticalBarChart | HorizontalLineChart, width: float) -> None:
    # whole points: the chart's geometry is typed so, and a point is fine enough
    chart.x, chart.y = round(16 * mm), round(16 * mm)
    chart.width, chart.height = round(width - 52 * mm), round(CHART_HEIGHT - 20 * mm)


def _legend(drawing: Drawing, pairs: list[tuple[colors.Color, str]], width: float) -> None:
    legend = Legend()
    legend.x, legend.y = round(width - 30 * mm), round(CHART_HEIGHT - 6 * mm)
    legend.fontName = styles().regular
    legend.fontSize = 7
    legend.alignment = "right"
    legend.colorNamePairs = pairs
    drawing.add(legend)


def _bars(report: MonthlyReport, width: float) -> Drawing:
    drawing = _drawing(width)
    chart = VerticalBarChart()
    _place(chart, width)
    months = report.months.months
    chart.data = [
        [float(m.invoiced) for m in months],
        [float(m.collected) for m in months],
    ]
    chart.bars[0].fillColor, chart.bars[1].fillColor = INVOICED, COLLECTED
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    _style_axes(chart, report)
    drawing.add(chart)
    _legend(drawing, [(INVOICED, "Invoiced"), (COLLECTED, "Collected")], width)
    return drawing


def _aging_chart(report: MonthlyReport, width: float) -> Drawing:
    drawing = _drawing(width)
    chart = VerticalBarChart()
    _place(chart, width)
    months = report.months.months
    chart.data = [[float(m.aging[b]) for m in months] for b in AgingBucket]
    chart.categoryAxis.style = "stacked"
    for index, colour in enumerate(AGING_COLOURS):
        chart.bars[index].fillColor = colour
    chart.bars.strokeColor = None
    _style_axes(chart, report)
    drawing.add(chart)
    keys = [(c, b.english_label) for c, b in zip(AGING_COLOURS, AgingBucket, strict=True)]
    _legend(drawing, keys, width)
    return drawing


def _dso_chart(report: MonthlyReport, width: float) -> Drawing:
    drawing = _drawing(width)
    months = report.months.months
    dso = [m.kpis.figures.dso for m in months]
    best = [m.kpis.figures.best_possible_dso for m in months]
    if all(v is None for v in dso):
        drawing.add(
            String(
                0,
                CHART_HEIGHT / 2,
                "No sales in these months: no DSO.",
                fontName=styles().regular,
                fontSize=9,
            )
        )
        return drawing
    chart = HorizontalLineChart()
    _place(chart, width)
    chart.data = [
        [None if v is None else float(v) for v in dso],
        [None if v is None else float(v) for v in best],
    ]
    chart.lines[0].strokeColor, chart.lines[1].strokeColor = INVOICED, COLLECTED
    chart.lines.strokeWidth = 1.5
    _style_axes(chart, report)
    chart.valueAxis.labelTextFormat = "%.0f"
    drawing.add(chart)
    _legend(drawing, [(INVOICED, "DSO"), (COLLECTED, "Best possible DSO")], width)
    return drawing
