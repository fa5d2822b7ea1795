# SPDX-License-Identifier: MIT
"""Collection KPIs as of any day, company-wide or for one customer, and their monthly trend.

The figures follow :mod:`arapp.domain.kpis`; this module gathers their facts:

* **Ending, current and beginning AR** are the aging report's own figures (the total and the
  Current column as of D, the total as of D-P): :func:`arapp.services.aging.aging_report` for
  the company (in its currency), :func:`arapp.services.aging.aging_items` for one customer (in
  the customer's currency). Nothing here re-derives what is open.
* **Net credit sales** and **the invoices settled in the period** are summed in SQL
  (:mod:`arapp.services.kpi_facts`), company-wide over the documents in the company's currency.
  A document voided on or before the day asked for is left out; one voided later still counts,
  as the aging report counts it (a day's KPIs computed later equal those computed on the day).

:func:`kpi_report` is one day; :func:`kpi_trend` the last 24 months (the last day of each
month, the current month as of D), sharing one read of the sales and the settled invoices across
the months; each month still asks the aging report for its two days. Both return plain frozen
results and touch no Qt: a window runs them on a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from arapp.db.models import Customer
from arapp.db.types import from_units
from arapp.domain.aging import AgingBucket
from arapp.domain.errors import ValidationError
from arapp.domain.kpis import (
    COUNTBACK_MONTHS,
    KpiFacts,
    KpiFigures,
    MonthSales,
    countback_months,
    countback_needs_more,
    kpi_figures,
    trend_days,
)
from arapp.domain.money import quantize
from arapp.services.aging import aging_items, aging_report
from arapp.services.company import company_currency
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, NotFound
from arapp.services.kpi_facts import (
    SalesRow,
    Scope,
    net_sales,
    sales_rows,
    settled_between,
    settled_by_day,
    touched_invoices,
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
        self._ctx, self._scope = ctx, scope
        self._seen: dict[date, tuple[Decimal, Decimal]] = {}

    def on(self, day: date) -> tuple[Decimal, Decimal]:
        """``(total, current)`` as of ``day``."""
        if day not in self._seen:
            self._seen[day] = self._read(day)
        return self._seen[day]

    def _read(self, day: date) -> tuple[Decimal, Decimal]:
        if self._scope.customer_id is None:
            row = aging_report(self._ctx, day, currency=self._scope.currency).total
            return row.total, row[AgingBucket.CURRENT]
        zero = quantize(0, self._scope.currency)
        items = aging_items(self._ctx, self._scope.customer_id, day)
        total = sum((i.open for i in items), zero)
        current = sum((i.open for i in items if i.bucket is AgingBucket.CURRENT), zero)
        return total, current


class _Sales:
    """Net credit sales per day, read once and further back only when a countback needs it."""

    def __init__(self, session: Session, scope: Scope, first: date, last: date) -> None:
        self._session, self._scope = session, scope
        self._rows: list[SalesRow] = sales_rows(session, first, last, scope)
        self._first = first

    def between(self, first: date, last: date, seen_on: date) -> Decimal:
        if first < self._first:
            start = min(first, _months_before(self._first, _CHUNK_MONTHS))
            self._rows += sales_rows(
                self._session, start, self._first - timedelta(days=1), self._scope
            )
            self._first = start
        units = net_sales(self._rows, first, last, seen_on)
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
    receivables = _Receivables(ctx, whose.scope)
    balances = [(receivables.on(day), receivables.on(day - period)[0]) for day in days]
    first, last = min(days) - period, max(days)
    with ctx.db.read() as session:
        # the period of every day, and the first months of their countbacks
        sales = _Sales(
            session, whose.scope, min(first + timedelta(days=1), _months_before(min(days), 1)), last
        )
        by_day = settled_by_day(session, first, last, whose.scope)
        touched = touched_invoices(session, last, whose.scope)
        reports = []
        for day, ((ending, current), beginning) in zip(days, balances, strict=True):
            facts = KpiFacts(
                period_days=period_days,
                sales=sales.between(day - period + timedelta(days=1), day, day),
                beginning_ar=beginning,
                ending_ar=ending,
                current_ar=current,
                months=_countback(sales, day, ending),
                settled=settled_between(by_day, touched, day - period, day),
            )
            reports.append(
                KpiReport(
                    day, period_days, whose.scope.currency, whose.code, whose.name, facts,
                    kpi_figures(facts),
                )
            )  # fmt: skip
    return tuple(reports)
