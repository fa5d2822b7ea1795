# SPDX-License-Identifier: MIT
"""The figures of the Insight tab and of the monthly receivables report, only facts known on
the day asked for (see :mod:`arapp.domain.insight` for what each is).

* :func:`insight_owed`: what is owed and overdue as of the day, the aging report's total row
  summed at once (:func:`arapp.services.aging.aging_total`): the tab's very first figures, a
  fraction of a second on a million invoices.
* :func:`insight_first`: the KPIs as of the day and a period before it, in one call of the KPI
  service (one aging report, the earlier day from the movements): the tiles, within a second
  on a million invoices.
* :func:`insight_months`: per month of the last 24, invoiced and collected (summed per day in
  SQL, folded into months here), and the aging buckets of each month's last day. The KPI
  trend (:func:`arapp.services.kpis.kpi_trend`) already has each day's total and Current
  column; the 1-30, 31-60 and 61-90 columns are summed in SQL over the documents due in the
  90 days before the day (:func:`arapp.services.kpi_receivables.overdue_units`), and 90+ is
  what is left of the total. On the rare day a customer's refund makes that depend on the
  order of payments, the day's buckets are the aging report's own.
* :func:`days_late_history`: one customer's invoices by days late.

They return plain frozen values and touch no Qt: the tab runs them on a worker.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Integer, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from arapp.db.models import Invoice, Payment, open_invoice
from arapp.db.types import from_units
from arapp.domain.aging import AgingRow
from arapp.domain.insight import (
    InsightFirst,
    InsightMonths,
    InsightOwed,
    KpiDay,
    LatePoint,
    MonthFigures,
)
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.kpis import COUNTBACK_MONTHS
from arapp.domain.money import quantize
from arapp.services.aging import aging_report, aging_total
from arapp.services.company import company_currency
from arapp.services.context import AppContext
from arapp.services.kpi_facts import REVERSED, Scope, literal_text
from arapp.services.kpi_receivables import longest_terms, overdue_units
from arapp.services.kpis import DEFAULT_PERIOD_DAYS, KpiReport, kpi_reports, kpi_trend


def _units(column: Any) -> ColumnElement[int]:
    """A money column as its stored integer units (no Decimal on the way)."""
    return type_coerce(column, Integer)


#: Invoices in a customer's history of days late (the latest by due date).
HISTORY_INVOICES = 24


def _day(report: KpiReport) -> KpiDay:
    return KpiDay(report.as_of, report.facts, report.figures)


def insight_owed(ctx: AppContext, as_of: date | None = None) -> InsightOwed:
    """What the company is owed as of ``as_of`` (today), by the aging report's total row."""
    day = as_of or ctx.today()
    with ctx.db.read() as session:
        currency = company_currency(session)
    return InsightOwed(day, currency, aging_total(ctx, day, currency))


def insight_first(
    ctx: AppContext,
    as_of: date | None = None,
    period_days: int = DEFAULT_PERIOD_DAYS,
    compare: bool = True,
) -> InsightFirst:
    """The company's KPIs as of ``as_of`` (today) and, with ``compare``, ``period_days`` before
    it (both in one call: about the cost of one day). Without, ``before`` is None: the tab's
    first figures, within a second on big books (:func:`insight_before` follows)."""
    day = as_of or ctx.today()
    if not compare:
        (now,) = kpi_reports(ctx, [day], period_days)
        return InsightFirst(day, period_days, now.currency, _day(now), None)
    before, now = kpi_reports(ctx, [day - timedelta(days=period_days), day], period_days)
    return InsightFirst(day, period_days, now.currency, _day(now), _day(before))


def insight_before(
    ctx: AppContext, as_of: date | None = None, period_days: int = DEFAULT_PERIOD_DAYS
) -> KpiDay:
    """The company's KPIs ``period_days`` before ``as_of`` (today): what the tiles compare."""
    day = as_of or ctx.today()
    (before,) = kpi_reports(ctx, [day - timedelta(days=period_days)], period_days)
    return _day(before)


