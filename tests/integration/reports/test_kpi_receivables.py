# SPDX-License-Identifier: MIT
"""The KPI trend's receivables, from one aging report and the movements of each day, equal the
aging report's own total and Current column on every day, company-wide and per customer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from arapp.db.types import from_units, to_units
from arapp.domain.aging import AgingBucket
from arapp.services.aging import aging_items, aging_report
from arapp.services.context import AppContext
from arapp.services.credit import apply_customer_credit, refund_credit
from arapp.services.customers import customer_by_code
from arapp.services.kpi_facts import Scope, sales_rows
from arapp.services.kpi_receivables import (
    current_units,
    longest_terms,
    movements_by_day,
    overdue_units,
    series,
)
from arapp.services.payments import PaymentInput, record_payment
from tests.helpers.books import TODAY
from tests.helpers.kpi_books import customer, kpi_books
from tests.helpers.postgres import PG_URL

on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)
FIRST = date(2026, 5, 31)
DAYS = [FIRST + timedelta(days=n) for n in range((TODAY - FIRST).days + 1)]


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, on_postgres])]
)
def books(request: pytest.FixtureRequest) -> AppContext:
    """The KPI books, and Rita, who had credit refunded and paid again; Anna's credit used."""
    ctx = kpi_books(request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx"))
    rita = customer(ctx, "Rita")
    record_payment(ctx, PaymentInput(rita, date(2026, 10, 1), "30.00"))
    refund_credit(ctx, rita, "10.00", date(2026, 10, 20), "bank_transfer")
    record_payment(ctx, PaymentInput(rita, date(2026, 11, 5), "20.00"))
    apply_customer_credit(ctx, customer_by_code(ctx, "A").id)  # today
    return ctx


def _aging(ctx: AppContext, customer_id: int | None, day: date) -> tuple[Decimal, Decimal]:
    if customer_id is None:
        row = aging_report(ctx, day).total
        return row.total, row[AgingBucket.CURRENT]
    items = aging_items(ctx, customer_id, day)
    current = [i.open for i in items if i.bucket is AgingBucket.CURRENT]
    return sum((i.open for i in items), Decimal(0)), sum(current, Decimal(0))


@pytest.mark.parametrize("code", ["", "A", "B", "D", "R"])
def test_every_day_equals_the_aging_report(books: AppContext, code: str) -> None:
    customer_id = customer_by_code(books, code).id if code else None
    scope = Scope("EUR", customer_id)
    expected = {day: _aging(books, customer_id, day) for day in DAYS}
    with books.db.read() as session:
        change = movements_by_day(
            session, FIRST, TODAY, scope, sales_rows(session, FIRST, TODAY, scope)
        )
        totals = series((TODAY, to_units(expected[TODAY][0])), change, DAYS)
        terms = longest_terms(session, FIRST, scope)
        currents = {day: current_units(session, day, terms, scope) for day in DAYS}
    assert {day: from_units(units) for day, units in totals.items()} == {
        day: total for day, (total, _) in expected.items()
    }
    # Rita had a refund and paid on 5 Nov: that day's Current column is left to the aging
    asked_aging = [day for day, units in currents.items() if units is None]
    assert asked_aging == ([date(2026, 11, 5)] if code in ("", "R") else [])
    assert {day: from_units(units) for day, units in currents.items() if units is not None} == {
        day: current for day, (_, current) in expected.items() if day not in asked_aging
    }


@pytest.mark.parametrize("code", ["", "A", "B", "D", "R"])
def test_the_overdue_columns_of_every_day_equal_the_aging_report(
    books: AppContext, code: str
) -> None:
    customer_id = customer_by_code(books, code).id if code else None
    scope = Scope("EUR", customer_id)
    buckets = (AgingBucket.DAYS_1_30, AgingBucket.DAYS_31_60, AgingBucket.DAYS_61_90)
    with books.db.read() as session:
        terms = longest_terms(session, FIRST - timedelta(days=90), scope)
        found = {day: overdue_units(session, day, terms, scope) for day in DAYS}
    asked_aging = sorted(day for day, units in found.items() if units is None)
    # Rita had a refund on 20 Oct of what she paid on 1 Oct: from then on, with a payment of
    # hers in the 90 days before, her credit is the aging report's to judge
    refunded = [d for d in DAYS if d >= date(2026, 10, 20)]
    assert asked_aging == (refunded if code in ("", "R") else [])
    for day, units in found.items():
        if units is None:
            continue
        if customer_id is None:
            row = aging_report(books, day).total
            expected = tuple(row[b] for b in buckets)
        else:
            items = aging_items(books, customer_id, day)
            expected = tuple(
                sum((i.open for i in items if i.bucket is b), Decimal(0)) for b in buckets
            )
        assert tuple(from_units(u) for u in units) == expected, day
