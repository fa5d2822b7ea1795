# SPDX-License-Identifier: MIT
"""The Insight tab's risk figures (:func:`arapp.services.insight_risk.top_risks`): on the KPI
books, who owes and how much, by score and segment; on known payers, the ten riskiest owing
customers and the back-test in words; one run of the model for both."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from arapp.domain.segments import Segment
from arapp.services.context import AppContext
from arapp.services.insight_risk import TOP, backtest_sentence, top_risks
from arapp.services.risk import risk_report
from tests.helpers.books import TODAY
from tests.helpers.kpi_books import kpi_books
from tests.helpers.payer_books import payer_books_at


@pytest.fixture(scope="module")
def payers(
    migrated_books: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[AppContext, dict[str, str]]:
    """Known payers, 15 of each kind over two years."""
    return payer_books_at(
        migrated_books, tmp_path_factory.mktemp("ir") / "ir.sqlite3", seed=3,
        customers_per_kind=15, start=TODAY - timedelta(days=730),
    )  # fmt: skip


def test_the_kpi_books_who_owes_by_score_and_segment(ctx: AppContext) -> None:
    risks = top_risks(kpi_books(ctx))
    assert risks.currency == "EUR" and risks.scored == 4  # Anna, Bert, Cleo, Ugo invoiced
    assert [(r.code, r.owed, r.segment) for r in risks.top] == [
        ("A", Decimal("500.00"), Segment.SLOW),
        ("B", Decimal("55.00"), Segment.AT_RISK),
    ]
    assert risks.top[0].score >= risks.top[1].score
    assert [(s.segment, s.customers, s.owed) for s in risks.segments] == [
        (Segment.PROMPT, 0, Decimal(0)),
        (Segment.LATE_BUT_PAYS, 0, Decimal(0)),
        (Segment.SLOW, 2, Decimal("500.00")),
        (Segment.AT_RISK, 1, Decimal("55.00")),
        (Segment.NEW, 1, Decimal(0)),  # Ugo: billed in dollars, nothing owed in euros
    ]
    assert [m.code for m in risks.segment(Segment.SLOW).listed] == ["A", "C"]
    assert risks.backtest_auc is None and backtest_sentence(risks) == ""  # too few invoices


def test_empty_books_have_no_risks(ctx: AppContext) -> None:
    risks = top_risks(ctx)
    assert risks.top == () and risks.scored == 0
    assert all(s.customers == 0 and s.owed == 0 for s in risks.segments)


def test_the_ten_riskiest_owing_customers_and_the_backtest_in_words(
    payers: tuple[AppContext, dict[str, str]],
) -> None:
    ctx, kinds = payers
    risks = top_risks(ctx)
    report = risk_report(ctx)
    assert len(risks.top) == TOP
    scores = [r.score for r in risks.top]
    assert scores == sorted(scores, reverse=True)
    owing = [r for r in risks.top if r.owed > 0]
    assert owing == list(risks.top)
    # the same scores as the risk report: the model is not run another way
    by_code = {c.code: c for c in report.customers}
    for line in risks.top:
        assert (line.score, line.segment, line.reasons) == (
            by_code[line.code].score, by_code[line.code].segment, by_code[line.code].reasons,
        )  # fmt: skip
    # no customer owing something scores above the tenth
    others = [r for r in report.customers if r.code not in {t.code for t in risks.top}]
    owed = {m.code for s in risks.segments for m in s.listed if m.owed > 0}
    assert all(c.score <= scores[-1] for c in others if c.code in owed)
    assert sum(s.customers for s in risks.segments) == len(report.customers) == risks.scored
    assert sum(kinds[r.code] in ("chronic", "slow", "worsening") for r in risks.top) >= 7
    sentence = backtest_sentence(risks)
    assert report.backtest is not None and report.backtest.auc is not None
    assert risks.backtest_months == 6
    assert sentence == (
        f"On the last 6 months the score ranked late invoices above punctual ones "
        f"{report.backtest.auc * 100:.0f}% of the time; the plain late rate did "
        f"{report.backtest.plain_auc * 100:.0f}%."  # type: ignore[operator]
    )