def insight_months(
    ctx: AppContext,
    as_of: date | None = None,
    period_days: int = DEFAULT_PERIOD_DAYS,
    months: int = COUNTBACK_MONTHS,
) -> InsightMonths:
    """The ``months`` months up to the month of ``as_of`` (today), oldest first."""
    day = as_of or ctx.today()
    trend = kpi_trend(ctx, day, period_days, months=months)
    currency = trend[-1].currency
    first = trend[0].as_of.replace(day=1)
    scope = Scope(currency)
    with ctx.db.read() as session:
        invoiced = _invoiced(session, first, day, scope)
        collected = _collected(session, first, day, currency)
        terms = longest_terms(session, first - timedelta(days=90), scope)
        rows = [_aging(ctx, session, report, terms, scope) for report in trend]
    out = []
    for report, aging in zip(trend, rows, strict=True):
        start = report.as_of.replace(day=1)

        def month_sum(
            per_day: dict[date, int], start: date = start, end: date = report.as_of
        ) -> Decimal:
            units = sum(u for d, u in per_day.items() if start <= d <= end)
            return quantize(from_units(units), currency)

        out.append(
            MonthFigures(
                start, report.as_of, month_sum(invoiced), month_sum(collected), aging, _day(report)
            )
        )
    return InsightMonths(day, period_days, currency, tuple(out))


def _invoiced(session: Session, first: date, last: date, scope: Scope) -> dict[date, int]:
    """Invoices and fee documents issued per day in [first, last], as seen on ``last``."""
    units = func.sum(_units(Invoice.total))
    query = (
        select(Invoice.issue_date, units)
        .where(
            Invoice.issue_date >= first,
            Invoice.issue_date <= last,
            Invoice.kind == DocumentKind.INVOICE,
            Invoice.status != InvoiceStatus.DRAFT,
            or_(Invoice.voided_on.is_(None), Invoice.voided_on > last),
            scope.documents(),
        )
        .group_by(Invoice.issue_date)
    )
    return {day: int(total) for day, total in session.execute(query)}


def _collected(session: Session, first: date, last: date, currency: str) -> dict[date, int]:
    """Payments received per day in [first, last], those reversed by ``last`` left out."""
    query = (
        select(Payment.date, func.sum(_units(Payment.amount)))
        .where(
            Payment.date >= first,
            Payment.date <= last,
            Payment.currency == currency,
            or_(
                Payment.status != literal_text(REVERSED),
                Payment.reversed_on.is_(None),
                Payment.reversed_on > last,
            ),
        )
        .group_by(Payment.date)
    )
    return {day: int(total) for day, total in session.execute(query)}


def _aging(
    ctx: AppContext, session: Session, report: KpiReport, terms: int, scope: Scope
) -> AgingRow:
    """The aging buckets as of the report's day, from its total and Current column."""
    currency = report.currency
    units = overdue_units(session, report.as_of, terms, scope)
    if units is None:
        return aging_report(ctx, report.as_of, currency=currency).total
    total, current = report.facts.ending_ar, report.facts.current_ar
    spans = [quantize(from_units(u), currency) for u in units]
    oldest = total - current - sum(spans, Decimal(0))
    return AgingRow.of([current, *spans, quantize(oldest, currency)])


def days_late_history(
    ctx: AppContext, customer_id: int, as_of: date | None = None, count: int = HISTORY_INVOICES
) -> tuple[LatePoint, ...]:
    """The customer's latest ``count`` invoices (by due date) paid off by ``as_of`` (today) or
    open and overdue then, oldest first."""
    day = as_of or ctx.today()
    with ctx.db.read() as session:
        paid = (
            select(Invoice.id, Invoice.number, Invoice.due_date, Invoice.paid_date)
            .where(
                Invoice.customer_id == customer_id,
                Invoice.kind == DocumentKind.INVOICE,
                Invoice.status == InvoiceStatus.PAID,
                Invoice.paid_date <= day,
            )
            .order_by(Invoice.due_date.desc(), Invoice.id.desc())
            .limit(count)
        )
        late = (
            select(Invoice.id, Invoice.number, Invoice.due_date, Invoice.paid_date)
            .where(
                Invoice.customer_id == customer_id,
                open_invoice(),
                Invoice.kind == DocumentKind.INVOICE,
                Invoice.due_date < day,
            )
            .order_by(Invoice.due_date.desc(), Invoice.id.desc())
            .limit(count)
        )
        rows = [(*r, True) for r in session.execute(paid)]
        rows += [(*r, False) for r in session.execute(late)]
    rows.sort(key=lambda r: (r[2], r[0]))
    points = [
        LatePoint(
            iid, number or "", due, ((paid_on if is_paid and paid_on else day) - due).days, is_paid
        )
        for iid, number, due, paid_on, is_paid in rows[-count:]
    ]
    return tuple(points)


__all__ = [
    "HISTORY_INVOICES",
    "days_late_history",
    "insight_before",
    "insight_first",
    "insight_months",
    "insight_owed",
]
