# SPDX-License-Identifier: MIT
"""``arapp report kpis``: collection KPIs as of a day, or their trend over 24 months.

CSV (the contract): header ``metric,value``, then one row per figure in the order of
:data:`arapp.domain.kpis.METRICS`, values with one decimal, an empty value where the figure is
empty. With ``--trend`` the CSV has one row per month: ``as_of`` and the same metrics as
columns.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from arapp.cli.output import print_table, write_csv
from arapp.domain.kpis import METRICS, KpiFigures
from arapp.formatting import format_amount
from arapp.services.context import AppContext
from arapp.services.kpis import KpiReport, kpi_report, kpi_trend

#: What each figure is called for a shop owner, its unit, and what an empty one means.
LABELS: dict[str, tuple[str, str, str]] = {
    "dso": ("Days sales outstanding (DSO)", "days", "no sales in the period"),
    "countback_dso": (
        "Countback DSO (days of the latest sales still owed)",
        "days",
        "no sales to count back",
    ),
    "best_possible_dso": (
        "Best possible DSO (only what is not yet due)",
        "days",
        "no sales in the period",
    ),
    "average_days_delinquent": (
        "Average days delinquent (DSO - best possible)",
        "days",
        "no sales in the period",
    ),
    "cei_percent": (
        "Collection effectiveness (CEI)",
        "%",
        "nothing was due to collect in the period",
    ),
    "overdue_percent": ("Share of receivables overdue", "%", "nothing is owed"),
    "average_days_to_pay": (
        "Average days from invoice to paid",
        "days",
        "no invoice was paid off in the period",
    ),
    "average_days_late": (
        "Average days paid after the due date",
        "days",
        "no invoice was paid off in the period",
    ),
}

#: Short column headings of the trend table.
_SHORT = ("DSO", "Countback", "Best", "Delinquent", "CEI %", "Overdue %", "To pay", "Late")


def _csv_value(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f}"


def kpis_command(args: argparse.Namespace, ctx: AppContext) -> int:
    if args.trend:
        trend = kpi_trend(ctx, args.as_of, args.period_days, args.customer)
        _print_trend(trend, args.format)
        return 0
    report = kpi_report(ctx, args.as_of, args.period_days, args.customer)
    if args.format == "csv":
        write_csv(["metric", "value"], [[m, _csv_value(v)] for m, v in report.figures.rows()])
        return 0
    print(_title(report))
    rows = [_table_row(metric, value) for metric, value in report.figures.rows()]
    print_table(["Figure", "Value"], rows)
    print(_facts(report))
    return 0


def _who(report: KpiReport) -> str:
    if report.customer_code:
        return f"{report.customer_name} ({report.customer_code})"
    return "the whole company"


def _title(report: KpiReport) -> str:
    return (
        f"Collection KPIs of {_who(report)} as of {report.as_of.isoformat()}, over the "
        f"{report.period_days} days before it, in {report.currency}"
    )


def _table_row(metric: str, value: Decimal | None) -> list[str]:
    label, unit, empty = LABELS[metric]
    if value is None:
        return [label, empty]
    return [label, f"{value:.1f} %" if unit == "%" else f"{value:.1f} days"]


def _facts(report: KpiReport) -> str:
    facts = report.facts
    paid_off = facts.settled.count

    def money(amount: Decimal) -> str:
        return format_amount(amount, report.currency)

    return (
        f"Net credit sales in the period: {money(facts.sales)}. Owed on "
        f"{report.as_of.isoformat()}: {money(facts.ending_ar)} (not yet due: "
        f"{money(facts.current_ar)}); owed {report.period_days} days before: "
        f"{money(facts.beginning_ar)}. {paid_off:,} invoice{'' if paid_off == 1 else 's'} "
        "paid off in the period."
    )


def _print_trend(trend: tuple[KpiReport, ...], form: str) -> None:
    if form == "csv":
        write_csv(
            ["as_of", *METRICS],
            [[r.as_of.isoformat(), *(_csv_value(v) for _, v in r.figures.rows())] for r in trend],
        )
        return
    last = trend[-1]
    print(
        f"Collection KPIs of {_who(last)} at the end of each month up to "
        f"{last.as_of.isoformat()}, each over the {last.period_days} days before, "
        f"in {last.currency}"
    )
    rows = [[r.as_of.isoformat(), *map(_trend_cell, _values(r.figures))] for r in trend]
    print_table(["As of", *_SHORT], rows, right=range(1, len(_SHORT) + 1))
    print(
        "In days, but CEI % and Overdue %. A blank cell: no sales, nothing owed "
        "or no invoice paid off in that period."
    )


def _values(figures: KpiFigures) -> list[Decimal | None]:
    return [value for _, value in figures.rows()]


def _trend_cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f}"


__all__ = ["LABELS", "kpis_command"]
