# SPDX-License-Identifier: MIT
"""The cash-in forecast on books whose customers pay in known ways (tests/helpers/payer_books.py:
punctual, slightly late, slow, chronic, getting worse, seasonal and new payers, big invoices
paid later, disputes): on the held-out weeks of its back-test it beats the forecast that every
invoice is paid on its due date, and it adds up to what is open."""

from __future__ import annotations

from pathlib import Path

import pytest

from arapp.services.aging import aging_report
from arapp.services.context import AppContext
from arapp.services.forecast import cash_forecast
from tests.helpers.payer_books import payer_books_at


@pytest.fixture(scope="module")
def payers(migrated_books: Path, tmp_path_factory: pytest.TempPathFactory) -> AppContext:
    path = tmp_path_factory.mktemp("forecast") / "payers.sqlite3"
    return payer_books_at(migrated_books, path, seed=7, customers_per_kind=30)[0]


def test_beats_the_due_date_forecast_on_held_out_weeks(payers: AppContext) -> None:
    report = cash_forecast(payers)
    test = report.backtest
    assert test is not None and test.weeks == 32 and test.actual_mean > 0
    # the payers are late in known ways: the habits are much closer than the due dates
    assert test.habit_mae < test.due_date_mae * 3 / 4, test


def test_adds_up_to_what_is_open(payers: AppContext) -> None:
    report = cash_forecast(payers, weeks=12)
    expected = sum((w.expected for w in report.weeks), report.later)
    assert expected + report.disputed + report.agency == report.open_total
    assert sum((w.due_date_forecast for w in report.weeks), report.due_later) == report.open_total
    assert report.disputed_count > 0
    # these books have no credit notes and no payment on account: all that is open is invoices
    assert report.open_total == aging_report(payers).total.total
    assert all(w.low <= w.high for w in report.weeks)
