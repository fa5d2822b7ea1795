# SPDX-License-Identifier: MIT
"""Late-fee periods and charges, and instalment schedules, on hand-computed cases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arapp.domain.errors import ValidationError
from arapp.domain.fees import FeePolicy, instalment_states, split_instalments

POLICY = FeePolicy(Decimal("5.00"), Decimal("1.5"), grace_days=7)


def test_no_period_until_the_grace_days_have_passed() -> None:
    due = date(2026, 10, 1)
    assert POLICY.periods_begun(due, date(2026, 10, 8)) == 0  # due + 7 days: still in grace
    assert POLICY.periods_begun(due, date(2026, 10, 9)) == 1
    assert POLICY.period_start(due, 1) == date(2026, 10, 9)


def test_a_new_period_begins_each_month_on_the_same_day() -> None:
    due = date(2026, 10, 1)
    assert POLICY.periods_begun(due, date(2026, 11, 8)) == 1
    assert POLICY.periods_begun(due, date(2026, 11, 9)) == 2
    assert POLICY.periods_begun(due, date(2027, 10, 9)) == 13


def test_periods_from_a_month_end_follow_shorter_months() -> None:
    policy = FeePolicy(Decimal(0), Decimal(1), grace_days=0)
    due = date(2027, 1, 30)  # first late day 31 January
    assert policy.period_start(due, 2) == date(2027, 2, 28)
    assert policy.periods_begun(due, date(2027, 2, 27)) == 1
    assert policy.periods_begun(due, date(2027, 2, 28)) == 2
    assert policy.period_start(due, 3) == date(2027, 3, 31)


@given(
    due=st.dates(date(2000, 1, 1), date(2090, 1, 1)),
    days=st.integers(0, 3000),
    grace=st.integers(0, 60),
)
def test_periods_begun_counts_exactly_the_starts_on_or_before_the_day(
    due: date, days: int, grace: int
) -> None:
    policy = FeePolicy(Decimal(1), Decimal(0), grace)
    as_of = due + timedelta(days=days)
    begun = policy.periods_begun(due, as_of)
    if begun:
        assert policy.period_start(due, begun) <= as_of
    assert policy.period_start(due, begun + 1) > as_of


def test_flat_fee_only_with_the_first_period_and_interest_rounded_half_up() -> None:
    assert POLICY.charge(1, Decimal("250.00"), "EUR") == (Decimal("5.00"), Decimal("3.75"))
    assert POLICY.charge(2, Decimal("250.00"), "EUR") == (Decimal(0), Decimal("3.75"))
    # 1.5% of 0.30 is 0.0045 -> 0.00; of 0.33 is 0.00495 -> 0.00; of 0.34 is 0.0051 -> 0.01
    assert POLICY.charge(2, Decimal("0.34"), "EUR")[1] == Decimal("0.01")
    assert POLICY.charge(3, Decimal("1000"), "JPY") == (Decimal(0), Decimal("15"))
    assert POLICY.charge(1, Decimal(0), "EUR") == (Decimal(0), Decimal(0))


def test_an_inactive_policy_charges_nothing() -> None:
    assert not FeePolicy().active
    assert POLICY.active


def test_instalments_add_up_to_the_cent_and_odd_cents_go_first() -> None:
    plan = split_instalments(Decimal("100.00"), 3, date(2026, 12, 31), "monthly", "EUR")
    assert plan == [
        (date(2026, 12, 31), Decimal("33.34")),
        (date(2027, 1, 31), Decimal("33.33")),
        (date(2027, 2, 28), Decimal("33.33")),
    ]
    weekly = split_instalments(Decimal("10"), 2, date(2026, 12, 1), "fortnightly", "EUR")
    assert [d for d, _ in weekly] == [date(2026, 12, 1), date(2026, 12, 15)]


@pytest.mark.parametrize(
    ("total", "count", "frequency"),
    [(Decimal(0), 3, "monthly"), (Decimal(10), 0, "monthly"), (Decimal(10), 2, "daily")],
)
def test_impossible_plans_are_refused(total: Decimal, count: int, frequency: str) -> None:
    with pytest.raises(ValidationError):
        split_instalments(total, count, date(2026, 12, 1), frequency, "EUR")


def test_payments_fill_instalments_in_order_and_past_unpaid_ones_are_missed() -> None:
    schedule = [
        (date(2026, 11, 1), Decimal("40.00")),
        (date(2026, 12, 1), Decimal("40.00")),
        (date(2027, 1, 1), Decimal("20.00")),
    ]
    states = instalment_states(schedule, Decimal("50.00"), as_of=date(2026, 12, 2))
    assert [s.status for s in states] == ["paid", "missed", "due"]
    assert [s.paid for s in states] == [Decimal("40.00"), Decimal("10.00"), Decimal(0)]
    on_time = instalment_states(schedule, Decimal("50.00"), as_of=date(2026, 12, 1))
    assert [s.status for s in on_time] == ["paid", "partially_paid", "due"]
    assert on_time[1].left == Decimal("30.00")


def test_the_fee_clock_stands_still_while_held() -> None:
    policy = FeePolicy(flat=Decimal(5), grace_days=0)
    due = date(2026, 10, 1)  # period 1 begins 10-02, period 2 11-02, period 3 12-02
    kept = [(date(2026, 11, 23), date(2027, 2, 2))]  # a plan kept 71 days, broken on 02-02
    assert policy.periods_begun(due, date(2027, 2, 10), kept) == 2
    assert policy.period_start(due, 3, kept) == date(2027, 2, 11)  # the 9 days left, after
    assert policy.periods_begun(due, date(2027, 2, 11), kept) == 3
    assert policy.period_start(due, 2, kept) == date(2026, 11, 2)  # before the pause: as ever
    running = [(date(2026, 11, 23), None)]  # an open dispute
    assert policy.period_start(due, 3, running) is None
    assert policy.periods_begun(due, date(2030, 1, 1), running) == 2


@given(
    st.integers(0, 10),
    st.lists(
        st.tuples(st.integers(-10, 200), st.one_of(st.none(), st.integers(0, 90))), max_size=3
    ),
    st.integers(0, 400),
)
def test_periods_begun_counts_the_period_starts_and_none_begins_while_held(
    grace: int, raw: list[tuple[int, int | None]], day: int
) -> None:
    policy = FeePolicy(interest_percent_per_month=Decimal(1), grace_days=grace)
    due = date(2026, 1, 31)
    pauses = [
        (due + timedelta(days=s), None if n is None else due + timedelta(days=s + n))
        for s, n in raw
    ]
    as_of = due + timedelta(days=day)
    starts = [policy.period_start(due, p, pauses) for p in range(1, 16)]
    assert policy.periods_begun(due, as_of, pauses) == sum(
        1 for s in starts if s is not None and s <= as_of
    )
    for start in (s for s in starts if s is not None):
        assert not any(a <= start and (b is None or start < b) for a, b in pauses)
