# SPDX-License-Identifier: MIT
"""Tests for arapp.domain.aging: bucket boundaries and aging rows."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arapp.domain.aging import AgingBucket, AgingRow, age_items, bucket_for, days_past_due
from arapp.domain.money import strict_context

FAST = settings(max_examples=60, deadline=None)
AS_OF = date(2024, 6, 30)


def D(text: str) -> Decimal:
    return Decimal(text)


def test_labels_and_order() -> None:
    assert [b.label for b in AgingBucket] == ["Current", "1-30", "31-60", "61-90", "90+"]
    assert [int(b) for b in AgingBucket] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-10, AgingBucket.CURRENT),
        (0, AgingBucket.CURRENT),
        (1, AgingBucket.DAYS_1_30),
        (30, AgingBucket.DAYS_1_30),
        (31, AgingBucket.DAYS_31_60),
        (60, AgingBucket.DAYS_31_60),
        (61, AgingBucket.DAYS_61_90),
        (90, AgingBucket.DAYS_61_90),
        (91, AgingBucket.DAYS_90_PLUS),
        (1000, AgingBucket.DAYS_90_PLUS),
    ],
)
def test_bucket_boundaries(days: int, bucket: AgingBucket) -> None:
    due = AS_OF - timedelta(days=days)
    assert days_past_due(due, AS_OF) == days
    assert bucket_for(due, AS_OF) is bucket


def test_due_today_is_current() -> None:
    assert days_past_due(AS_OF, AS_OF) == 0
    assert bucket_for(AS_OF, AS_OF) is AgingBucket.CURRENT


def test_dates_only() -> None:
    with pytest.raises(TypeError):
        days_past_due(datetime(2024, 1, 1), AS_OF)  # noqa: DTZ001
    with pytest.raises(TypeError):
        bucket_for(AS_OF, "2024-06-30")  # type: ignore[arg-type]


def test_age_items() -> None:
    items = [
        (AS_OF, D("100.00")),
        (AS_OF + timedelta(days=5), D("50")),
        (AS_OF - timedelta(days=1), D("10.005")),
        (AS_OF - timedelta(days=45), D("20.00")),
        (AS_OF - timedelta(days=45), D("-5.00")),  # credit note
        (AS_OF - timedelta(days=120), D("1.00")),
    ]
    with strict_context():
        row = age_items(items, AS_OF, "EUR")
    assert row.buckets == (D("150.00"), D("10.01"), D("15.00"), D("0.00"), D("1.00"))
    assert row.total == D("176.01")
    assert row[AgingBucket.DAYS_1_30] == D("10.01")
    assert row.overdue == D("26.01")
    assert [str(b) for b in row.buckets][3] == "0.00"


def test_age_items_empty_and_zero_decimal_currency() -> None:
    row = age_items([], AS_OF, "JPY")
    assert row == AgingRow.empty("JPY")
    assert [str(b) for b in row.buckets] == ["0"] * 5
    assert str(row.total) == "0"


def test_age_items_refuses_float() -> None:
    with pytest.raises(TypeError):
        age_items([(AS_OF, 1.5)], AS_OF, "EUR")  # type: ignore[list-item]


def test_rows_add_up() -> None:
    a = AgingRow((D(1), D(2), D(3), D(4), D(5)), D(15))
    b = AgingRow((D(10), D(0), D(0), D(0), D(-1)), D(9))
    assert a + b == AgingRow((D(11), D(2), D(3), D(4), D(4)), D(24))
    assert sum([a, b]) == a + b
    with pytest.raises(TypeError):
        a + 1  # type: ignore[operator]


def test_row_validation() -> None:
    with pytest.raises(ValueError, match="5 buckets"):
        AgingRow((D(1),), D(1))
    with pytest.raises(ValueError, match="not the sum"):
        AgingRow((D(1), D(0), D(0), D(0), D(0)), D(2))
    with pytest.raises(TypeError):
        AgingRow((1.0, 0, 0, 0, 0), D(1))  # type: ignore[arg-type]


ITEMS = st.lists(
    st.tuples(
        st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 1, 1)),
        st.decimals(min_value=-(10**6), max_value=10**6, places=2),
    ),
    max_size=20,
)


@FAST
@given(items=ITEMS, split=st.integers(min_value=0, max_value=20))
def test_aging_partitions_the_open_amount(items: list[tuple[date, Decimal]], split: int) -> None:
    row = age_items(items, AS_OF, "EUR")
    assert row.total == sum((amount for _, amount in items), D("0.00"))
    assert age_items(items[:split], AS_OF, "EUR") + age_items(items[split:], AS_OF, "EUR") == row
    for bucket in AgingBucket:
        expected = sum(
            (amount for due, amount in items if bucket_for(due, AS_OF) is bucket), Decimal(0)
        )
        assert row[bucket] == expected
