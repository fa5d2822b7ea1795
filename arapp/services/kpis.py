# SPDX-License-Identifier: MIT
"""Collection KPIs as of any day, company-wide or for one customer, and their monthly trend.

The figures follow :mod:`arapp.domain.kpis`; this module gathers their facts:

* **Ending and current AR** of the last day asked for are the aging report's own figures (its
  total and Current column): :func:`arapp.services.aging.aging_total` for the company (in its
  currency; the report's total row without its lines), :func:`arapp.services.aging.aging_items`
  for one customer (in the customer's currency). **Beginning AR** (the total as of D-P), and
  the trend's earlier months, follow from that total and the movements dated in between
  (:mod:`arapp.services.kpi_receivables`, held to the aging report on every day by its tests):
  one aging report, not one per day.
* **Net credit sales** and **the invoices settled in the period** are summed in SQL
  (:mod:`arapp.services.kpi_facts`), company-wide over the documents in the company's currency.
  A document voided on or before the day asked for is left out; one voided later still counts,
  as the aging report counts it (a day's KPIs computed later equal those computed on the day).

:func:`kpi_report` is one day; :func:`kpi_trend` the last 24 months (the last day of each
month, the current month as of D), sharing one read of the sales, movements and settled
invoices across the months; the receivables and the settled invoices are read on two threads
beside the other sums, each in its own session (SQLite works on one while Python waits on
another). Both return plain frozen results and touch no Qt: a window runs them on a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Customer
from arapp.db.types import from_units, to_units
from arapp.domain.aging import AgingBucket
from arapp.domain.errors import ValidationError
from arapp.domain.kpis import (
    COUNTBACK_MONTHS,
    KpiFacts,
    KpiFigures,
    MonthSales,
    Settled,
    countback_months,
    countback_needs_more,
    kpi_figures,
    trend_days,
)
from arapp.domain.money import quantize
from arapp.services.aging import aging_items, aging_total
from arapp.services.company import company_currency
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.kpi_days import SalesDays, SettledDays
from arapp.services.kpi_facts import (
    SalesRow,
    Scope,
    Touched,
    sales_rows,
    settled_by_day,
    touched_invoices,
)
from arapp.services.kpi_receivables import (
    current_units,
    longest_terms,
    movements_by_day,
    series,
)

#: P when none is given.
DEFAULT_PERIOD_DAYS = 90
#: The longest period accepted (ten years).
LONGEST_PERIOD_DAYS = 3660
#: Months read back at a time for the countback beyond the first ones.
_CHUNK_MONTHS = 6


@dataclass(frozen=True)
class KpiReport:
    """The KPIs of one day.

    Attributes:
        as_of: D.
        period_days: P.
        currency: The currency of the amounts (the company's, or the customer's).
        customer_code: The customer's code; empty for the whole company.
        customer_name: The customer's name; empty for the whole company.
        facts: What the figures are computed from (sales, AR, settled invoices).
        figures: The KPIs.
    """

    as_of: date
    period_days: int
    currency: str
    customer_code: str
    customer_name: str
    facts: KpiFacts
    figures: KpiFigures


def kpi_report(
    ctx: AppContext,
    as_of: date | None = None,
    period_days: int = DEFAULT_PERIOD_DAYS,
    customer_code: str = "",
) -> KpiReport:
    """The KPIs as of ``as_of`` (default today) over the ``period_days`` before it, for the
    whole company or the customer with ``customer_code``."""
    return _reports(ctx, [as_of or ctx.today()], period_days, customer_code)[0]


def kpi_trend(
    ctx: AppContext,
    as_of: date | None = None,
    period_days: int = DEFAULT_PERIOD_DAYS,
    customer_code: str = "",
    months: int = COUNTBACK_MONTHS,
) -> tuple[KpiReport, ...]:
    """The KPIs of the last day of each of the ``months`` months up to the month of ``as_of``
    (that month as of ``as_of`` itself), oldest first; each over ``period_days``."""
    if not 1 <= months <= 120:
        raise InputErrors([ValidationError("months", "A trend covers 1 to 120 months.")])
    return _reports(ctx, trend_days(as_of or ctx.today(), months), period_days, customer_code)


def kpi_reports(
    ctx: AppContext,
    days: Sequence[date],
    period_days: int = DEFAULT_PERIOD_DAYS,
    customer_code: str = "",
) -> tuple[KpiReport, ...]:
    """The KPIs of each of ``days`` in that order, sharing one aging report (of the last day)
    and one read of the sums: a day and the day a period before cost about one day."""
    if not days:
        return ()
    return _reports(ctx, list(days), period_days, customer_code)


@dataclass(frozen=True)
class _Whose:
    scope: Scope
    code: str
    name: str


def _whose(session: Session, customer_code: str) -> _Whose:
    code = customer_code.strip().upper()
    if not code:
        return _Whose(Scope(company_currency(session)), "", "")
    row = session.execute(
        select(Customer.id, Customer.name, Customer.currency).where(Customer.code == code)
    ).first()
    if row is None:
        raise NotFound(f"There is no customer with code {code}.")
    return _Whose(Scope(row.currency, row.id), code, row.name)


def _check_period(period_days: int) -> None:
    if isinstance(period_days, bool) or not 1 <= period_days <= LONGEST_PERIOD_DAYS:
        raise InputErrors(
            [ValidationError("period_days", f"The period is 1 to {LONGEST_PERIOD_DAYS} days.")]
        )


class _Receivables:
    """The aging report's total and Current column per day, each day asked for once."""

    def __init__(self, ctx: AppContext, scope: Scope) -> None:
        self._ctx, self.scope = ctx, scope
        self._seen: dict[date, tuple[Decimal, Decimal]] = {}

    def on(self, day: date) -> tuple[Decimal, Decimal]:
        """``(total, current)`` as of ``day``."""
        if day not in self._seen:
            self._seen[day] = self._read(day)
        return self._seen[day]

    def _read(self, day: date) -> tuple[Decimal, Decimal]:
        if self.scope.customer_id is None:  # the report's total row, summed at once
            row = aging_total(self._ctx, day, currency=self.scope.currency)
            return row.total, row[AgingBucket.CURRENT]
        zero = quantize(0, self.scope.currency)
        items = aging_items(self._ctx, self.scope.customer_id, day)
        total = sum((i.open for i in items), zero)
        current = sum((i.open for i in items if i.bucket is AgingBucket.CURRENT), zero)
        return total, current


