# SPDX-License-Identifier: MIT
"""The payment list behind the Payments tab, and the customers holding unapplied credit.

Like the invoice list, built for a million payments: :func:`payment_ids` filters and sorts in
SQL and returns ids a chunk at a time; :func:`payment_rows` fetches the visible page;
:func:`payment_totals` sums what the filter shows, in SQL. :func:`credit_rows` lists the
customers with credit left (few; the partial index ``ix_payment_credit`` finds them).

What the record-payment dialog reads and previews is in :mod:`arapp.services.allocation`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    case,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.orm import Session

from arapp.db.models import Customer, Payment, PaymentAllocation, money_sum
from arapp.db.types import Money
from arapp.domain.money import quantize
from arapp.services.context import AppContext
from arapp.services.customer_search import matches
from arapp.services.keyset import is_common, not_by_index, page_of_ids
from arapp.services.text_search import any_of, like_text


class PaymentStatusFilter(StrEnum):
    ALL = "all"
    RECORDED = "recorded"
    REVERSED = "reversed"


class PaymentSort(StrEnum):
    DATE = "date"
    CODE = "code"
    CUSTOMER = "customer"
    METHOD = "method"
    REFERENCE = "reference"
    AMOUNT = "amount"
    ALLOCATED = "allocated"
    UNAPPLIED = "unapplied"
    STATUS = "status"


@dataclass(frozen=True)
class PaymentFilter:
    """What the list shows.

    Attributes:
        text: Words found in the customer's name, code or e-mail, or in the reference; or an
            amount (``1,234.50``, ``1.234,50`` and ``1234.5`` all find 1234.50).
        status: Recorded, reversed or both.
        method: One of :data:`arapp.services.payments.METHODS`, or ``None`` for any.
        customer_id: Only this customer's.
        date_from: Received on or after.
        date_to: Received on or before.
        with_credit: Only payments with part left unapplied (the customer's credit).
    """

    text: str = ""
    status: PaymentStatusFilter = PaymentStatusFilter.ALL
    method: str | None = None
    customer_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    with_credit: bool = False


@dataclass(frozen=True)
class PaymentRow:
    """One line of the payment list.

    Attributes:
        id: Payment id.
        date: Date received.
        customer_id: Customer id.
        customer_code: Code.
        customer_name: Name.
        amount: Amount received.
        currency: Currency.
        method: One of the payment methods.
        reference: Cheque number, transfer reference…
        status: recorded or reversed.
        allocated: On invoices now (0 once reversed).
        unapplied: Left as credit (neither allocated nor refunded).
        reversal_reason: Why it was reversed ("" while recorded).
    """

    id: int
    date: date
    customer_id: int
    customer_code: str
    customer_name: str
    amount: Decimal
    currency: str
    method: str
    reference: str
    status: str
    allocated: Decimal
    unapplied: Decimal
    reversal_reason: str


_AMOUNT_JUNK = re.compile(r"[\s'’€$£¥₹]")


def amount_candidates(text: str) -> list[Decimal]:
    """The amounts ``text`` may mean, read with ``.`` and with ``,`` as the decimal mark (the
    other one may only group thousands: ``1,234.50``, ``1.234,50``)."""
    cleaned = _AMOUNT_JUNK.sub("", text)
    found: list[Decimal] = []
    for mark, group in ((".", ","), (",", ".")):
        shape = rf"(\d{{1,3}}(\{group}\d{{3}})+|\d*)(\{mark}\d+)?"
        if not cleaned or not re.fullmatch(shape, cleaned) or cleaned == mark:
            continue
        value = Decimal(cleaned.replace(group, "").replace(mark, "."))
        # Money keeps 4 places: a value with more cannot be a stored amount (nor be bound).
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -4 and value < 10**14 and value not in found:
            found.append(value)
    return found


def _allocated() -> ColumnElement[Decimal]:
    """What each payment has on invoices now (a correlated sum of its active allocations)."""
    return func.coalesce(
        select(money_sum(PaymentAllocation.amount))
        .where(PaymentAllocation.payment_id == Payment.id, PaymentAllocation.active.is_(True))
        .scalar_subquery(),
        literal(Decimal(0), Money),
    )


def _search(session: Session, f: PaymentFilter) -> ColumnElement[bool] | None:
    """Payments whose customer, reference or amount matches the search text, each side read
    through its index (see :mod:`arapp.services.text_search`)."""
    words = f.text.strip()
    if not words:
        return None
    dialect = session.get_bind().dialect.name
    found = [
        Payment.customer_id.in_(select(Customer.id).where(matches(words))),
        like_text(Payment.reference, words, dialect),
    ]
    amounts = amount_candidates(words)
    if amounts:
        found.append(Payment.amount.in_(amounts))
    return any_of(session, Payment.id, found)


def _status_and_method(f: PaymentFilter, walk: bool, dialect: str) -> list[ColumnElement[bool]]:
    """The status and method filters; ``walk``: tested row by row while the sort's index is
    read in order, rather than looked up in their own indexes (see ``keyset.is_common``)."""
    parts: list[ColumnElement[bool]] = []
    status: SQLColumnExpression[str] = Payment.status
    method: SQLColumnExpression[str] = Payment.method
    if walk:
        status, method = not_by_index(status, dialect), not_by_index(method, dialect)
    if f.status is not PaymentStatusFilter.ALL:
        parts.append(status == f.status.value)
    if f.method is not None:
        parts.append(method == f.method)
    return parts


def _conditions(
    f: PaymentFilter,
    text_match: ColumnElement[bool] | None,
    walk: bool = False,
    dialect: str = "",
) -> ColumnElement[bool]:
    parts = _status_and_method(f, walk, dialect)
    if f.customer_id is not None:
        parts.append(Payment.customer_id == f.customer_id)
    if f.date_from is not None:
        parts.append(Payment.date >= f.date_from)
    if f.date_to is not None:
        parts.append(Payment.date <= f.date_to)
    if f.with_credit:
        parts.append(Payment.unapplied > 0)  # the partial index ix_payment_credit
    if text_match is not None:
        parts.append(text_match)
    return and_(true(), *parts)


def _walk(session: Session, f: PaymentFilter, dialect: str) -> bool:
    """Whether the status and method filters are common enough to test row by row."""
    if dialect != "sqlite" or f.customer_id is not None or f.with_credit:
        return False
    parts = _status_and_method(f, True, dialect)
    return bool(parts) and is_common(session, Payment.id, and_(*parts))


def _sort_key(sort: PaymentSort) -> SQLColumnExpression[Any]:
    keys: dict[Any, SQLColumnExpression[Any]] = {
        PaymentSort.DATE: Payment.date,
        PaymentSort.CODE: Customer.code,
        PaymentSort.CUSTOMER: Customer.search_text,
        PaymentSort.METHOD: Payment.method,
        PaymentSort.REFERENCE: func.lower(Payment.reference),
        PaymentSort.AMOUNT: Payment.amount,
        PaymentSort.ALLOCATED: _allocated(),
        PaymentSort.UNAPPLIED: Payment.unapplied,
        PaymentSort.STATUS: Payment.status,
    }
    return keys[sort]


def _with_key(query: Select[Any], sort: PaymentSort) -> Select[Any]:
    if sort in (PaymentSort.CODE, PaymentSort.CUSTOMER):
        return query.join(Customer, Customer.id == Payment.customer_id)
    return query


def payment_ids(
    ctx: AppContext,
    f: PaymentFilter = PaymentFilter(),
    sort: PaymentSort = PaymentSort.DATE,
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
    after: int | None = None,
) -> list[int]:
    """Ids in display order (ties by id, so the order is stable); ``limit``/``offset`` fetch
    them a chunk at a time as the Payments tab scrolls.

    ``after``: the id shown just before the wanted ones (at ``offset - 1``); they are then
    read by a seek (:mod:`arapp.services.keyset`); if that payment is gone, ``offset`` is used.
    """
    key = _sort_key(sort)
    with ctx.db.read() as session:
        dialect = session.get_bind().dialect.name
        walk = _walk(session, f, dialect)
        where = _conditions(f, _search(session, f), walk, dialect)
        return page_of_ids(
            session,
            _with_key(select(Payment.id).where(where), sort),
            key,
            Payment.id,
            descending,
            marker=_with_key(select(key, Payment.id), sort),
            after=after,
            offset=offset,
            limit=limit,
        )


def payment_count(ctx: AppContext, f: PaymentFilter = PaymentFilter()) -> int:
    """How many payments the filter shows (one ``COUNT``, no sums)."""
    with ctx.db.read() as session:
        where = _conditions(f, _search(session, f))
        return session.scalar(select(func.count()).select_from(Payment).where(where)) or 0


def payment_rows(ctx: AppContext, ids: list[int]) -> dict[int, PaymentRow]:
    """The rows for ``ids`` (a screenful), keyed by id; ids that vanished are left out."""
    if not ids:
        return {}
    allocated_query = (
        select(PaymentAllocation.payment_id, money_sum(PaymentAllocation.amount))
        .where(PaymentAllocation.payment_id.in_(ids), PaymentAllocation.active.is_(True))
        .group_by(PaymentAllocation.payment_id)
    )
    query = (
        select(Payment, Customer.code, Customer.name)
        .join(Customer, Customer.id == Payment.customer_id)
        .where(Payment.id.in_(ids))
    )
    rows = {}
    with ctx.db.read() as session:
        allocated = {pid: amount for pid, amount in session.execute(allocated_query)}
        for p, code, name in session.execute(query):
            cur = p.currency
            rows[p.id] = PaymentRow(
                id=p.id,
                date=p.date,
                customer_id=p.customer_id,
                customer_code=code,
                customer_name=name,
                amount=quantize(p.amount, cur),
                currency=p.currency,
                method=p.method,
                reference=p.reference,
                status=p.status,
                allocated=quantize(allocated.get(p.id, Decimal(0)), cur),
                unapplied=quantize(p.unapplied, cur),
                reversal_reason=p.reversal_reason,
            )
    return rows


@dataclass(frozen=True)
class PaymentTotals:
    """Sums of what the filter shows, per currency.

    Attributes:
        count: Number of payments.
        reversed: How many of them are reversed.
        by_currency: ``{currency: (received, unapplied)}``; received counts recorded payments
            only (a reversed one brought no money).
    """

    count: int
    reversed: int
    by_currency: dict[str, tuple[Decimal, Decimal]]


def payment_totals(ctx: AppContext, f: PaymentFilter = PaymentFilter()) -> PaymentTotals:
    zero = literal(Decimal(0), Money)
    is_reversed = Payment.status == "reversed"
    query = select(
        Payment.currency,
        func.count(),
        func.coalesce(func.sum(case((is_reversed, 1), else_=0)), 0),
        money_sum(case((is_reversed, zero), else_=Payment.amount)),
        money_sum(Payment.unapplied),
    ).group_by(Payment.currency)
    with ctx.db.read() as session:
        found = session.execute(query.where(_conditions(f, _search(session, f)))).all()
    return PaymentTotals(
        sum(n for _, n, _, _, _ in found),
        sum(r for _, _, r, _, _ in found),
        {cur: (got or Decimal(0), left or Decimal(0)) for cur, _, _, got, left in found},
    )


@dataclass(frozen=True)
class CreditRow:
    """A customer with unapplied credit.

    Attributes:
        customer_id: Customer id.
        code: Code.
        name: Name.
        currency: Currency of the credit.
        credit: Unapplied and not refunded.
        payments: How many payments still hold part of it.
        since: Date of the oldest of those payments.
    """

    customer_id: int
    code: str
    name: str
    currency: str
    credit: Decimal
    payments: int
    since: date


def credit_rows(ctx: AppContext, text: str = "") -> list[CreditRow]:
    """Customers holding credit, by name (only payments with credit left are read)."""
    query = (
        select(
            Customer.id,
            Customer.code,
            Customer.name,
            Payment.currency,
            money_sum(Payment.unapplied),
            func.count(),
            func.min(Payment.date),
        )
        .join(Customer, Customer.id == Payment.customer_id)
        .where(Payment.unapplied > 0, matches(text))
        .group_by(Customer.id, Customer.code, Customer.name, Payment.currency)
        .order_by(Customer.name, Customer.id, Payment.currency)
    )
    with ctx.db.read() as session:
        return [
            CreditRow(cid, code, name, cur, quantize(credit, cur), n, since)
            for cid, code, name, cur, credit, n, since in session.execute(query)
        ]
