# SPDX-License-Identifier: MIT
"""``arapp report risk``: each customer's late-payment risk as of a day, explained.

CSV (the contract): header ``customer_code,customer,score,segment,reasons``, one row per
customer with at least one issued invoice, ordered by code; the score with one decimal, the
reasons joined by ``"; "``. Names are neutralised against spreadsheet formulas, as every CSV
export is. The table ends with the back-test in words and figures; ``--backtest`` prints only
that.
"""

from __future__ import annotations

import argparse

from arapp.cli.output import print_table, write_csv
from arapp.services.context import AppContext

HEADER = ["customer_code", "customer", "score", "segment", "reasons"]


def risk_command(args: argparse.Namespace, ctx: AppContext) -> int:
    from arapp.services.risk import risk_report

    wanted = args.backtest or args.format == "table"
    report = risk_report(ctx, args.as_of, with_backtest=wanted)
    if args.backtest:
        print("\n".join(backtest_lines(report)))
        return 0
    rows = [
        [c.code, c.name, f"{c.score:.1f}", c.segment.value, "; ".join(c.reasons)]
        for c in report.customers
    ]
    if args.format == "csv":
        write_csv(HEADER, rows, numeric=(2,))
        return 0
    print(
        f"Late-payment risk as of {report.as_of.isoformat()}: the chance that each customer's "
        "next invoice is paid more than 7 days after its due date. Shop-wide, "
        f"{report.base_percent:.0f}% of invoices were."
    )
    print_table(["Code", "Customer", "Risk %", "Segment", "Reasons"], rows, right=[2])
    print()
    print("\n".join(backtest_lines(report)))
    return 0


def backtest_lines(report: object) -> list[str]:
    """The back-test in words and figures."""
    from arapp.services.risk import RiskReport

    assert isinstance(report, RiskReport) and report.backtest is not None
    test, day = report.backtest, report.backtest_day()
    assert day is not None
    if not test.tested or test.auc is None:
        return [
            f"Back-test: too little history to test the score on the months since "
            f"{day.isoformat()} (it needs invoices both paid on time and late)."
        ]
    plain = "" if test.plain_auc is None else (
        f" (the plain smoothed late rate: {test.plain_auc * 100:.0f} times in 100)"
    )  # fmt: skip
    lines = [
        f"Back-test: trained on the {test.trained_on:,} invoices due by "
        f"{day.isoformat()}, then scored the {test.tested:,} invoices issued since and due a "
        f"week before {report.as_of.isoformat()} ({test.late:,} of them were paid late).",
        f"Ranking: a late invoice scored above one paid on time {test.auc * 100:.0f} times in "
        f"100{plain}.",
        f"Calibration: in each tenth of those invoices by score, the share paid late was within "
        f"{test.worst_gap:.0f} points of the average score.",
    ]
    rows = [
        [str(n), f"{d.invoices:,}", f"{d.predicted:.1f}", f"{d.observed:.1f}"]
        for n, d in enumerate(test.deciles, start=1)
    ]
    table = _table(["Tenth", "Invoices", "Average score %", "Paid late %"], rows)
    return [*lines, table]


def _table(headers: list[str], rows: list[list[str]]) -> str:
    import io

    out = io.StringIO()
    print_table(headers, rows, right=range(4), out=out)
    return out.getvalue().rstrip("\n")


__all__ = ["HEADER", "backtest_lines", "risk_command"]