class _Sales:
    """Net credit sales per day, read once and further back only when a countback needs it."""

    def __init__(self, session: Session, scope: Scope, first: date, last: date) -> None:
        self._session, self._scope = session, scope
        self.rows: list[SalesRow] = sales_rows(session, first, last, scope)
        self._days = SalesDays(self.rows)
        self._first = first

    def reopen(self, session: Session) -> None:
        """Read further back (a countback) through ``session`` from now on."""
        self._session = session

    def between(self, first: date, last: date, seen_on: date) -> Decimal:
        if first < self._first:
            start = min(first, _months_before(self._first, _CHUNK_MONTHS))
            self.rows += sales_rows(
                self._session, start, self._first - timedelta(days=1), self._scope
            )
            self._days = SalesDays(self.rows)
            self._first = start
        units = self._days.net(first, last, seen_on)
        return quantize(from_units(units), self._scope.currency)


def _months_before(day: date, months: int) -> date:
    first = day.replace(day=1)
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def _countback(sales: _Sales, as_of: date, ending: Decimal) -> tuple[MonthSales, ...]:
    """The months the countback of ``as_of`` walks over, as few as it needs."""
    months: list[MonthSales] = []
    for first, last in countback_months(as_of):
        months.append(MonthSales((last - first).days + 1, sales.between(first, last, as_of)))
        if not countback_needs_more(ending, months):
            break
    return tuple(months)


