# SPDX-License-Identifier: MIT
"""The KPI formulas: the one rounding, the countback's walk over months, empty figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from arapp.domain.kpis import (
    METRICS,
    KpiFacts,
    MonthSales,
    Settled,
    countback_days,
    countback_months,
    countback_needs_more,
    kpi_figures,
    one_decimal,
    trend_days,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(225, 100), "2.3"),
        (Fraction(-225, 100), "-2.3"),
        (Fraction(224999, 100000), "2.2"),
        (Fraction(1, 3), "0.3"),
        (Fraction(-1, 100), "0.0"),
        (Fraction(0), "0.0"),
        (Fraction(100), "100.0"),
    ],
)
def test_one_rounding_half_away_from_zero(value: Fraction, shown: str) -> None:
    assert str(one_decimal(value)) == shown


def test_countback_walks_back_across_months() -> None:
    months = [MonthSales(23, D("95")), MonthSales(31, D("400")), MonthSales(30, D("210"))]
    assert countback_days(D("530"), months) == 23 + 31 + Fraction(30 * 35, 210)
    # AR smaller than the month of D: a part of that month only
    assert countback_days(D("19"), months) == Fraction(23 * 19, 95)
    # exactly the first month's sales: its days, then nothing left
    assert countback_days(D("95"), months) == 23
    assert not countback_needs_more(D("530"), months)
    assert countback_needs_more(D("10000"), months)


def test_countback_stops_after_24_months() -> None:
    months = [MonthSales(30, D("10"))] * 30
    assert countback_days(D("1000000"), months) == 24 * 30
    assert not countback_needs_more(D("1000000"), months[:24])


def test_countback_over_a_month_without_sales() -> None:
    # a month with no sales is counted whole while AR is left; dividing by it is empty
    months = [MonthSales(30, D("0")), MonthSales(31, D("100"))]
    assert countback_days(D("50"), months) == 30 + Fraction(31 * 50, 100)
    assert countback_days(D("-5"), months) is None


def test_countback_months_and_trend_days() -> None:
    assert countback_months(date(2026, 3, 10), 3) == [
        (date(2026, 3, 1), date(2026, 3, 10)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 1, 1), date(2026, 1, 31)),
    ]
    assert trend_days(date(2026, 3, 10), 3) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 10)
    ]  # fmt: skip
    assert len(trend_days(date(2026, 11, 23))) == 24


def _facts(**changes: object) -> KpiFacts:
    base: dict[str, object] = {
        "period_days": 90,
        "sales": D("705"),
        "beginning_ar": D("150"),
        "ending_ar": D("530"),
        "current_ar": D("85"),
        "months": (MonthSales(23, D("95")), MonthSales(31, D("400")), MonthSales(30, D("210"))),
        "settled": Settled(4, 165, 85),
    }
    base.update(changes)
    return KpiFacts(**base)  # type: ignore[arg-type]


def test_figures_and_their_order() -> None:
    figures = kpi_figures(_facts())
    assert [name for name, _ in figures.rows()] == list(METRICS)
    assert [value for _, value in figures.rows()] == [
        D("67.7"), D("59.0"), D("10.9"), D("56.8"), D("42.2"), D("84.0"), D("41.3"), D("21.3")
    ]  # fmt: skip


def test_delinquent_days_are_rounded_once() -> None:
    # DSO 0.449 and best 0.351 both show 0.4; the days delinquent are 0.098, not 0.4 - 0.4
    facts = _facts(period_days=100, sales=D("1000"), ending_ar=D("4.49"), current_ar=D("3.51"))
    figures = kpi_figures(facts)
    assert (figures.dso, figures.best_possible_dso) == (D("0.4"), D("0.4"))
    assert figures.average_days_delinquent == D("0.1")


def test_zero_denominators_are_empty_never_errors() -> None:
    figures = kpi_figures(
        _facts(sales=D("0"), ending_ar=D("0"), current_ar=D("0"), beginning_ar=D("0"),
               months=(MonthSales(23, D("0")),), settled=Settled())
    )  # fmt: skip
    assert figures.dso is None and figures.best_possible_dso is None
    assert figures.average_days_delinquent is None and figures.cei_percent is None
    assert figures.overdue_percent is None
    assert figures.average_days_to_pay is None and figures.average_days_late is None
    assert figures.countback_dso == D("0.0")  # nothing owed: no days
