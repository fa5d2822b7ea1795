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
from arapp.i18n import _
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
        _(
            "Late-payment risk as of {day}: the chance that each customer's next invoice is "
            "paid more than 7 days after its due date. Shop-wide, {percent}% of invoices were."
        ).format(day=report.as_of.isoformat(), percent=f"{report.base_percent:.0f}")
    )
    headers = [_("Code"), _("Customer"), _("Risk %"), _("Segment"), _("Reasons")]
    print_table(headers, rows, right=[2])
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
            _(
                "Back-test: too little history to test the score on the months since {day} "
                "(it needs invoices both paid on time and late)."
            ).format(day=day.isoformat())
        ]
    auc = f"{test.auc * 100:.0f}"
    if test.plain_auc is None:
        ranking = _("Ranking: a late invoice scored above one paid on time {auc} times in 100.")
    else:
        ranking = _(
            "Ranking: a late invoice scored above one paid on time {auc} times in 100 (the "
            "plain smoothed late rate: {plain} times in 100)."
        )
    plain = "" if test.plain_auc is None else f"{test.plain_auc * 100:.0f}"
    lines = [
        _(
            "Back-test: trained on the {trained} invoices due by {day}, then scored the "
            "{tested} invoices issued since and due a week before {as_of} ({late} of them "
            "were paid late)."
        ).format(
            trained=f"{test.trained_on:,}",
            day=day.isoformat(),
            tested=f"{test.tested:,}",
            as_of=report.as_of.isoformat(),
            late=f"{test.late:,}",
        ),
        ranking.format(auc=auc, plain=plain),
        _(
            "Calibration: in each tenth of those invoices by score, the share paid late was "
            "within {points} points of the average score."
        ).format(points=f"{test.worst_gap:.0f}"),
    ]
    rows = [
        [str(n), f"{d.invoices:,}", f"{d.predicted:.1f}", f"{d.observed:.1f}"]
        for n, d in enumerate(test.deciles, start=1)
    ]
    table = _table([_("Tenth"), _("Invoices"), _("Average score %"), _("Paid late %")], rows)
    return [*lines, table]


def _table(headers: list[str], rows: list[list[str]]) -> str:
    import io

    out = io.StringIO()
    print_table(headers, rows, right=range(4), out=out)
    return out.getvalue().rstrip("\n")


__all__ = ["HEADER", "backtest_lines", "risk_command"]