def _reports(
    ctx: AppContext, days: Sequence[date], period_days: int, customer_code: str
) -> tuple[KpiReport, ...]:
    _check_period(period_days)
    period = timedelta(days=period_days)
    with ctx.db.read() as session:
        whose = _whose(session, customer_code)
    scope = whose.scope
    last = max(days)
    # The receivables (the last day's aging report, the other days' Current column) are read
    # on a thread beside the sums below, each in its own session: both spend most of their
    # time in the database, which lets the other run meanwhile.
    # The settled invoices are summed on a third thread: over a trend's months that is every
    # movement grouped per invoice, as long as the other two threads' work together.
    with ThreadPoolExecutor(2, thread_name_prefix="kpi-facts") as pool:
        balances = pool.submit(_balances, ctx, _Receivables(ctx, scope), days)
        settled = pool.submit(_settled, ctx, scope, days, period)
        with ctx.db.read() as session:
            sales, change, touched = _gather(session, scope, days, period)
        last_total, currents = balances.result()
        by_day = settled.result()
    totals = series((last, to_units(last_total)), change, [*days, *(d - period for d in days)])
    settled_days = SettledDays(by_day, touched)
    reports = []
    with ctx.db.read() as session:
        sales.reopen(session)
        for day in days:
            ending = _money(totals[day], scope.currency)
            facts = KpiFacts(
                period_days=period_days,
                sales=sales.between(day - period + timedelta(days=1), day, day),
                beginning_ar=_money(totals[day - period], scope.currency),
                ending_ar=ending,
                current_ar=currents[day],
                months=_countback(sales, day, ending),
                settled=settled_days.between(day - period, day),
            )
            reports.append(
                KpiReport(
                    day, period_days, scope.currency, whose.code, whose.name, facts,
                    kpi_figures(facts),
                )
            )  # fmt: skip
    return tuple(reports)


def _balances(
    ctx: AppContext, receivables: _Receivables, days: Sequence[date]
) -> tuple[Decimal, dict[date, Decimal]]:
    """The aging report's total as of the last of ``days``, and the Current column of each."""
    last = max(days)
    total, current = receivables.on(last)
    currents = {last: current}
    earlier = sorted(day for day in set(days) if day < last)
    if earlier:
        with ctx.db.read() as session:
            terms = longest_terms(session, earlier[0], receivables.scope)
            for day in earlier:
                currents[day] = _current(session, receivables, day, terms)
    return total, currents


_Gathered = tuple[_Sales, dict[date, int], list[Touched]]


def _gather(session: Session, scope: Scope, days: Sequence[date], period: timedelta) -> _Gathered:
    """What every day needs, read once: sales per day (the periods, and the first months of
    the countbacks), the movements per day, the invoices touched by a reversal."""
    first, last = min(days) - period, max(days)
    sales = _Sales(
        session, scope, min(first + timedelta(days=1), _months_before(min(days), 1)), last
    )
    change = movements_by_day(session, first, last, scope, sales.rows)
    return sales, change, touched_invoices(session, last, scope)


def _settled(
    ctx: AppContext, scope: Scope, days: Sequence[date], period: timedelta
) -> dict[date, Settled]:
    """The invoices settled per day over every day's period, in a session of its own."""
    with ctx.db.read() as session:
        return settled_by_day(session, min(days) - period, max(days), scope)


def _money(units: int, currency: str) -> Decimal:
    return quantize(from_units(units), currency)


def _current(session: Session, receivables: _Receivables, day: date, terms: int) -> Decimal:
    """The Current column of ``day``: summed in SQL, or the aging report's own when refunds
    make that day's credit depend on the order of payments (see kpi_receivables)."""
    units = current_units(session, day, terms, receivables.scope)
    return receivables.on(day)[1] if units is None else _money(units, receivables.scope.currency)
