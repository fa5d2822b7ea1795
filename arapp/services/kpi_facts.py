# SPDX-License-Identifier: MIT
"""The facts behind the KPIs, summed in SQL: net credit sales per day, and the invoices whose
balance reached zero, grouped by that day (SQLite and PostgreSQL alike).

* **Net credit sales** of a day are the totals (tax included) of the invoices and fee documents
  issued that day less the credit notes issued that day, drafts never counted. They come back
  per issue day and void day, so each day asked for leaves out exactly the documents voided on
  or before it (a document voided later still counted then, as the aging report counts it).
* **The day an invoice's balance reached zero** is the day of the last movement that brought it
  down: payment allocations (of payments not reversed), credit applied from credit notes, and
  early-payment discounts and write-offs (not reversed), each dated as the aging report dates
  it as of an earlier day. An invoice none of whose movements was ever reversed reached zero on
  its last movement's day, whatever day it is seen from; those are summed per that day in SQL
  (whether its movements add up to its total is their sum, or, when nothing moved after the
  period, the kept ``amount_paid``, which is that sum). The few invoices with a reversed
  payment or adjustment are read one by one and judged as of each day asked for (a reversal
  after that day still counted then).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    FunctionElement,
    Integer,
    SQLColumnExpression,
    Subquery,
    bindparam,
    case,
    func,
    literal,
    select,
    type_coerce,
    union,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from arapp.db.models import Adjustment, CreditAllocation, Invoice, Payment, PaymentAllocation
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.kpis import Settled

REVERSED = "reversed"
#: Periods longer than this sum every invoice's movements at once rather than first finding
#: the invoices moved in the period (which reads nearly all of them anyway).
_WIDE_DAYS = 120


def literal_text(value: str) -> BindParameter[str]:
    """A constant written into the SQL: SQLite matches a partial index only to literals
    (``ix_payment_reversed``, ``ix_invoice_voided``)."""
    return bindparam(None, value, literal_execute=True)


@dataclass(frozen=True)
class Scope:
    """Whose documents: one customer (``customer_id``), or every document in ``currency``."""

    currency: str
    customer_id: int | None = None

    def documents(self) -> ColumnElement[bool]:
        if self.customer_id is not None:
            return Invoice.customer_id == self.customer_id
        return Invoice.currency == self.currency


class DaysBetween(FunctionElement[int]):
    """Whole days from the second date to the first (``later - earlier``)."""

    name = "days_between"
    type = Integer()
    inherit_cache = True


@compiles(DaysBetween)
def _days_plain(element: DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(DaysBetween, "sqlite")
def _days_sqlite(element: DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


def _units(column: SQLColumnExpression[Any]) -> ColumnElement[int]:
    """A money column as its stored integer units."""
    return type_coerce(column, Integer)


#: One row of sales: issue day, void day (None: never voided), net units issued that day.
SalesRow = tuple[date, date | None, int]


def sales_rows(session: Session, first: date, last: date, scope: Scope) -> list[SalesRow]:
    """Net credit sales in stored units per issue day in [first, last] and void day."""
    units = _units(Invoice.total)
    signed = case((Invoice.kind == DocumentKind.CREDIT_NOTE, -units), else_=units)
    query = (
        select(Invoice.issue_date, Invoice.voided_on, func.sum(signed))
        .where(
            Invoice.issue_date >= first,
            Invoice.issue_date <= last,
            Invoice.status != InvoiceStatus.DRAFT,
            scope.documents(),
        )
        .group_by(Invoice.issue_date, Invoice.voided_on)
    )
    return [(day, voided, int(total)) for day, voided, total in session.execute(query)]


def net_sales(rows: Iterable[SalesRow], first: date, last: date, seen_on: date) -> int:
    """Units of net credit sales issued in [first, last], as seen on ``seen_on`` (documents
    voided by then left out)."""
    return sum(
        units
        for day, voided, units in rows
        if first <= day <= last and (voided is None or voided > seen_on)
    )


def reversed_invoices() -> CompoundSelect:
    """Invoices with a reversed payment allocation or a reversed adjustment."""
    return union(
        select(PaymentAllocation.invoice_id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(Payment.status == literal_text(REVERSED)),
        select(Adjustment.invoice_id).where(Adjustment.reversed.is_(True)),
    )


def _moved_between(first: date, last: date) -> CompoundSelect:
    """Invoices with a movement dated in (first, last], each part through an index."""
    return union(
        # allocations of the payments of those days (an allocation is never dated before
        # its payment) ...
        select(PaymentAllocation.invoice_id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(Payment.date > first, Payment.date <= last),
        # ... and those made after their payment's day
        select(PaymentAllocation.invoice_id).where(
            PaymentAllocation.late(), PaymentAllocation.date > first, PaymentAllocation.date <= last
        ),
        select(CreditAllocation.invoice_id).where(
            CreditAllocation.date > first, CreditAllocation.date <= last
        ),
        select(Adjustment.invoice_id).where(Adjustment.date > first, Adjustment.date <= last),
    )


def settled_by_day(session: Session, first: date, last: date, scope: Scope) -> dict[date, Settled]:
    """The invoices never touched by a reversal whose balance reached zero in (first, last],
    summed per that day. A short period up to today (nothing moved after it) reads only its
    own movements; an earlier one finds the invoices moved in it, then all their movements."""
    narrow = (last - first).days <= _WIDE_DAYS
    if scope.customer_id is None and narrow and not _moved_after(session, last):
        return _summed(session, _last_moved(first, last), Invoice.amount_paid, first, last, scope)
    parts = [
        select(
            PaymentAllocation.invoice_id.label("iid"),
            _units(PaymentAllocation.amount).label("units"),
            PaymentAllocation.date.label("day"),
        ),
        select(CreditAllocation.invoice_id, _units(CreditAllocation.amount), CreditAllocation.date),
        select(Adjustment.invoice_id, _units(Adjustment.amount), Adjustment.date),
    ]
    ids = [PaymentAllocation.invoice_id, CreditAllocation.invoice_id, Adjustment.invoice_id]
    if scope.customer_id is not None:  # one customer's invoices, by the customer's index
        among = select(Invoice.id).where(Invoice.customer_id == scope.customer_id)
        parts = [part.where(iid.in_(among)) for part, iid in zip(parts, ids, strict=True)]
    elif (last - first).days <= _WIDE_DAYS:  # the invoices moved in the period
        moved = _moved_between(first, last).cte("moved")
        among = select(moved.c.invoice_id)
        parts = [part.where(iid.in_(among)) for part, iid in zip(parts, ids, strict=True)]
    movements = union_all(*parts).subquery()
    per_invoice = (
        select(
            movements.c.iid,
            func.sum(movements.c.units).label("paid"),
            func.max(movements.c.day).label("day"),
        )
        .group_by(movements.c.iid)
        .subquery()
    )
    return _summed(session, per_invoice, per_invoice.c.paid, first, last, scope)


def _moved_after(session: Session, last: date) -> bool:
    """Whether any payment, allocation, credit or adjustment is dated after ``last`` (each
    through an index, or a small table)."""
    later = union_all(
        select(Payment.id).where(Payment.date > last),
        select(PaymentAllocation.id).where(PaymentAllocation.late(), PaymentAllocation.date > last),
        select(CreditAllocation.id).where(CreditAllocation.date > last),
        select(Adjustment.id).where(Adjustment.date > last),
    ).subquery()
    return bool(session.scalar(select(select(later.c.id).exists())))


def _last_moved(first: date, last: date) -> Subquery:
    """``(iid, day)``: each invoice moved in (first, last] and its last movement's day then
    (with nothing dated after ``last``, its last movement ever)."""
    moved = union_all(
        select(PaymentAllocation.invoice_id.label("iid"), PaymentAllocation.date.label("day"))
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(Payment.date > first, Payment.date <= last),
        select(PaymentAllocation.invoice_id, PaymentAllocation.date).where(
            PaymentAllocation.late(), PaymentAllocation.date > first, PaymentAllocation.date <= last
        ),
        select(CreditAllocation.invoice_id, CreditAllocation.date).where(
            CreditAllocation.date > first, CreditAllocation.date <= last
        ),
        select(Adjustment.invoice_id, Adjustment.date).where(
            Adjustment.date > first, Adjustment.date <= last
        ),
    ).subquery()
    return select(moved.c.iid, func.max(moved.c.day).label("day")).group_by(moved.c.iid).subquery()


def _summed(
    session: Session, per_invoice: Subquery, paid: Any, first: date, last: date, scope: Scope
) -> dict[date, Settled]:
    """Count and sum the days of ``per_invoice`` (``iid``, ``day``, what was ``paid`` of it)
    whose day is in (first, last] and which are paid off, per that day."""
    day = per_invoice.c.day
    late = DaysBetween(day, Invoice.due_date)
    query = (
        select(
            day,
            func.count(),
            func.sum(DaysBetween(day, Invoice.issue_date)),
            func.sum(case((day > Invoice.due_date, late), else_=literal(0))),
        )
        .join_from(per_invoice, Invoice, Invoice.id == per_invoice.c.iid)
        .where(
            day > first,
            day <= last,
            Invoice.kind == DocumentKind.INVOICE,
            Invoice.status.not_in([InvoiceStatus.DRAFT, InvoiceStatus.VOID]),
            scope.documents(),
            Invoice.total > 0,
            _units(paid) >= _units(Invoice.total),
            Invoice.id.not_in(reversed_invoices()),
        )
        .group_by(day)
    )
    return {
        when: Settled(int(count), int(to_pay), int(late_days))
        for when, count, to_pay, late_days in session.execute(query)
    }


@dataclass(frozen=True)
class Touched:
    """An invoice with a reversed payment or adjustment, and each of its movements as
    ``(units, day, undone on or None)``."""

    issue_date: date
    due_date: date
    total: int
    movements: tuple[tuple[int, date, date | None], ...]
    #: Whose invoice it is.
    customer_id: int = 0

    @cached_property
    def moved(self) -> tuple[date, date]:
        """The days of its first and last movements."""
        days = [day for _, day, _ in self.movements]
        return min(days), max(days)

    def zero_day(self, seen_on: date) -> date | None:
        """The day its balance reached zero as seen on ``seen_on``, or None if it had not."""
        paid, last = 0, None  # one pass: a trend asks this of thousands of invoices
        for units, day, undone in self.movements:
            if day <= seen_on and (undone is None or undone > seen_on):
                paid += units
                if last is None or day > last:
                    last = day
        return None if last is None or paid < self.total else last


def touched_invoices(session: Session, last: date, scope: Scope) -> list[Touched]:
    """Every invoice with a reversed payment or adjustment and a movement by ``last``."""
    touched = select(reversed_invoices().subquery().c.invoice_id)
    never = literal(None)
    payment_undone = case((Payment.status == REVERSED, Payment.reversed_on), else_=never)
    adjustment_undone = case((Adjustment.reversed.is_(True), Adjustment.reversed_on), else_=never)
    movements = union_all(
        select(
            PaymentAllocation.invoice_id.label("iid"),
            _units(PaymentAllocation.amount).label("units"),
            PaymentAllocation.date.label("day"),
            payment_undone.label("undone"),
        )
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(PaymentAllocation.invoice_id.in_(touched)),
        select(
            CreditAllocation.invoice_id, _units(CreditAllocation.amount), CreditAllocation.date,
            never,
        ).where(CreditAllocation.invoice_id.in_(touched)),
        select(
            Adjustment.invoice_id, _units(Adjustment.amount), Adjustment.date, adjustment_undone
        ).where(Adjustment.invoice_id.in_(touched)),
    ).subquery()  # fmt: skip
    query = (
        select(
            Invoice.id,
            Invoice.issue_date,
            Invoice.due_date,
            _units(Invoice.total),
            Invoice.customer_id,
            movements.c.units,
            movements.c.day,
            movements.c.undone,
        )
        .join_from(movements, Invoice, Invoice.id == movements.c.iid)
        .where(
            Invoice.kind == DocumentKind.INVOICE,
            Invoice.status.not_in([InvoiceStatus.DRAFT, InvoiceStatus.VOID]),
            Invoice.total > 0,
            Invoice.issue_date <= last,
            scope.documents(),
        )
        .order_by(Invoice.id)
    )
    found: dict[int, Touched] = {}
    for iid, issued, due, total, cid, units, day, undone in session.execute(query):
        known = found.get(iid)
        move = (int(units), day, undone)
        moves = (*known.movements, move) if known else (move,)
        found[iid] = Touched(issued, due, int(total), moves, cid)
    return list(found.values())


def settled_between(
    by_day: dict[date, Settled], touched: Iterable[Touched], first: date, last: date
) -> Settled:
    """The invoices whose balance reached zero in (first, last], as seen on ``last``."""
    total = sum((s for day, s in by_day.items() if first < day <= last), Settled())
    for invoice in touched:
        earliest, latest = invoice.moved
        if latest <= first or earliest > last:  # no movement in (first, last]: not settled then
            continue
        day = invoice.zero_day(last)
        if day is not None and first < day <= last:
            late = max(0, (day - invoice.due_date).days)
            total += Settled(1, (day - invoice.issue_date).days, late)
    return total


__all__ = [
    "DaysBetween",
    "SalesRow",
    "Scope",
    "Touched",
    "net_sales",
    "reversed_invoices",
    "sales_rows",
    "settled_between",
    "settled_by_day",
    "touched_invoices",
]
