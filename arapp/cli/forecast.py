# SPDX-License-Identifier: MIT
"""``arapp report forecast``: expected receipts per week for the next N weeks.

CSV (the contract): header ``week_start,expected,low,high,due_date_forecast``, one row per
week, amounts with two decimals (the currency's minor unit). What falls after the last week,
what is not expected and the back-test are said under the table (table format only: the CSV
keeps its header).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from decimal import Decimal

from arapp.cli.output import print_table, write_csv
from arapp.formatting import format_amount
from arapp.i18n import _, ngettext
from arapp.services.context import AppContext
from arapp.services.forecast import CashForecast, cash_forecast

HEADER = ["week_start", "expected", "low", "high", "due_date_forecast"]


def forecast_command(args: argparse.Namespace, ctx: AppContext) -> int:
    report = cash_forecast(ctx, args.as_of, args.weeks)
    if args.format == "csv":
        rows = [
            [w.start.isoformat(), str(w.expected), str(w.low), str(w.high),
             str(w.due_date_forecast)]
            for w in report.weeks
        ]  # fmt: skip
        write_csv(HEADER, rows, numeric=range(1, 5))
        return 0

    def money(amount: Decimal) -> str:
        return format_amount(amount, report.currency)

    print(
        ngettext(
            "Cash-in forecast as of {day} for the next {count} week, in {currency}",
            "Cash-in forecast as of {day} for the next {count} weeks, in {currency}",
            len(report.weeks),
        ).format(day=report.as_of.isoformat(), count=len(report.weeks), currency=report.currency)
    )
    rows = [
        [w.start.isoformat(), money(w.expected), money(w.low), money(w.high),
         money(w.due_date_forecast)]
        for w in report.weeks
    ]  # fmt: skip
    rows.append([_("After"), money(report.later), "", "", money(report.due_later)])
    headers = [_("Week from"), _("Expected"), _("Low (P10)"), _("High (P90)"),
               _("If paid when due")]  # fmt: skip
    print_table(headers, rows, right=range(1, 5))
    print(_notes(report, money))
    return 0


def _invoices(n: int) -> str:
    return ngettext("{count} invoice", "{count} invoices", n).format(count=f"{n:,}")


def _notes(report: CashForecast, show: Callable[[Decimal], str]) -> str:
    lines = [
        # Translators: {invoices} is "12 invoices". "Low" and "High" are column headings.
        _(
            "Open on {day}: {total} on {invoices}. Expected: from each customer's own "
            "habits (days after the due date they paid off their invoices over the last year, "
            "pooled with the whole shop's when they have few); Low and High: 9 weeks in 10 "
            "bring more than Low, 9 in 10 less than High."
        ).format(
            day=report.as_of.isoformat(),
            total=show(report.open_total),
            invoices=_invoices(report.open_count),
        ),
        _("After: expected after the last week {later}; falling due after it {due}.").format(
            later=show(report.later), due=show(report.due_later)
        ),
        # Translators: {disputed_invoices} and {agency_invoices} are "3 invoices".
        _(
            "Not expected: {disputed} in dispute ({disputed_invoices}) and {agency} with the "
            "collections agency ({agency_invoices}). The weeks, After and these add up to "
            "what is open."
        ).format(
            disputed=show(report.disputed),
            disputed_invoices=_invoices(report.disputed_count),
            agency=show(report.agency),
            agency_invoices=_invoices(report.agency_count),
        ),
    ]
    test = report.backtest
    if test is None:
        lines.append(_("Back-test: no invoice was open on the earlier days it reruns from."))
    else:
        closer = test.habit_mae < test.due_date_mae
        text = (
            _(
                "Back-test: rerun as of {days} earlier days ({first} to {last}), {weeks} weeks "
                "compared with what came in (on average {mean} a week): off by {off} a week on "
                "average, against {off_due} if paid when due (closer than the due-date "
                "forecast)."
            )
            if closer
            else _(
                "Back-test: rerun as of {days} earlier days ({first} to {last}), {weeks} weeks "
                "compared with what came in (on average {mean} a week): off by {off} a week on "
                "average, against {off_due} if paid when due (no closer than the due-date "
                "forecast)."
            )
        )
        lines.append(
            text.format(
                days=len(test.origins),
                first=test.origins[0].isoformat(),
                last=test.origins[-1].isoformat(),
                weeks=test.weeks,
                mean=show(test.actual_mean),
                off=show(test.habit_mae),
                off_due=show(test.due_date_mae),
            )
        )
    return "\n".join(lines)


__all__ = ["HEADER", "forecast_command"]
