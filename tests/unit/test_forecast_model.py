# SPDX-License-Identifier: MIT
"""The forecast's arithmetic on hand-computed curves."""

from __future__ import annotations

from datetime import date

import pytest

from arapp.domain.forecast import (
    LATENESS_BINS,
    backtest_days,
    bin_of,
    mean_absolute_error,
    recency_weight,
    split_units,
    week_starts,
)
from arapp.domain.forecast_model import Habits, OpenItems, forecast

ON_DUE, LATE_8_14 = bin_of(0), bin_of(10)


def _masses(**by_bin: int) -> tuple[int, ...]:
    out = [0] * len(LATENESS_BINS)
    for name, mass in by_bin.items():
        out[{"on_due": ON_DUE, "late": LATE_8_14}[name]] = mass
    return tuple(out)


#: Customer 1 pays on the due date, customer 2 eight to fourteen days late; four each.
HABITS = Habits([(1, 4, *_masses(on_due=12)), (2, 4, *_masses(late=12))])


def test_bins_and_weights() -> None:
    assert [bin_of(d) for d in (-99, -15, -14, -1, 0, 1, 3, 4, 365, 999)] == [
        0, 0, 1, 1, 2, 3, 3, 4, 13, 13,
    ]  # fmt: skip
    assert [recency_weight(d) for d in (0, 89, 90, 179, 180, 364)] == [3, 3, 2, 2, 1, 1]
    assert week_starts(date(2026, 11, 23), 2) == [date(2026, 11, 23), date(2026, 11, 30)]
    assert backtest_days(date(2026, 11, 23), 8, 2) == [date(2026, 9, 21), date(2026, 9, 28)]
    assert mean_absolute_error([], []) == 0.0
    assert mean_absolute_error([10, 0], [4, 2]) == 4.0


def test_pooled_curve_not_yet_due() -> None:
    """Customer 1 weighs 4/(4+4) = 1/2 against the shop (half on due, half 8-14 late): 3/4 on
    the due date (D+3: week 0), 1/4 over D+11..D+17: 3 days in week 1, 4 in week 2."""
    result = forecast(HABITS, OpenItems([1], [-3], [10_000]), 3)
    assert result.expected == pytest.approx((7500, 2500 * 3 / 7, 2500 * 4 / 7))
    assert result.later == pytest.approx(0)


def test_overdue_invoice_is_paid_as_late_ones_were() -> None:
    """Five days late: only the 8-14 days part of the curve is left, scaled to one: lateness
    8-11 (D+3..D+6) in week 0, 12-14 in week 1."""
    result = forecast(HABITS, OpenItems([1], [5], [7_000]), 2)
    assert result.expected == pytest.approx((4000, 3000))


def test_later_than_ever_paid_is_not_expected_in_the_horizon() -> None:
    result = forecast(HABITS, OpenItems([2, 1], [30, -100], [5_000, 1_000]), 4)
    assert result.expected == pytest.approx((0, 0, 0, 0))
    assert result.later == pytest.approx(6_000)


def test_a_customer_without_history_pays_like_the_shop() -> None:
    result = forecast(HABITS, OpenItems([9], [-3], [10_000]), 3)
    assert result.expected == pytest.approx((5000, 5000 * 3 / 7, 5000 * 4 / 7))


def test_range_of_one_invoice_is_all_or_nothing() -> None:
    """One invoice paid in week 0 with chance 3/4, in week 1 with 3/28 (more than 1 in 10):
    each week brings 0 or all; a week with a chance under 1 in 10 brings 0 nine times in 10."""
    result = forecast(HABITS, OpenItems([1], [-3], [10_000]), 2)
    assert (result.low[0], result.high[0]) == (0, 10_000)
    assert (result.low[1], result.high[1]) == (0, 10_000)
    rare = forecast(
        Habits([(1, 1, *_masses(on_due=19, late=1))]), OpenItems([1], [-3], [10_000]), 2
    )
    assert rare.expected[1] == pytest.approx(10_000 / 20 * 3 / 7)
    assert (rare.low[1], rare.high[1]) == (0, 0)


def test_range_of_many_small_invoices_is_narrow_around_the_mean() -> None:
    n = 5_000
    result = forecast(HABITS, OpenItems([1] * n, [-3] * n, [100] * n), 1)
    assert result.expected[0] == pytest.approx(0.75 * 100 * n)
    assert result.low[0] < result.expected[0] < result.high[0]
    assert result.high[0] - result.low[0] < 0.05 * result.expected[0]
    again = forecast(HABITS, OpenItems([1] * n, [-3] * n, [100] * n), 1)
    assert again == result  # a fixed seed


def test_rows_of_one_customer_add_up() -> None:
    """Customer 1 in two rows (2 + 2 invoices) is customer 1 in one row (4 invoices)."""
    split = Habits(
        [(1, 2, *_masses(on_due=6)), (2, 4, *_masses(late=12)), (1, 2, *_masses(on_due=6))]
    )
    items = OpenItems([1], [-3], [10_000])
    assert forecast(split, items, 3) == forecast(HABITS, items, 3)


def test_no_history_at_all_expects_nothing_in_the_horizon() -> None:
    result = forecast(Habits([]), OpenItems([1], [-3], [10_000]), 2)
    assert (result.expected, result.later) == ((0, 0), 10_000)


def test_nothing_open() -> None:
    result = forecast(HABITS, OpenItems([], [], []), 2)
    assert (result.expected, result.later, result.low, result.high) == (
        (0, 0), 0, (0, 0), (0, 0),
    )  # fmt: skip


def test_split_units_keeps_the_total() -> None:
    parts = [214_285.714, 285_714.286, 857_142.857, 61_224.490, 81_632.653]
    assert split_units(parts, 1_500_000, 100) == [214_300, 285_700, 857_200, 61_200, 81_600]
    assert split_units([0.0, 0.0], 0, 100) == [0, 0]
