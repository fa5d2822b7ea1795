# SPDX-License-Identifier: MIT
"""The Insight figures against the KPI books (tests/helpers/kpi_books.py), computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arapp.domain.insight import TILES
from arapp.services.aging import aging_report
from arapp.services.context import AppContext
from arapp.services.customers import customer_by_code
from arapp.services.insight import days_late_history, insight_first, insight_months
from tests.helpers.books import TODAY
from tests.helpers.kpi_books import kpi_books


def test_the_first_figures_are_today_and_a_period_before(ctx: AppContext) -> None:
    first = insight_first(kpi_books(ctx))
    assert first.as_of == TODAY == date(2026, 11, 23) and first.currency == "EUR"
    assert first.before.as_of == date(2026, 8, 25)
    # today: a2 150 + a3 270 + a4 80 + b1 50 + fee 5 - Anna's credit 20 - Dora's 5 = 530
    assert first.now.facts.ending_ar == Decimal("530.00")
    # 25 Aug: a1 100 (due 31 Jul) and b1 50 (due 31 Aug) open
    assert first.before.facts.ending_ar == Decimal("150.00")
    tiles = {t.key: t.value(first.now) for t in TILES}
    assert tiles["owed"] == Decimal("530.00")
    assert tiles["overdue"] == first.now.facts.ending_ar - first.now.facts.current_ar


def test_months_invoiced_collected_and_aging(ctx: AppContext) -> None:
    books = kpi_books(ctx)
    months = insight_months(books, months=6)
    assert [m.first for m in months.months] == [
        date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1),
        date(2026, 10, 1), date(2026, 11, 1),
    ]  # fmt: skip
    invoiced = [m.invoiced for m in months.months]
    # June: only Ugo's USD; Sep: a2 200 + c1 10 (b2 voided today); Nov: a4 80 + b3 40 + fee 5
    assert invoiced == [
        Decimal(x) for x in ("0.00", "100.00", "50.00", "210.00", "400.00", "125.00")
    ]
    collected = [m.collected for m in months.months]
    # Sep: 100 + 50 (a2); the bounced 50 reversed today is left out; Nov: Dora 5 + Bert 40
    assert collected == [Decimal(x) for x in ("0.00", "0.00", "0.00", "150.00", "120.00", "45.00")]
    for month in months.months:
        assert month.aging == aging_report(books, month.last).total, month.last
    assert months.months[-1].aging.total == Decimal("530.00")


def test_a_customers_days_late(ctx: AppContext) -> None:
    books = kpi_books(ctx)
    anna = customer_by_code(books, "A").id
    points = days_late_history(books, anna)
    # a1 due 31 Jul paid 10 Sep: 41 late; a5 due 4 Nov paid 15 Oct: 20 early;
    # a2 due 1 Oct open: 53 days so far; a3 due 31 Oct open: 23 days so far
    assert [(p.due_date, p.days, p.paid) for p in points] == [
        (date(2026, 7, 31), 41, True),
        (date(2026, 10, 1), 53, False),
        (date(2026, 10, 31), 23, False),
        (date(2026, 11, 4), -20, True),
    ]
