# SPDX-License-Identifier: MIT
"""The KPIs against hand-computed books (:func:`tests.helpers.kpi_books.kpi_books`, each
figure worked out beside its assertion), on SQLite and PostgreSQL, and the CLI's CSV contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arapp.services.context import AppContext
from arapp.services.errors import NotFound, ServiceError
from arapp.services.kpis import kpi_report, kpi_trend
from tests.helpers.cli import run
from tests.helpers.kpi_books import kpi_books
from tests.helpers.postgres import PG_URL

D = Decimal
on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, on_postgres])]
)
def books(request: pytest.FixtureRequest) -> AppContext:
    """The hand-computed books, in a SQLite file and on the PostgreSQL server."""
    return kpi_books(request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx"))


def _figures(report) -> dict[str, Decimal | None]:  # type: ignore[no-untyped-def]
    return dict(report.figures.rows())


def test_company_as_of_today(books: AppContext) -> None:
    report = kpi_report(books)
    facts = report.facts
    # S: 200 + 300 + 100 + 80 + 40 + 10 + 5 (fee) - 30 (credit note); b2 voided, Ugo in USD
    assert facts.sales == D("705.00") and report.currency == "EUR"
    # AR: a2 150, a3 270, a4 80, Anna's credit -20, b1 50 again, the fee 5, Dora's credit -5;
    # current: a4, the fee
    assert (facts.ending_ar, facts.current_ar, facts.beginning_ar) == (
        D("530.00"), D("85.00"), D("150.00")
    )  # fmt: skip
    assert _figures(report) == {
        "dso": D("67.7"),  # 530 / 705 x 90 = 67.66
        "countback_dso": D("59.0"),  # 23 + 31 + 30 x 35 / 210 (Nov 95, Oct 400, Sep 210)
        "best_possible_dso": D("10.9"),  # 85 / 705 x 90 = 10.85
        "average_days_delinquent": D("56.8"),  # 445 / 705 x 90 = 56.81
        "cei_percent": D("42.2"),  # (150 + 705 - 530) / (150 + 705 - 85) = 325 / 770
        "overdue_percent": D("84.0"),  # 445 / 530 = 83.96
        # a1 (71 days, 41 late), a5 (10, 0), b3 (10, 0), c1 written off (74, 44); not b1
        "average_days_to_pay": D("41.3"),  # 165 / 4 = 41.25, half away from zero
        "average_days_late": D("21.3"),  # 85 / 4 = 21.25
    }


def test_company_as_of_an_earlier_day_before_payments_and_reversals(books: AppContext) -> None:
    # 15 Nov, P 90: b3's payment (20 Nov), the reversal, void, credit note, write-off and fee
    # (today) had not happened; b2 still counts in sales and AR, b1 was paid.
    report = kpi_report(books, date(2026, 11, 15))
    facts = report.facts
    assert (facts.sales, facts.ending_ar, facts.current_ar, facts.beginning_ar) == (
        D("790.00"), D("615.00"), D("120.00"), D("150.00")
    )  # fmt: skip
    assert facts.settled.count == 3  # a1, b1 (45 days, 15 late), a5
    assert _figures(report) == {
        "dso": D("70.1"),  # 615 / 790 x 90 = 70.06
        "countback_dso": D("56.6"),  # 15 + 31 + 30 x 95 / 270
        "best_possible_dso": D("13.7"),  # 120 / 790 x 90 = 13.67
        "average_days_delinquent": D("56.4"),  # 495 / 790 x 90 = 56.39
        "cei_percent": D("39.6"),  # (150 + 790 - 615) / (150 + 790 - 120) = 325 / 820
        "overdue_percent": D("80.5"),  # 495 / 615 = 80.49
        "average_days_to_pay": D("42.0"),  # (71 + 45 + 10) / 3
        "average_days_late": D("18.7"),  # (41 + 15 + 0) / 3
    }


def test_per_customer(books: AppContext) -> None:
    report = kpi_report(books, customer_code="a")
    assert (report.customer_code, report.customer_name) == ("A", "Anna")
    facts = report.facts
    assert (facts.sales, facts.ending_ar, facts.current_ar, facts.beginning_ar) == (
        D("650.00"), D("480.00"), D("80.00"), D("100.00")
    )  # fmt: skip
    assert _figures(report) == {
        "dso": D("66.5"),
        "countback_dso": D("58.5"),  # 23 + 31 + 30 x 30 / 200
        "best_possible_dso": D("11.1"),
        "average_days_delinquent": D("55.4"),
        "cei_percent": D("40.3"),
        "overdue_percent": D("83.3"),
        "average_days_to_pay": D("40.5"),
        "average_days_late": D("20.5"),
    }


def test_zero_denominators_are_empty(books: AppContext) -> None:
    # Dora: no sales, only 5 on account (not current: dated 1 Nov)
    dora = _figures(kpi_report(books, customer_code="D"))
    assert dora == {
        "dso": None,
        "countback_dso": None,
        "best_possible_dso": None,
        "average_days_delinquent": None,
        "cei_percent": None,
        "overdue_percent": D("100.0"),
        "average_days_to_pay": None,
        "average_days_late": None,
    }
    zeno = _figures(kpi_report(books, customer_code="Z"))
    assert zeno["dso"] is None and zeno["overdue_percent"] is None
    assert zeno["countback_dso"] == D("0.0")  # nothing owed counts no days


def test_trend_equals_each_month_computed_alone(books: AppContext) -> None:
    trend = kpi_trend(books, months=6)
    assert [r.as_of for r in trend] == [
        date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31), date(2026, 9, 30),
        date(2026, 10, 31), date(2026, 11, 23),
    ]  # fmt: skip
    for point in trend:
        alone = kpi_report(books, point.as_of)
        assert (point.facts, point.figures) == (alone.facts, alone.figures), point.as_of
    for point in kpi_trend(books, months=3, customer_code="B"):
        alone = kpi_report(books, point.as_of, customer_code="B")
        assert (point.facts, point.figures) == (alone.facts, alone.figures), point.as_of


def test_a_24_month_trend_equals_24_days_computed_alone(books: AppContext) -> None:
    """The default trend (24 months, most of them before the books began: empty figures
    there) against 24 single days, company-wide and for one customer, 30 days each."""
    for code in ("", "B"):
        trend = kpi_trend(books, period_days=30, customer_code=code)
        assert len(trend) == 24
        for point in trend:
            alone = kpi_report(books, point.as_of, period_days=30, customer_code=code)
            assert (point.facts, point.figures) == (alone.facts, alone.figures), point.as_of


def test_bad_input(books: AppContext) -> None:
    with pytest.raises(NotFound, match="no customer with code NOPE"):
        kpi_report(books, customer_code="nope")
    with pytest.raises(ServiceError, match="period is 1 to"):
        kpi_report(books, period_days=0)


def test_cli_csv_contract(ctx: AppContext, tmp_path: Path) -> None:
    kpi_books(ctx)
    db_path = tmp_path / "books.sqlite3"
    result = run("report", "kpis", "--as-of", "2026-11-23", "--format", "csv", db=db_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "metric,value\n"
        "dso,67.7\n"
        "countback_dso,59.0\n"
        "best_possible_dso,10.9\n"
        "average_days_delinquent,56.8\n"
        "cei_percent,42.2\n"
        "overdue_percent,84.0\n"
        "average_days_to_pay,41.3\n"
        "average_days_late,21.3\n"
    )
    dora = run(
        "report", "kpis", "--as-of", "2026-11-23", "--customer", "D", "--format", "csv",
        db=db_path,
    )  # fmt: skip
    assert dora.stdout.splitlines()[1:3] == ["dso,", "countback_dso,"]
    assert "overdue_percent,100.0" in dora.stdout


def test_cli_table_speaks_plainly(ctx: AppContext, tmp_path: Path) -> None:
    kpi_books(ctx)
    db_path = tmp_path / "books.sqlite3"
    table = run("report", "kpis", "--as-of", "2026-11-23", "--customer", "D", db=db_path)
    assert table.returncode == 0, table.stderr
    assert "Collection KPIs of Dora (D) as of 2026-11-23" in table.stdout
    assert "Days sales outstanding (DSO)" in table.stdout
    assert "no sales in the period" in table.stdout
    assert "100.0 %" in table.stdout
    trend = run("report", "kpis", "--as-of", "2026-11-23", "--trend", "--format", "csv",
                db=db_path)  # fmt: skip
    lines = trend.stdout.splitlines()
    assert (
        lines[0] == "as_of,dso,countback_dso,best_possible_dso,average_days_delinquent,"
        "cei_percent,overdue_percent,average_days_to_pay,average_days_late"
    )
    assert len(lines) == 25 and lines[-1] == "2026-11-23,67.7,59.0,10.9,56.8,42.2,84.0,41.3,21.3"
    wrong = run("report", "kpis", "--customer", "NOPE", db=db_path)
    assert wrong.returncode != 0 and "no customer with code NOPE" in wrong.stderr


def test_empty_books_give_empty_figures(ctx: AppContext) -> None:
    report = kpi_report(ctx)
    assert report.facts.sales == report.facts.ending_ar == D(0)
    assert dict(report.figures.rows()) == {
        "dso": None,
        "countback_dso": D("0.0"),
        "best_possible_dso": None,
        "average_days_delinquent": None,
        "cei_percent": None,
        "overdue_percent": None,
        "average_days_to_pay": None,
        "average_days_late": None,
    }
    assert len(kpi_trend(ctx)) == 24
