# SPDX-License-Identifier: MIT
"""What to do today in collections: who to chase first, and who to stop selling to on credit.

Overdue customers are ranked by *amount x days*: the sum over their overdue items of the open
amount times the days it is past due, so a large debt a little late and a small one very late
both rise. Customers over their credit limit, or with anything 60 days or more past due, are
candidates for credit hold (the user decides; nothing is held automatically).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Integer, case, func, select, type_coerce
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import Customer, Invoice, Payment, money_sum, open_invoice
from arapp.db.types import Money, from_units
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.domain.segments import Segment
from arapp.services.context import AppContext
from arapp.services.keyset import NotLookedUp
from arapp.services.segments import in_segments

HOLD_AFTER_DAYS = 60


@dataclass(frozen=True)
class OverdueCustomer:
    """A customer with overdue invoices, for the chase list.

    Attributes:
        customer_id: Customer.
        code: Code.
        name: Name.
        currency: Currency.
        status: active, credit_hold or archived.
        overdue: Open amount past due.
        balance: Whole open balance (less credit).
        oldest_days: Days the oldest overdue invoice is past due.
        invoices: How many invoices are overdue.
        weight: Amount x days (the ranking).
        credit_limit: The limit, if any.
        agency_since: The day it was handed to the collections agency, while it is with it.
    """

    customer_id: int
    code: str
    name: str
    currency: str
    status: str
    overdue: Decimal
    balance: Decimal
    oldest_days: int
    invoices: int
    weight: Decimal
    credit_limit: Decimal | None
    agency_since: date | None = None

    @property
    def over_limit(self) -> bool:
        return self.credit_limit is not None and self.balance > self.credit_limit

    @property
    def hold_suggested(self) -> bool:
        """Over the limit or 60+ days overdue, and not on hold already."""
        if self.status != "active" or self.agency_since is not None:
            return False
        return self.over_limit or self.oldest_days >= HOLD_AFTER_DAYS


def overdue_customers(
    ctx: AppContext,
    as_of: date | None = None,
    limit: int | None = None,
    segment: Segment | None = None,
) -> list[OverdueCustomer]:
    """Customers with overdue invoices, most pressing first (amount x days); with
    ``segment``, only the customers of that payment-behaviour segment (as kept, see
    :mod:`arapp.services.segments`)."""
    as_of = as_of or ctx.today()
    units = type_coerce(Invoice.total, Integer) - type_coerce(Invoice.amount_paid, Integer)
    late: tuple[ColumnElement[bool], ...] = (
        open_invoice(), Invoice.kind == DocumentKind.INVOICE, Invoice.due_date < as_of,
    )  # fmt: skip
    if segment is not None:
        late += (in_segments(Invoice.customer_id, frozenset({segment})),)
    with ctx.db.read() as session:
        # one row per customer and due day, from the open-invoice index
        per_day = session.execute(
            select(Invoice.customer_id, Invoice.due_date, func.sum(units), func.count())
            .where(*late)
            .group_by(Invoice.customer_id, Invoice.due_date)
        )
        overdue: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for customer_id, due, amount, count in per_day:
            days = (as_of - due).days
            row = overdue[customer_id]
            row[0] += int(amount or 0)
            row[1] += int(amount or 0) * days
            row[2] = max(row[2], days)
            row[3] += int(count)
        ranked = sorted(overdue.items(), key=lambda item: (-item[1][1], item[0]))
        if limit is not None:
            ranked = ranked[:limit]
        people = _customers(session, [cid for cid, _ in ranked])
        balances = _balances(session, list(people))
        return [
            _overdue(people[cid], balances.get(cid, Decimal(0)), open_, weighted, oldest, count)
            for cid, (open_, weighted, oldest, count) in ranked
        ]


def _overdue(
    c: Customer, balance: Decimal, open_: int, weighted: int, oldest: int, count: int
) -> OverdueCustomer:
    money = c.currency
    return OverdueCustomer(
        c.id, c.code, c.name, money, c.status, quantize(from_units(open_), money),
        quantize(balance, money), oldest, count,
        quantize(from_units(weighted), money), c.credit_limit, c.agency_since,
    )  # fmt: skip


def _customers(session: Session, ids: list[int]) -> dict[int, Customer]:
    people: dict[int, Customer] = {}
    for chunk in chunked(ids):
        people.update(
            (c.id, c) for c in session.scalars(select(Customer).where(Customer.id.in_(chunk)))
        )
    return people


def _balances(session: Session, ids: list[int]) -> dict[int, Decimal]:
    """Open invoices less open credit notes less unapplied credit, per customer."""
    open_amount = type_coerce(Invoice.total - Invoice.amount_paid, Money)
    signed = case((Invoice.kind == DocumentKind.CREDIT_NOTE, -open_amount), else_=open_amount)
    balances: dict[int, Decimal] = defaultdict(Decimal)
    for chunk in chunked(ids):
        for cid, amount in session.execute(
            select(Invoice.customer_id, money_sum(signed))
            # by customer through ix_invoice_open: SQLite (no statistics) took a long id list
            # through ix_invoice_open_status, every open invoice of the books per chunk
            .where(NotLookedUp(open_invoice()), Invoice.customer_id.in_(chunk))
            .group_by(Invoice.customer_id)
        ):
            balances[cid] += amount or Decimal(0)
        for cid, credit in session.execute(
            select(Payment.customer_id, money_sum(Payment.unapplied))
            .where(Payment.unapplied > 0, Payment.customer_id.in_(chunk))
            .group_by(Payment.customer_id)
        ):
            balances[cid] -= credit or Decimal(0)
    return balances


def hold_candidates(ctx: AppContext, as_of: date | None = None) -> list[OverdueCustomer]:
    """Active customers over their credit limit or 60+ days overdue; the user decides."""
    as_of = as_of or ctx.today()
    found = {c.customer_id: c for c in overdue_customers(ctx, as_of) if c.hold_suggested}
    with ctx.db.read() as session:
        limited = list(
            session.scalars(
                select(Customer).where(
                    Customer.status == "active", Customer.credit_limit.is_not(None)
                )
            )
        )
        balances = _balances(session, [c.id for c in limited])
        for c in limited:
            if c.id not in found and balances.get(c.id, Decimal(0)) > (c.credit_limit or 0):
                found[c.id] = _overdue(c, balances[c.id], 0, 0, 0, 0)
    return sorted(found.values(), key=lambda c: (-c.weight, -c.balance, c.name))
