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
from arapp.i18n import N_, _, ngettext
from arapp.services.context import AppContext
from arapp.services.kpis import KpiReport, kpi_report, kpi_trend

#: What each figure is called for a shop owner, its unit, and what an empty one means (the
#: texts are translated where they are shown).
LABELS: dict[str, tuple[str, str, str]] = {
    "dso": (N_("Days sales outstanding (DSO)"), "days", N_("no sales in the period")),
    "countback_dso": (
        N_("Countback DSO (days of the latest sales still owed)"),
        "days",
        N_("no sales to count back"),
    ),
    "best_possible_dso": (
        N_("Best possible DSO (only what is not yet due)"),
        "days",
        N_("no sales in the period"),
    ),
    "average_days_delinquent": (
        N_("Average days delinquent (DSO - best possible)"),
        "days",
        N_("no sales in the period"),
    ),
    "cei_percent": (
        N_("Collection effectiveness (CEI)"),
        "%",
        N_("nothing was due to collect in the period"),
    ),
    "overdue_percent": (N_("Share of receivables overdue"), "%", N_("nothing is owed")),
    "average_days_to_pay": (
        N_("Average days from invoice to paid"),
        "days",
        N_("no invoice was paid off in the period"),
    ),
    "average_days_late": (
        N_("Average days paid after the due date"),
        "days",
        N_("no invoice was paid off in the period"),
    ),
}

#: Short column headings of the trend table.
_SHORT = (
    N_("DSO"), N_("Countback"), N_("Best"), N_("Delinquent"), N_("CEI %"), N_("Overdue %"),
    N_("To pay"), N_("Late"),
)  # fmt: skip


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
    print_table([_("Figure"), _("Value")], rows)
    print(_facts(report))
    return 0


def _who(report: KpiReport) -> str:
    if report.customer_code:
        return f"{report.customer_name} ({report.customer_code})"
    return _("the whole company")


def _title(report: KpiReport) -> str:
    return _(
        "Collection KPIs of {who} as of {day}, over the {days} days before it, in {currency}"
    ).format(
        who=_who(report),
        day=report.as_of.isoformat(),
        days=report.period_days,
        currency=report.currency,
    )


def _table_row(metric: str, value: Decimal | None) -> list[str]:
    label, unit, empty = LABELS[metric]
    if value is None:
        return [_(label), _(empty)]
    figure = f"{value:.1f}"
    if unit == "%":
        return [_(label), _("{value} %").format(value=figure)]
    return [_(label), _("{value} days").format(value=figure)]


def _facts(report: KpiReport) -> str:
    facts = report.facts
    paid_off = facts.settled.count

    def money(amount: Decimal) -> str:
        return format_amount(amount, report.currency)

    owed = _(
        "Net credit sales in the period: {sales}. Owed on {day}: {owed} (not yet due: "
        "{not_due}); owed {days} days before: {owed_before}."
    ).format(
        sales=money(facts.sales),
        day=report.as_of.isoformat(),
        owed=money(facts.ending_ar),
        not_due=money(facts.current_ar),
        days=report.period_days,
        owed_before=money(facts.beginning_ar),
    )
    paid = ngettext(
        "{count} invoice paid off in the period.",
        "{count} invoices paid off in the period.",
        paid_off,
    ).format(count=f"{paid_off:,}")
    return f"{owed} {paid}"


def _print_trend(trend: tuple[KpiReport, ...], form: str) -> None:
    if form == "csv":
        write_csv(
            ["as_of", *METRICS],
            [[r.as_of.isoformat(), *(_csv_value(v) for _, v in r.figures.rows())] for r in trend],
        )
        return
    last = trend[-1]
    print(
        _(
            "Collection KPIs of {who} at the end of each month up to {day}, each over the "
            "{days} days before, in {currency}"
        ).format(
            who=_who(last),
            day=last.as_of.isoformat(),
            days=last.period_days,
            currency=last.currency,
        )
    )
    rows = [[r.as_of.isoformat(), *map(_trend_cell, _values(r.figures))] for r in trend]
    headers = [_("As of"), *(_(short) for short in _SHORT)]
    print_table(headers, rows, right=range(1, len(_SHORT) + 1))
    print(
        _(
            "In days, but CEI % and Overdue %. A blank cell: no sales, nothing owed "
            "or no invoice paid off in that period."
        )
    )


def _values(figures: KpiFigures) -> list[Decimal | None]:
    return [value for _, value in figures.rows()]


def _trend_cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f}"


__all__ = ["LABELS", "kpis_command"]
