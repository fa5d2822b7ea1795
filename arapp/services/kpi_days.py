# SPDX-License-Identifier: MIT
"""The per-day sums of :mod:`arapp.services.kpi_facts`, looked up by span: a trend asks for
the sales and the settled invoices of dozens of spans over the same days, each answered by
two binary searches in running sums instead of a walk over every day.

* :class:`SalesDays`: :func:`~arapp.services.kpi_facts.net_sales` of any span as seen on any
  day (the documents voided by then left out: their running sums are kept per day seen).
* :class:`SettledDays`: :func:`~arapp.services.kpi_facts.settled_between` of any span (the
  invoices touched by a reversal judged one by one, as there).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date
from itertools import accumulate

from arapp.domain.kpis import Settled
from arapp.services.kpi_facts import SalesRow, Touched


class _Running:
    """Amounts per day, summed over any span of days by two binary searches."""

    def __init__(self, per_day: dict[date, int]) -> None:
        self.days = sorted(per_day)
        self.sums = [0, *accumulate(per_day[day] for day in self.days)]

    def between(self, first: date, last: date) -> int:
        """The sum over the days in [first, last]."""
        low, high = bisect_left(self.days, first), bisect_right(self.days, last)
        return self.sums[high] - self.sums[low] if high > low else 0


class SalesDays:
    """Net credit sales per day, as :func:`~arapp.services.kpi_facts.net_sales` counts them."""

    def __init__(self, rows: Iterable[SalesRow]) -> None:
        issued: dict[date, int] = {}
        self._voided: list[SalesRow] = []
        for row in rows:
            day, voided, units = row
            issued[day] = issued.get(day, 0) + units
            if voided is not None:
                self._voided.append(row)
        self._issued = _Running(issued)
        self._seen: dict[date, _Running] = {}

    def net(self, first: date, last: date, seen_on: date) -> int:
        """Units issued in [first, last], less those voided by ``seen_on``."""
        if seen_on not in self._seen:
            gone: dict[date, int] = {}
            for day, voided, units in self._voided:
                if voided is not None and voided <= seen_on:
                    gone[day] = gone.get(day, 0) + units
            self._seen[seen_on] = _Running(gone)
        return self._issued.between(first, last) - self._seen[seen_on].between(first, last)


class SettledDays:
    """The invoices settled per day (never touched by a reversal) and those touched by one,
    as :func:`~arapp.services.kpi_facts.settled_between` counts them."""

    def __init__(self, by_day: dict[date, Settled], touched: Iterable[Touched]) -> None:
        self._days = sorted(by_day)
        self._sums = [Settled(), *accumulate(by_day[day] for day in self._days)]
        self._touched = sorted(touched, key=lambda invoice: invoice.moved[0])
        self._first_moved = [invoice.moved[0] for invoice in self._touched]

    def between(self, first: date, last: date) -> Settled:
        """The invoices whose balance reached zero in (first, last], as seen on ``last``."""
        low, high = bisect_right(self._days, first), bisect_right(self._days, last)
        total = self._sums[high] if high > low else Settled()
        if high > low and low:
            before = self._sums[low]
            total = Settled(
                total.count - before.count,
                total.days_to_pay - before.days_to_pay,
                total.days_late - before.days_late,
            )
        # those touched by a reversal with a movement in (first, last] (moved by ``last``)
        for invoice in self._touched[: bisect_right(self._first_moved, last)]:
            if invoice.moved[1] <= first:
                continue
            day = invoice.zero_day(last)
            if day is not None and first < day <= last:
                late = max(0, (day - invoice.due_date).days)
                total += Settled(1, (day - invoice.issue_date).days, late)
        return total


__all__ = ["SalesDays", "SettledDays"]
