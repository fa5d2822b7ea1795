# SPDX-License-Identifier: MIT
"""Each customer's open units per aging bucket, as of any day, in one grouped SQL query.

The aging report of 100,000 customers spends its time turning rows into Python objects, not
in SQL: ``SUM`` over a covering index is cheap, a Python object per open item and a ``Decimal``
per amount are not (the report once built ~69,000 objects per 100,000 customers and ran the
garbage collector over them). So every open item is reduced to ``(customer, units, day)`` in
SQL, bucketed and summed per customer there, and only one plain tuple per customer crosses to
Python: ``(customer id, code, name, five bucket sums)`` in integer storage units.

* **As of today** the items are the open invoices and credit notes (the covering partial index
  ``ix_invoice_open``) and the unapplied payment credit (``ix_payment_credit``), with the kept
  ``amount_paid`` and ``unapplied`` figures.
* **As of an earlier day** each candidate invoice's open amount is rebuilt in SQL from the
  allocations, credits and adjustments dated by then (the same candidates and correlated sums
  as the drill-down, :func:`arapp.services.aging._historic_items`), and each payment's credit
  from its allocations by then; refunds take the oldest credit first, which a running sum
  (a window function, SQLite and PostgreSQL alike) expresses without a loop in Python.

The two parts are put together with ``UNION ALL`` and grouped once per customer (grouping each
part first and the union again costs a second sort); only then is the customer row joined.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast as cast_to

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Integer,
    ScalarSelect,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from arapp.db.models import (
    Adjustment,
    CreditAllocation,
    Customer,
    Invoice,
    Payment,
    PaymentAllocation,
    Refund,
    open_invoice,
)
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.services.keyset import NotLookedUp

#: One customer's line: id, code, name and its open units per bucket (Current .. 90+).
SumRow = tuple[int, str, str, int, int, int, int, int]


def customer_sums(
    session: Session, as_of: date, by_invoice_date: bool, currency: str, current: bool
) -> list[SumRow]:
    """Every customer of ``currency`` whose open items as of ``as_of`` do not add up to zero in
    every bucket, in no particular order.

    ``current`` says the kept figures are the figures of ``as_of`` (nothing is dated after it);
    otherwise they are rebuilt from dated movements.
    """
    items = _current_items(by_invoice_date) if current else _past_items(as_of, by_invoice_date)
    part = items.subquery()
    grouped = (
        select(part.c.cid, *_buckets(part.c.units, part.c.day, as_of))
        .group_by(part.c.cid)
        .subquery()
    )
    amounts = list(grouped.c)[1:]
    query = (
        select(Customer.id, Customer.code, Customer.name, *amounts)
        .join_from(grouped, Customer, Customer.id == grouped.c.cid)
        .where(Customer.currency == currency, or_(*(units != 0 for units in amounts)))
    )
    # The driver's own tuples: the columns are ints and text, which need no conversion, and a
    # result row object per customer would cost as much as the query (100,000 customers)
    result = session.connection().execute(query)
    try:
        return cast_to(list[SumRow], result.cursor.fetchall())
    finally:
        result.close()


def company_sums(
    session: Session, as_of: date, by_invoice_date: bool, currency: str, current: bool
) -> tuple[int, int, int, int, int]:
    """The sums of :func:`customer_sums` over every customer of ``currency``: the report's
    total row, without a line per customer (one ``SUM`` over the items, no grouping; each
    item's customer is looked up only when some customer has another currency)."""
    items = _current_items(by_invoice_date) if current else _past_items(as_of, by_invoice_date)
    part = items.subquery()
    query = select(*_buckets(part.c.units, part.c.day, as_of))
    others = select(Customer.id).where(Customer.currency != currency).exists()
    if session.scalar(select(others)):
        query = query.join_from(part, Customer, Customer.id == part.c.cid).where(
            Customer.currency == currency
        )
    row = session.execute(query).one()
    a, b, c, d, e = (int(units or 0) for units in row)
    return a, b, c, d, e


def _buckets(
    units: SQLColumnExpression[int], day: SQLColumnExpression[date], as_of: date
) -> list[ColumnElement[int]]:
    """SQL for a group's units per bucket, from its total and its totals dated before each
    bucket boundary (``as_of`` and 30, 60 and 90 days before it, computed here: portable).
    Each row is compared with the four boundaries once; the buckets are the differences."""
    before = [day < as_of - timedelta(days=days) for days in (0, 30, 60, 90)]
    total, *dated = [func.sum(units)] + [
        func.sum(case((b, units), else_=literal(0))) for b in before
    ]
    parts = [total, *dated, literal(0)]
    # PostgreSQL sums BIGINT to numeric: back to BIGINT (exact, the sums are whole units)
    return [cast(parts[n] - parts[n + 1], BigInteger) for n in range(5)]


def _units(column: SQLColumnExpression[object]) -> ColumnElement[int]:
    """A money column as its stored integer units (no Decimal on the way)."""
    return type_coerce(column, Integer)


def _literal(value: str | int) -> BindParameter[object]:
    """A constant written into the SQL: SQLite matches a partial index only to literals."""
    return bindparam(None, value, literal_execute=True)


def _current_items(by_invoice_date: bool) -> CompoundSelect:
    """``(cid, units, day)`` of every open item now, from the kept figures."""
    open_units = _units(Invoice.total) - _units(Invoice.amount_paid)
    signed = case((Invoice.kind == DocumentKind.CREDIT_NOTE, -open_units), else_=open_units)
    day = Invoice.issue_date if by_invoice_date else Invoice.due_date
    return union_all(
        select(Invoice.customer_id.label("cid"), signed.label("units"), day.label("day")).where(
            NotLookedUp(open_invoice())
        ),
        select(Payment.customer_id, -_units(Payment.unapplied), Payment.date).where(
            Payment.unapplied > _literal(0)
        ),
    )


def _sum_of(
    amount: SQLColumnExpression[object], *conditions: ColumnElement[bool]
) -> ScalarSelect[int]:
    """A correlated ``SUM`` of units for one row of the outer query (0 over no rows)."""
    return (
        select(func.coalesce(func.sum(_units(amount)), literal(0)))
        .where(*conditions)
        .scalar_subquery()
    )


def _counts(as_of: date) -> ColumnElement[bool]:
    """A payment counts as of ``as_of``: received by then and not reversed by then."""
    return and_(
        Payment.date <= as_of, or_(Payment.reversed_on.is_(None), Payment.reversed_on > as_of)
    )


def allocation_counts(as_of: date) -> tuple[ColumnElement[bool], ...]:
    """A payment allocation counts as of ``as_of``: made by then, of a payment received by then
    (the allocation carries its payment's date) and not reversed by then. The few payments
    reversed by then are one list read through ``ix_payment_reversed``, so summing an
    invoice's allocations reads no payment row."""
    reversed_by_then = select(Payment.id).where(
        NotLookedUp(Payment.status == _literal("reversed")), Payment.reversed_on <= as_of
    )
    return (
        PaymentAllocation.date <= as_of,
        PaymentAllocation.payment_date <= as_of,
        PaymentAllocation.payment_id.not_in(reversed_by_then),
    )


def open_invoice_units(as_of: date, current: bool) -> Select[int, int, int, date]:
    """``(id, cid, units, due)`` of every invoice (fee documents too, no credit notes) with the
    units the aging report counts open of it as of ``as_of`` (zero or less: not open then;
    ``current``: from the kept figures, as :func:`customer_sums`)."""
    if current:
        units = _units(Invoice.total) - _units(Invoice.amount_paid)
        return select(Invoice.id, Invoice.customer_id, units, Invoice.due_date).where(
            NotLookedUp(open_invoice()), NotLookedUp(Invoice.kind == _literal(DocumentKind.INVOICE))
        )
    left, candidates = _past_invoice_parts(as_of)
    return select(Invoice.id, Invoice.customer_id, left, Invoice.due_date).where(
        Invoice.id.in_(candidates), NotLookedUp(Invoice.kind == _literal(DocumentKind.INVOICE))
    )


def _past_invoice_parts(as_of: date) -> tuple[ColumnElement[int], CompoundSelect]:
    """The open units of a document as of ``as_of`` (SQL correlated to ``Invoice``), and the
    ids of the documents that can have been open then."""
    paid = _sum_of(
        PaymentAllocation.amount,
        PaymentAllocation.invoice_id == Invoice.id,
        *allocation_counts(as_of),
    )
    credited = _sum_of(
        CreditAllocation.amount,
        CreditAllocation.invoice_id == Invoice.id,
        CreditAllocation.date <= as_of,
    )
    used = _sum_of(
        CreditAllocation.amount,
        CreditAllocation.credit_note_id == Invoice.id,
        CreditAllocation.date <= as_of,
    )
    adjusted = _sum_of(
        Adjustment.amount,
        Adjustment.invoice_id == Invoice.id,
        Adjustment.date <= as_of,
        or_(Adjustment.reversed.is_(False), Adjustment.reversed_on > as_of),
    )
    total = _units(Invoice.total)
    left = case(
        (Invoice.kind == DocumentKind.CREDIT_NOTE, used - total),
        else_=total - paid - credited - adjusted,
    )
    # open now, or paid or voided since: three partial indexes, no scan of the history
    # (paid invoices always have their paid_date, voided ones their voided_on)
    # (the day ranges read the partial indexes; ``issue_date`` is in them, not their start)
    issued = NotLookedUp(Invoice.issue_date <= as_of)
    candidates = union_all(
        select(Invoice.id).where(NotLookedUp(open_invoice()), issued),
        select(Invoice.id).where(
            NotLookedUp(Invoice.status == _literal(InvoiceStatus.PAID)),
            Invoice.paid_date > as_of,
            issued,
        ),
        select(Invoice.id).where(
            NotLookedUp(Invoice.status == _literal(InvoiceStatus.VOID)),
            Invoice.voided_on > as_of,
            issued,
        ),
    )
    return left, candidates


def _past_items(as_of: date, by_invoice_date: bool) -> CompoundSelect:
    """``(cid, units, day)`` of every item open as of ``as_of``, rebuilt from dated movements
    (the same rules as :func:`arapp.services.aging._historic_items`, summed in SQL)."""
    left, candidates = _past_invoice_parts(as_of)
    day = Invoice.issue_date if by_invoice_date else Invoice.due_date
    invoices = select(
        Invoice.customer_id.label("cid"), left.label("units"), day.label("day")
    ).where(Invoice.id.in_(candidates))
    return union_all(invoices, _past_credit(as_of))


def _past_credit(as_of: date) -> Select[tuple[int, int, date]]:
    """``(cid, -units, day)`` of each payment's credit as of ``as_of``; refunds by then take the
    oldest credit first (by date, then id): a payment keeps what its customer's credit up to
    and including it exceeds the refunds, at most its own credit."""
    allocated = _sum_of(
        PaymentAllocation.amount,
        PaymentAllocation.payment_id == Payment.id,
        PaymentAllocation.date <= as_of,
    )
    # payments that can have had credit then, each part through its own index
    candidates = union(
        select(Payment.id).where(Payment.unapplied > _literal(0), Payment.date <= as_of),
        select(Payment.id).where(
            NotLookedUp(Payment.status == _literal("reversed")), Payment.reversed_on > as_of
        ),
        # received by then, allocated after it: only the allocations made after their payment
        select(PaymentAllocation.payment_id).where(
            PaymentAllocation.late(),
            PaymentAllocation.date > as_of,
            PaymentAllocation.payment_date <= as_of,
        ),
        select(Payment.id).where(
            Payment.customer_id.in_(select(Refund.customer_id)), Payment.date <= as_of
        ),
    )
    left = (
        select(
            Payment.customer_id.label("cid"),
            Payment.id.label("id"),
            Payment.date.label("day"),
            (_units(Payment.amount) - allocated).label("left"),
        )
        .where(_counts(as_of), Payment.id.in_(candidates))
        # materialized: flattened into the running sum below, each payment's allocations
        # were summed three times (its filter, its column, the window's argument)
        .cte("credit_left")
        .prefix_with("MATERIALIZED")
    )
    running = (
        select(
            left,
            func.sum(left.c.left)
            .over(partition_by=left.c.cid, order_by=(left.c.day, left.c.id))
            .label("running"),
        )
        .where(left.c.left > 0)
        .subquery()
    )
    refunds = (
        select(Refund.customer_id.label("cid"), func.sum(_units(Refund.amount)).label("units"))
        .where(Refund.date <= as_of)
        .group_by(Refund.customer_id)
        .subquery()
    )
    beyond = running.c.running - func.coalesce(refunds.c.units, literal(0))
    kept = case(
        (beyond >= running.c.left, running.c.left),
        (beyond > 0, beyond),
        else_=literal(0),
    )
    return select(running.c.cid, (-kept).label("units"), running.c.day).outerjoin(
        refunds, refunds.c.cid == running.c.cid
    )
