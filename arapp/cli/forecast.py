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
        f"Cash-in forecast as of {report.as_of.isoformat()} for the next {len(report.weeks)} "
        f"weeks, in {report.currency}"
    )
    rows = [
        [w.start.isoformat(), money(w.expected), money(w.low), money(w.high),
         money(w.due_date_forecast)]
        for w in report.weeks
    ]  # fmt: skip
    rows.append(["After", money(report.later), "", "", money(report.due_later)])
    headers = ["Week from", "Expected", "Low (P10)", "High (P90)", "If paid when due"]
    print_table(headers, rows, right=range(1, 5))
    print(_notes(report, money))
    return 0


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}{'' if n == 1 else 's'}"


def _notes(report: CashForecast, show: Callable[[Decimal], str]) -> str:
    lines = [
        f"Open on {report.as_of.isoformat()}: {show(report.open_total)} on "
        f"{_count(report.open_count, 'invoice')}. Expected: from each customer's own "
        "habits (days after the due date they paid off their invoices over the last year, "
        "pooled with the whole shop's when they have few); Low and High: 9 weeks in 10 bring "
        "more than Low, 9 in 10 less than High.",
        f"After: expected after the last week {show(report.later)}; falling due after it "
        f"{show(report.due_later)}.",
        f"Not expected: {show(report.disputed)} in dispute "
        f"({_count(report.disputed_count, 'invoice')}) and {show(report.agency)} with the "
        f"collections agency ({_count(report.agency_count, 'invoice')}). The weeks, After "
        "and these add up to what is open.",
    ]
    test = report.backtest
    if test is None:
        lines.append("Back-test: no invoice was open on the earlier days it reruns from.")
    else:
        first, last = test.origins[0].isoformat(), test.origins[-1].isoformat()
        better = (
            "closer than" if test.habit_mae < test.due_date_mae
            else "no closer than"
        )  # fmt: skip
        lines.append(
            f"Back-test: rerun as of {len(test.origins)} earlier days ({first} to {last}), "
            f"{test.weeks} weeks compared with what came in (on average {show(test.actual_mean)} "
            f"a week): off by {show(test.habit_mae)} a week on average, against "
            f"{show(test.due_date_mae)} if paid when due ({better} the due-date forecast)."
        )
    return "\n".join(lines)


__all__ = ["HEADER", "forecast_command"]
