# SPDX-License-Identifier: MIT
"""The cash-in forecast: its vocabulary and the rules that need no arithmetic library.

A payer's **habit** is a curve of how many days after the due date their invoices were paid
off (negative: early), counted in the bins of :data:`LATENESS_BINS` over the invoices paid off
in the :data:`HISTORY_DAYS` before the day of the forecast, the recent ones counting more
(:func:`recency_weight`). A customer's own curve is pooled with the shop's (every customer's
together): it weighs ``n / (n + POOL_WEIGHT)`` where ``n`` is how many of their invoices were
paid off in that time, so a customer with no history pays like the shop, one with many like
themselves. Within a bin the days are equally likely.

An invoice open on D, ``a`` days past due (negative: not yet due), is paid on a day after D:
its curve is cut to lateness ``> a`` and scaled back to one (an invoice 40 days late is paid
as the customer's invoices paid more than 40 days late were). When nothing in the curve was
ever that late, the invoice is not expected within the horizon ("later").

Weeks: week ``k`` covers the days [D + 7k, D + 7k + 7); the payments of D itself are already
counted in what is open on D, so week 0 receives from D + 1 on. **Not expected** at all are
the invoices in an open dispute on D, and those of customers with the collections agency on
D. The due-date forecast puts every open invoice in the week of its due date (overdue ones in
week 0), those due after the horizon "later".

The arithmetic (curves, weekly chances, the P10-P90 range) is :mod:`arapp.domain.
forecast_model`; here are the bins, the figures' records and the rounding that keeps the
weeks, "later" and "not expected" adding up to what is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

__all__ = [
    "BACKTEST_ORIGINS",
    "DEFAULT_WEEKS",
    "HISTORY_DAYS",
    "LATENESS_BINS",
    "LONGEST_WEEKS",
    "POOL_WEIGHT",
    "BacktestError",
    "ForecastWeek",
    "backtest_days",
    "bin_of",
    "mean_absolute_error",
    "recency_weight",
    "split_units",
    "week_starts",
]

#: N when none is given.
DEFAULT_WEEKS = 8
#: The longest horizon accepted.
LONGEST_WEEKS = 52
#: How far back a payer's habits are read.
HISTORY_DAYS = 365
#: A customer's own curve weighs n / (n + POOL_WEIGHT) against the shop's.
POOL_WEIGHT = 4
#: How many earlier days the back-test reruns the forecast from.
BACKTEST_ORIGINS = 4

#: Days after the due date an invoice was paid off, inclusive bins (earlier than the first
#: counts in the first, later than the last in the last).
LATENESS_BINS: tuple[tuple[int, int], ...] = (
    (-60, -15),
    (-14, -1),
    (0, 0),
    (1, 3),
    (4, 7),
    (8, 14),
    (15, 21),
    (22, 30),
    (31, 45),
    (46, 60),
    (61, 90),
    (91, 120),
    (121, 180),
    (181, 365),
)


def bin_of(lateness: int) -> int:
    """The index in :data:`LATENESS_BINS` of a lateness in days."""
    for index, (_, last) in enumerate(LATENESS_BINS):
        if lateness <= last:
            return index
    return len(LATENESS_BINS) - 1


def recency_weight(days_ago: int) -> int:
    """How much an invoice paid off ``days_ago`` days before D counts in its payer's curve:
    3 within 90 days, 2 within 180, 1 within :data:`HISTORY_DAYS` (habits change)."""
    return 3 if days_ago < 90 else 2 if days_ago < 180 else 1


def week_starts(as_of: date, weeks: int) -> list[date]:
    """The first day of each week: D + 7k."""
    return [as_of + timedelta(days=7 * k) for k in range(weeks)]


def backtest_days(as_of: date, weeks: int, origins: int = BACKTEST_ORIGINS) -> list[date]:
    """The earlier days the forecast is rerun from, oldest first: each early enough that all
    its ``weeks`` weeks had passed by D (D - 7N, D - 7N - 7, ...), ``origins`` of them."""
    last = as_of - timedelta(days=7 * weeks)
    return [last - timedelta(days=7 * j) for j in reversed(range(origins))]


def split_units(parts: Sequence[float], total: int, step: int) -> list[int]:
    """``parts`` (expected amounts in stored units, adding up to ``total``) rounded to whole
    multiples of ``step`` (one cent) that still add up to ``total`` rounded to ``step``: each
    is rounded down, and the cents left go to the parts that lost the most (largest
    remainder; ties to the earlier part)."""
    whole = [int(part // step) for part in parts]
    goal = (total + step // 2) // step
    left = goal - sum(whole)
    order = sorted(range(len(parts)), key=lambda n: (-(parts[n] / step - whole[n]), n))
    for n in order[: max(0, left)]:
        whole[n] += 1
    return [units * step for units in whole]


@dataclass(frozen=True)
class ForecastWeek:
    """One week of the forecast.

    Attributes:
        start: Its first day (D + 7k).
        expected: The receipts expected from the payers' habits.
        low: The 10th percentile of the week's total receipts.
        high: The 90th percentile.
        due_date_forecast: The open amounts due in the week (overdue ones: week 0).
    """

    start: date
    expected: Decimal
    low: Decimal
    high: Decimal
    due_date_forecast: Decimal


@dataclass(frozen=True)
class BacktestError:
    """How far the forecasts of earlier days were from what came in.

    Attributes:
        origins: The days rerun from.
        weeks: How many weeks (held out: all after their day, all passed by D) were compared.
        actual_mean: The mean receipts of those weeks on the invoices open on their day.
        habit_mae: The mean absolute error per week of the habit forecast.
        due_date_mae: The same for the due-date forecast.
    """

    origins: tuple[date, ...]
    weeks: int
    actual_mean: Decimal
    habit_mae: Decimal
    due_date_mae: Decimal


def mean_absolute_error(forecast: Sequence[int], actual: Sequence[int]) -> float:
    """Mean of ``|forecast - actual|`` over the weeks, in stored units (0 over no weeks)."""
    if not actual:
        return 0.0
    return sum(abs(f - a) for f, a in zip(forecast, actual, strict=True)) / len(actual)
