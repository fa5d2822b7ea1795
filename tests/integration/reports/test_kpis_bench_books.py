# SPDX-License-Identifier: MIT
"""The KPI trend on the benchmarks' generated books (written straight through the driver, with
split, partial, bounced and over-payments, credit notes and voids): every month's receivables
are the aging report's of that day, and every month equals its day computed alone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from arapp.db.engine import Database
from arapp.db.models import Customer, Invoice
from arapp.domain.aging import AgingBucket
from arapp.services.aging import aging_report
from arapp.services.context import AppContext
from arapp.services.kpis import kpi_report, kpi_trend
from benchmarks.books import TODAY, generate


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> AppContext:
    path: Path = tmp_path_factory.mktemp("books") / "books.sqlite"
    generate(path, customers=150, invoices=1_500, payments=1_800, seed=11)
    return AppContext(Database(f"sqlite:///{path}"), today=lambda: TODAY)


def test_every_month_is_the_aging_reports(books: AppContext) -> None:
    trend = kpi_trend(books, period_days=60)
    assert trend[-1].as_of == TODAY and len(trend) == 24
    for point in trend:
        ending = aging_report(books, point.as_of).total
        beginning = aging_report(books, point.as_of - timedelta(days=60)).total
        facts = point.facts
        assert (facts.ending_ar, facts.current_ar, facts.beginning_ar) == (
            ending.total, ending[AgingBucket.CURRENT], beginning.total
        ), point.as_of  # fmt: skip


def test_each_month_equals_its_day_computed_alone(books: AppContext) -> None:
    """All 24 months, company-wide and for the customer with most invoices: the trend's
    shared reads (sales, movements, settled invoices, Current columns on threads of their own)
    give each day's figures exactly as that day alone does."""
    for code in ("", _busiest(books)):
        trend = kpi_trend(books, period_days=60, customer_code=code)
        assert len(trend) == 24
        for point in trend:
            alone = kpi_report(books, point.as_of, period_days=60, customer_code=code)
            assert (alone.facts, alone.figures) == (point.facts, point.figures), (code, point.as_of)


def _busiest(books: AppContext) -> str:
    with books.db.read() as session:
        return session.execute(
            select(Customer.code)
            .join(Invoice, Invoice.customer_id == Customer.id)
            .group_by(Customer.id)
            .order_by(func.count().desc(), Customer.id)
            .limit(1)
        ).scalar_one()
