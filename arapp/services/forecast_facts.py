# SPDX-License-Identifier: MIT
"""The facts behind the cash-in forecast, read in SQL as of a day X (nothing dated after X):

* **the invoices open on X** with what the aging report counts open of each
  (:func:`arapp.services.aging_sums.open_invoice_units`), in the company's currency;
* **what is not expected**: the invoices in a dispute open on X (opened by X, not resolved by
  then), and the customers with the collections agency on X (handed over by then; a customer
  taken back since has no trace of it and counts as expected);
* **the payers' habits**: per customer, the invoices paid off in the :data:`HISTORY_DAYS`
  up to X, counted per lateness bin in one grouped query (their kept ``paid_date``: the day
  they were paid off); invoices with a reversed payment or write-off are judged as of X one
  by one (:class:`arapp.services.kpi_facts.Touched`), so a reversal after X changes nothing;
* **what came in** (the back-test): allocations of payments received by X and not reversed by
  X, dated in a span, per invoice and day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from arapp.db.models import Customer, Invoice, InvoiceHold, Payment, PaymentAllocation
from arapp.domain.forecast import HISTORY_DAYS, LATENESS_BINS, bin_of, recency_weight
from arapp.domain.forecast_model import Habits
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.services.aging_sums import open_invoice_units
from arapp.services.keyset import NotLookedUp
from arapp.services.kpi_facts import (
    DaysBetween,
    Scope,
    literal_text,
    reversed_invoices,
    touched_invoices,
)

__all__ = [
    "OpenRow",
    "agency_customers",
    "disputed",
    "foreign_customers",
    "habits",
    "open_invoices",
    "receipts",
]

#: An open invoice: id, customer id, open units, days past due (negative: not yet due).
OpenRow = tuple[int, int, int, int]


def _plain_rows(session: Session, query: Select[Any]) -> list[Any]:
    """The driver's own tuples (a result row object each would cost as much as the query)."""
    result = session.connection().execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def foreign_customers(session: Session, currency: str) -> set[int]:
    """The customers billed in another currency than ``currency`` (their documents are in
    another report, as in the aging report; usually none or few)."""
    return set(session.scalars(select(Customer.id).where(Customer.currency != currency)))


def open_invoices(session: Session, as_of: date, current: bool, others: set[int]) -> list[OpenRow]:
    """The invoices with something open on ``as_of``, but those of the customers ``others``."""
    part = open_invoice_units(as_of, current).subquery()
    iid, cid, units, due = part.c
    age = DaysBetween(bindparam(None, as_of, type_=Date), due)
    rows = _plain_rows(session, select(iid, cid, units, age).where(units > 0))
    # (PostgreSQL sums to numeric: back to int)
    return [(i, c, int(u), int(a)) for i, c, u, a in rows if c not in others]


def disputed(session: Session, as_of: date) -> set[int]:
    """The invoices in a dispute open on ``as_of``."""
    query = select(InvoiceHold.invoice_id).where(
        InvoiceHold.kind == "dispute",
        InvoiceHold.opened_on <= as_of,
        or_(InvoiceHold.resolved_on.is_(None), InvoiceHold.resolved_on > as_of),
    )
    return set(session.scalars(query))


def agency_customers(session: Session, as_of: date) -> set[int]:
    """The customers with the collections agency on ``as_of``."""
    query = select(Customer.id).where(Customer.agency_since <= as_of)
    return set(session.scalars(query))


def habits(session: Session, as_of: date, currency: str, others: set[int]) -> Habits:
    """Each customer's curve from the invoices paid off in the history up to ``as_of`` (but
    the customers ``others``, billed in another currency than ``currency``), through the
    covering index ``ix_invoice_paid``."""
    first = as_of - timedelta(days=HISTORY_DAYS)
    late = DaysBetween(Invoice.paid_date, Invoice.due_date)
    weight = case(
        (Invoice.paid_date > as_of - timedelta(days=90), literal(recency_weight(0))),
        (Invoice.paid_date > as_of - timedelta(days=180), literal(recency_weight(90))),
        else_=literal(recency_weight(180)),
    )
    paid = (
        select(Invoice.customer_id.label("cid"), late.label("late"), weight.label("w"))
        .where(
            NotLookedUp(Invoice.status == literal_text(InvoiceStatus.PAID)),
            Invoice.paid_date > first,
            Invoice.paid_date <= as_of,
            NotLookedUp(Invoice.kind == literal_text(DocumentKind.INVOICE)),
            Invoice.id.not_in(reversed_invoices()),
        )
        # MATERIALIZED: each row's lateness computed once, not once per bin it is tested for
        .cte("paid")
        .prefix_with("MATERIALIZED")
    )
    bins = []
    for n, (low, high) in enumerate(LATENESS_BINS):
        inside = [paid.c.late >= low] if n else []
        inside += [paid.c.late <= high] if n < len(LATENESS_BINS) - 1 else []
        bins.append(func.sum(case((and_(*inside), paid.c.w), else_=literal(0))))
    query = select(paid.c.cid, func.count(), *bins).group_by(paid.c.cid)
    rows = _plain_rows(session, query)
    if others:
        rows = [row for row in rows if row[0] not in others]
    for invoice in touched_invoices(session, as_of, Scope(currency)):
        day = invoice.zero_day(as_of)
        if day is None or day <= first:
            continue
        masses = [0] * len(LATENESS_BINS)
        masses[bin_of((day - invoice.due_date).days)] = recency_weight((as_of - day).days)
        rows.append((invoice.customer_id, 1, *masses))
    return Habits(rows)


def receipts(
    session: Session, first: date, last: date, seen_on: date
) -> dict[int, list[tuple[date, int]]]:
    """Per invoice, ``(day, units)`` of the payments allocated to it on days in (first, last],
    counting the payments received by ``seen_on`` and not reversed by then."""
    counts = and_(
        Payment.date <= seen_on, or_(Payment.reversed_on.is_(None), Payment.reversed_on > seen_on)
    )
    ids = union_all(
        # allocations of the payments of those days (never dated before their payment) ...
        select(PaymentAllocation.id).join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(Payment.date > first, Payment.date <= last),
        # ... and those made after their payment's day
        select(PaymentAllocation.id).where(
            PaymentAllocation.late(), PaymentAllocation.date > first, PaymentAllocation.date <= last
        ),
    ).subquery()  # fmt: skip
    query = (
        select(
            PaymentAllocation.invoice_id,
            PaymentAllocation.date,
            type_coerce(PaymentAllocation.amount, Integer),
        )
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(
            PaymentAllocation.id.in_(select(ids.c.id)),
            PaymentAllocation.date > first,
            PaymentAllocation.date <= last,
            counts,
        )
    )
    out: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for iid, day, units in session.execute(query):
        out[iid].append((day, int(units)))
    return out
