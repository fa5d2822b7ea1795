# SPDX-License-Identifier: MIT
"""The cash-in forecast (issue 15, item 3) on books small enough to compute by hand.

Today 23 Nov 2026, net 30. Pia paid four invoices on their due dates (1 Jul, 31 Jul: weight 2;
31 Aug, 1 Oct: weight 3), Sam two invoices ten days late (11 Jul, 10 Aug: weight 2 each). The
shop's curve: 10/14 on the due date, 4/14 over 8-14 days late.

Open on 23 Nov: Pia's 1,000.00 due 10 Dec; Sam's 500.00 due 19 Nov (4 days late); Dan's
200.00 due 31 Oct, in dispute; Ada's 300.00 due 30 Nov, with the collections agency.

* Pia weighs 4/8 against the shop: 12/14 on the due date (10 Dec, day 17: week 2), 2/14 over
  8-14 days late (days 25-31): 3 of 7 days in week 3, 4 after the 4 weeks.
  Week 2: 857.142857, week 3: 61.224490, later: 81.632653.
* Sam is 4 days late: what is left of his curve is 8-14 days late (days 4-10): 3 of 7 days in
  week 0 (214.285714), 4 in week 1 (285.714286).
* Rounded to the cent so that the weeks and later add up to 1,500.00 (largest remainders):
  214.29, 285.71, 857.14, 61.23, later 81.63.
* Due dates: week 0 Sam's and Dan's (overdue) 700.00, week 1 Ada's 300.00, week 2 Pia's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from arapp.services.agency import write_agency_package
from arapp.services.aging import aging_report
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.forecast import cash_forecast
from arapp.services.reminders.holds import open_dispute, resolve_hold
from arapp.services.reversals import reverse_payment
from tests.helpers.books import issued_invoice
from tests.helpers.cli import run
from tests.helpers.kpi_books import customer, pay
from tests.helpers.postgres import PG_URL

D = Decimal
TODAY = date(2026, 11, 23)
on_postgres = pytest.mark.skipif(
    not PG_URL, reason="set ARAPP_TEST_PG_URL to a PostgreSQL database"
)


def forecast_books(ctx: AppContext, folder: Path) -> AppContext:
    pia, sam, dan, ada = (customer(ctx, n) for n in ("Pia", "Sam", "Dan", "Ada"))
    paid = []
    for issued in (date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)):
        paid.append((pia, issued, 0, issued_invoice(ctx, pia, issued, "100.00")))
        if issued < date(2026, 8, 1):
            paid.append((sam, issued, 10, issued_invoice(ctx, sam, issued, "100.00")))
    issued_invoice(ctx, dan, date(2026, 10, 1), "200.00")
    issued_invoice(ctx, sam, date(2026, 10, 20), "500.00")
    issued_invoice(ctx, ada, date(2026, 10, 31), "300.00")
    issued_invoice(ctx, pia, date(2026, 11, 10), "1000.00")
    for who, issued, late, invoice in paid:
        due = {6: date(2026, 7, 1), 7: date(2026, 7, 31), 8: date(2026, 8, 31),
               9: date(2026, 10, 1)}[issued.month]  # fmt: skip
        day = date.fromordinal(due.toordinal() + late)
        pay(ctx, who, day, "100.00", (invoice, "100.00"))
    dispute_on = next(i for i, c in _open_ids(ctx) if c == dan)
    open_dispute(ctx, dispute_on, "Two floodlights arrived broken")
    write_agency_package(ctx, ada, folder)
    return ctx


def _open_ids(ctx: AppContext) -> list[tuple[int, int]]:
    from sqlalchemy import select

    from arapp.db.models import Invoice

    with ctx.db.read() as session:
        rows = session.execute(
            select(Invoice.id, Invoice.customer_id).where(Invoice.amount_paid == 0)
        )
        return [(i, c) for i, c in rows]


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, on_postgres])]
)
def books(request: pytest.FixtureRequest, tmp_path: Path) -> AppContext:
    ctx = request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")
    return forecast_books(ctx, tmp_path)


def test_hand_computed_forecast(books: AppContext) -> None:
    report = cash_forecast(books, weeks=4)
    weeks = [(w.start, w.expected, w.due_date_forecast) for w in report.weeks]
    assert weeks == [
        (date(2026, 11, 23), D("214.29"), D("700.00")),
        (date(2026, 11, 30), D("285.71"), D("300.00")),
        (date(2026, 12, 7), D("857.14"), D("1000.00")),
        (date(2026, 12, 14), D("61.23"), D("0.00")),
    ]
    assert (report.later, report.due_later) == (D("81.63"), D("0.00"))
    assert (report.open_total, report.open_count) == (D("2000.00"), 4)
    assert (report.disputed, report.disputed_count) == (D("200.00"), 1)
    assert (report.agency, report.agency_count) == (D("300.00"), 1)
    # two invoices drawn: Sam's pays in week 0 with chance 3/7, in week 1 with 4/7; Pia's in
    # week 2 with 6/7, in week 3 with 3/49 (under 1 in 10)
    assert [(w.low, w.high) for w in report.weeks] == [
        (D("0.00"), D("500.00")), (D("0.00"), D("500.00")),
        (D("0.00"), D("1000.00")), (D("0.00"), D("0.00")),
    ]  # fmt: skip


def test_adds_up_to_what_the_aging_report_counts_open(books: AppContext) -> None:
    report = cash_forecast(books)
    expected = sum((w.expected for w in report.weeks), report.later)
    assert expected + report.disputed + report.agency == report.open_total
    assert sum((w.due_date_forecast for w in report.weeks), report.due_later) == (report.open_total)
    assert aging_report(books).total.total == report.open_total  # no credit in these books


def test_facts_after_the_day_change_nothing(books: AppContext, tmp_path: Path) -> None:
    """As of 15 Nov: Sam's invoice is not yet due, there is no dispute and no agency. Then a
    payment, a reversal, a new invoice, a dispute resolved: the forecast of 15 Nov stays."""
    day = date(2026, 11, 15)
    before = cash_forecast(books, day, 4)
    assert (before.disputed_count, before.agency_count, before.open_count) == (0, 0, 4)
    sam, pia = _cid(books, "S"), _cid(books, "P")
    sam_open = max(i for i, c in _open_ids(books) if c == sam)
    got = pay(books, sam, TODAY, "500.00", (sam_open, "500.00"))
    issued_invoice(books, sam, TODAY, "70.00")
    pia_open = max(i for i, c in _open_ids(books) if c == pia)
    bounced = pay(books, pia, TODAY, "1000.00", (pia_open, "1000.00"))
    reverse_payment(books, bounced, "bounced")
    assert cash_forecast(books, day, 4) == before
    reverse_payment(books, got, "bounced")
    assert cash_forecast(books, day, 4) == before


def _cid(ctx: AppContext, code: str) -> int:
    from sqlalchemy import select

    from arapp.db.models import Customer

    with ctx.db.read() as session:
        return int(session.scalar(select(Customer.id).where(Customer.code == code)))


def test_bad_weeks(books: AppContext) -> None:
    for weeks in (0, 53):
        with pytest.raises(InputErrors):
            cash_forecast(books, weeks=weeks)


def test_empty_books(ctx: AppContext) -> None:
    report = cash_forecast(ctx, weeks=2)
    assert [(w.expected, w.low, w.high, w.due_date_forecast) for w in report.weeks] == [
        (D("0.00"),) * 4, (D("0.00"),) * 4,
    ]  # fmt: skip
    assert (report.open_total, report.later, report.backtest) == (D("0.00"), D("0.00"), None)


def test_cli_csv_contract(ctx: AppContext, tmp_path: Path) -> None:
    books = forecast_books(ctx, tmp_path)
    db_path = Path(books.db.engine.url.database or "")
    result = run("report", "forecast", "--as-of", "2026-11-23", "--weeks", "4", "--format",
                 "csv", db=db_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "week_start,expected,low,high,due_date_forecast\n"
        "2026-11-23,214.29,0.00,500.00,700.00\n"
        "2026-11-30,285.71,0.00,500.00,300.00\n"
        "2026-12-07,857.14,0.00,1000.00,1000.00\n"
        "2026-12-14,61.23,0.00,0.00,0.00\n"
    )


def test_cli_table_says_what_is_after_and_not_expected(ctx: AppContext, tmp_path: Path) -> None:
    books = forecast_books(ctx, tmp_path)
    db_path = Path(books.db.engine.url.database or "")
    table = run("report", "forecast", "--as-of", "2026-11-23", "--weeks", "4", db=db_path)
    assert table.returncode == 0, table.stderr
    out = table.stdout
    assert "Cash-in forecast as of 2026-11-23 for the next 4 weeks, in EUR" in out
    assert "Open on 2026-11-23: 2,000.00 on 4 invoices." in out
    assert "expected after the last week 81.63; falling due after it 0.00." in out
    assert "Not expected: 200.00 in dispute (1 invoice) and 300.00 with the collections " in out
    assert "Back-test:" in out
    bad = run("report", "forecast", "--weeks", "0", db=db_path)
    assert bad.returncode != 0 and "1 to 52 weeks" in bad.stderr


def test_resolved_dispute_is_expected_again(books: AppContext) -> None:
    from sqlalchemy import select

    from arapp.db.models import InvoiceHold

    with books.db.read() as session:
        hold = int(session.scalar(select(InvoiceHold.id)))
    resolve_hold(books, hold)
    report = cash_forecast(replace(books), weeks=4)
    assert (report.disputed_count, report.disputed) == (0, D("0.00"))
