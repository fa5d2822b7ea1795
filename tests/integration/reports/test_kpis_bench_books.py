# SPDX-License-Identifier: MIT
"""The KPI trend on the benchmarks' generated books (written straight through the driver, with
split, partial, bounced and over-payments, credit notes and voids): every month's receivables
are the aging report's of that day, and every month equals its day computed alone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from arapp.db.engine import Database
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
    for point in trend[::5]:
        alone = kpi_report(books, point.as_of, period_days=60)
        assert (alone.facts, alone.figures) == (point.facts, point.figures), point.as_of
