# SPDX-License-Identifier: MIT
"""The per-day sums looked up by span (services/kpi_days.py) give what the plain walks over
every day give (services/kpi_facts.py), on random days, voids, spans and reversals."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from arapp.domain.kpis import Settled
from arapp.services.kpi_days import SalesDays, SettledDays
from arapp.services.kpi_facts import Touched, net_sales, settled_between

START = date(2026, 1, 1)
days = st.integers(0, 60).map(lambda n: START + timedelta(days=n))
maybe_day = st.one_of(st.none(), days)
sales = st.lists(st.tuples(days, maybe_day, st.integers(-500, 500)), max_size=40)
spans = st.lists(st.tuples(days, days, days), min_size=1, max_size=8)
settled = st.dictionaries(
    days, st.builds(Settled, st.integers(0, 9), st.integers(0, 99), st.integers(0, 99))
)
touched = st.lists(
    st.builds(
        Touched,
        days,
        days,
        st.integers(1, 300),
        st.lists(st.tuples(st.integers(1, 200), days, maybe_day), min_size=1, max_size=4).map(
            tuple
        ),
    ),
    max_size=6,
)


@given(rows=sales, asked=spans)
def test_sales_by_span_equal_the_walk(rows, asked) -> None:  # type: ignore[no-untyped-def]
    looked_up = SalesDays(rows)
    for first, last, seen_on in asked:
        assert looked_up.net(first, last, seen_on) == net_sales(rows, first, last, seen_on)


@given(by_day=settled, invoices=touched, asked=spans)
def test_settled_by_span_equal_the_walk(by_day, invoices, asked) -> None:  # type: ignore[no-untyped-def]
    looked_up = SettledDays(by_day, invoices)
    for first, last, _ in asked:
        expected = settled_between(by_day, invoices, first, last)
        assert looked_up.between(first, last) == expected
