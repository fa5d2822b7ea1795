# SPDX-License-Identifier: MIT
"""Collection KPIs as of a day D over a period of P days: the formulas, nothing else.

The facts (net credit sales, receivables from the aging report, the invoices settled in the
period) are gathered by :mod:`arapp.services.kpis`; here they become figures:

* **DSO** = ending AR / S x P; **best possible DSO** = current AR / S x P; **average days
  delinquent** = DSO - best possible DSO.
* **Countback DSO**: from ending AR, walk back month by month (the month of D counts its days
  1..D, each month before all its days): while the AR left is at least the month's net credit
  sales, take them off and count the month's days; then count the month's days x AR left / its
  sales and stop. After 24 months the days counted so far are the figure. Nothing left to
  count back (AR left zero) counts no further days.
* **CEI** = (beginning AR + S - ending AR) / (beginning AR + S - ending current AR) x 100.
* **Overdue share** = (ending AR - current AR) / ending AR x 100.
* **Average days to pay** and **average days late**: unweighted means over the invoices whose
  balance reached zero in (D-P, D], of (that day - issue date) and max(0, that day - due date).

The one rounding: every figure is computed exactly (fractions) and rounded once, half away from
zero, to one decimal (:func:`one_decimal`); average days delinquent is the exact difference
rounded, not the difference of two rounded figures. A figure whose denominator is zero is
``None`` (shown as empty), never an error or an infinity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "COUNTBACK_MONTHS",
    "METRICS",
    "KpiFacts",
    "KpiFigures",
    "MonthSales",
    "Settled",
    "countback_days",
    "countback_months",
    "countback_needs_more",
    "kpi_figures",
    "one_decimal",
    "overdue_share",
    "trend_days",
]

#: The countback looks back at most this many months (the month of D included).
COUNTBACK_MONTHS = 24

#: The figures in the order of the CSV rows (``arapp report kpis --format csv``).
METRICS: tuple[str, ...] = (
    "dso",
    "countback_dso",
    "best_possible_dso",
    "average_days_delinquent",
    "cei_percent",
    "overdue_percent",
    "average_days_to_pay",
    "average_days_late",
)


def one_decimal(value: Fraction) -> Decimal:
    """THE rounding of a KPI: half away from zero to one decimal (``2.25 -> 2.3``,
    ``-2.25 -> -2.3``), exactly (integer arithmetic on the fraction)."""
    tenths = abs(value) * 10
    whole = (tenths.numerator * 2 + tenths.denominator) // (tenths.denominator * 2)
    return Decimal(-whole if value < 0 and whole else whole).scaleb(-1)


@dataclass(frozen=True)
class MonthSales:
    """One month of the countback.

    Attributes:
        days: The days it counts (the month of D: 1..D; the others: all their days).
        sales: Its net credit sales (invoices and fee documents less credit notes).
    """

    days: int
    sales: Decimal


@dataclass(frozen=True)
class Settled:
    """The invoices whose balance reached zero in the period.

    Attributes:
        count: How many.
        days_to_pay: The sum over them of (day it reached zero - issue date).
        days_late: The sum over them of max(0, day it reached zero - due date).
    """

    count: int = 0
    days_to_pay: int = 0
    days_late: int = 0

    def __add__(self, other: Settled) -> Settled:
        return Settled(
            self.count + other.count,
            self.days_to_pay + other.days_to_pay,
            self.days_late + other.days_late,
        )


@dataclass(frozen=True)
class KpiFacts:
    """What the KPIs of a day and period are computed from (amounts in one currency).

    Attributes:
        period_days: P, the period's length in days.
        sales: S, net credit sales of (D-P, D].
        beginning_ar: The aging report's total as of D-P.
        ending_ar: The aging report's total as of D.
        current_ar: Its not-yet-due (Current) column as of D.
        months: The countback's months, the month of D first, then each month before (up to
            :data:`COUNTBACK_MONTHS`; fewer when the countback stops earlier).
        settled: The invoices whose balance reached zero in (D-P, D].
    """

    period_days: int
    sales: Decimal
    beginning_ar: Decimal
    ending_ar: Decimal
    current_ar: Decimal
    months: tuple[MonthSales, ...]
    settled: Settled


@dataclass(frozen=True)
class KpiFigures:
    """The KPIs, each rounded to one decimal, ``None`` where its denominator is zero.

    Attributes:
        dso: Days sales outstanding.
        countback_dso: Days of the latest sales the ending AR adds up to.
        best_possible_dso: DSO of the not-yet-due part of AR alone.
        average_days_delinquent: DSO - best possible DSO.
        cei_percent: Collection effectiveness index.
        overdue_percent: Share of AR past its due date.
        average_days_to_pay: Mean days from issue to paid off.
        average_days_late: Mean days after the due date it was paid off (0 when on time).
    """

    dso: Decimal | None
    countback_dso: Decimal | None
    best_possible_dso: Decimal | None
    average_days_delinquent: Decimal | None
    cei_percent: Decimal | None
    overdue_percent: Decimal | None
    average_days_to_pay: Decimal | None
    average_days_late: Decimal | None

    def rows(self) -> list[tuple[str, Decimal | None]]:
        """``(metric, value)`` in the order of :data:`METRICS`."""
        return [(name, getattr(self, name)) for name in METRICS]


def overdue_share(ending_ar: Decimal, current_ar: Decimal) -> Decimal | None:
    """The share of ``ending_ar`` past its due date (``current_ar`` is not), one decimal;
    ``None`` when nothing is owed (the figure of :func:`kpi_figures`)."""
    return _rounded(_overdue_share(Fraction(ending_ar), Fraction(current_ar)))


def _overdue_share(ending: Fraction, current: Fraction) -> Fraction | None:
    return _ratio((ending - current) * 100, ending)


def _ratio(numerator: Fraction, denominator: Fraction) -> Fraction | None:
    return None if denominator == 0 else numerator / denominator


def _rounded(value: Fraction | None) -> Decimal | None:
    return None if value is None else one_decimal(value)


def countback_days(ending_ar: Decimal, months: Sequence[MonthSales]) -> Fraction | None:
    """The countback DSO, exact; ``None`` when a month's sales to divide by are zero.

    ``months`` runs from the month of D backwards; only the first :data:`COUNTBACK_MONTHS`
    count. When they run out before the walk stops, the days counted so far are the figure.
    """
    left, days = Fraction(ending_ar), Fraction(0)
    for month in months[:COUNTBACK_MONTHS]:
        if left == 0:
            break
        sales = Fraction(month.sales)
        if left >= sales:
            left -= sales
            days += month.days
            continue
        if sales == 0:
            return None
        return days + month.days * left / sales
    return days


def countback_needs_more(ending_ar: Decimal, months: Sequence[MonthSales]) -> bool:
    """Whether the walk over ``months`` has not stopped yet (more months would be read)."""
    left = Fraction(ending_ar)
    for month in months[:COUNTBACK_MONTHS]:
        if left == 0 or left < Fraction(month.sales):
            return False
        left -= Fraction(month.sales)
    return left != 0 and len(months) < COUNTBACK_MONTHS


def countback_months(as_of: date, count: int = COUNTBACK_MONTHS) -> list[tuple[date, date]]:
    """The countback's months as ``(first day, last day)``, inclusive: the month of ``as_of``
    from its 1st to ``as_of``, then ``count - 1`` whole months before it, newest first."""
    spans = [(as_of.replace(day=1), as_of)]
    while len(spans) < count:
        last = spans[-1][0] - timedelta(days=1)
        spans.append((last.replace(day=1), last))
    return spans


def trend_days(as_of: date, months: int = COUNTBACK_MONTHS) -> list[date]:
    """The days of a monthly trend, oldest first: the last day of each of the ``months - 1``
    months before the month of ``as_of``, then ``as_of`` itself."""
    days = [as_of]
    while len(days) < months:
        first = days[-1].replace(day=1)
        days.append(first - timedelta(days=1))
    return days[::-1]


def kpi_figures(facts: KpiFacts) -> KpiFigures:
    """The KPIs of ``facts`` (see the module's docstring for each formula)."""
    sales = Fraction(facts.sales)
    ending, current = Fraction(facts.ending_ar), Fraction(facts.current_ar)
    beginning, period = Fraction(facts.beginning_ar), facts.period_days
    dso = _ratio(ending * period, sales)
    best = _ratio(current * period, sales)
    delinquent = None if dso is None or best is None else dso - best
    cei = _ratio((beginning + sales - ending) * 100, beginning + sales - current)
    overdue = _overdue_share(ending, current)
    settled = facts.settled
    to_pay = _ratio(Fraction(settled.days_to_pay), Fraction(settled.count))
    late = _ratio(Fraction(settled.days_late), Fraction(settled.count))
    return KpiFigures(
        dso=_rounded(dso),
        countback_dso=_rounded(countback_days(facts.ending_ar, facts.months)),
        best_possible_dso=_rounded(best),
        average_days_delinquent=_rounded(delinquent),
        cei_percent=_rounded(cei),
        overdue_percent=_rounded(overdue),
        average_days_to_pay=_rounded(to_pay),
        average_days_late=_rounded(late),
    )
