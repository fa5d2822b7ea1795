# SPDX-License-Identifier: MIT
"""The invoice list behind the Invoices tab and ``arapp invoice list``.

Like the customer list, built for a million invoices: :func:`invoice_ids` filters and sorts in
SQL and returns ids; :func:`invoice_rows` fetches the visible page; :func:`invoice_totals` sums
what the filter shows, in SQL.
"""

from __future__ import annotations

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

from arapp.db.models import Customer, Invoice, money_sum, open_invoice
from arapp.db.types import Money
from arapp.domain.invoice import DRAFT_OR_VOID, OPEN_STATUSES, DocumentKind, InvoiceStatus, in_order
from arapp.domain.money import minor_units
from arapp.domain.segments import Segment
from arapp.services.context import AppContext
from arapp.services.customer_search import matches
from arapp.services.keyset import NotLookedUp, is_common, not_by_index, page_of_ids
from arapp.services.segments import in_segments
from arapp.services.text_search import any_of, like_text


class InvoiceStatusFilter(StrEnum):
    ALL = "all"
    DRAFT = "draft"
    OPEN = "open"  # issued, sent or partially paid
    OVERDUE = "overdue"
    PAID = "paid"
    VOID = "void"
    CREDIT_NOTES = "credit_notes"


#: The filters read from the open invoices' own indexes (migration 0017), in every sort order.
OPEN_FILTERS = frozenset({InvoiceStatusFilter.OPEN, InvoiceStatusFilter.OVERDUE})


class InvoiceSort(StrEnum):
    NUMBER = "number"
    CUSTOMER = "customer"
    ISSUE_DATE = "issue_date"
    DUE_DATE = "due_date"
    TOTAL = "total"
    BALANCE = "balance"
    STATUS = "status"


@dataclass(frozen=True)
class InvoiceFilter:
    """What the list shows.

    Attributes:
        text: Words to find in the number or the customer's name, code or e-mail.
        status: Which invoices.
        customer_id: Only this customer's.
        date_from: Issued on or after.
        date_to: Issued on or before.
        segment: Only the invoices of customers of this payment-behaviour segment (as kept,
            see :mod:`arapp.services.segments`).
    """

    text: str = ""
    status: InvoiceStatusFilter = InvoiceStatusFilter.ALL
    customer_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    segment: Segment | None = None


@dataclass(frozen=True)
class InvoiceRow:
    """One line of the invoice list.

    Attributes:
        id: Invoice id.
        kind: invoice or credit_note.
        number: Number, ``None`` for drafts.
        status: Stored status.
        overdue: Past due with a balance, as of the listing date.
        customer_id: Customer id.
        customer_code: Code.
        customer_name: Name.
        issue_date: Date.
        due_date: Due.
        currency: Currency.
        total: Total.
        balance: Still owed (0 for drafts, voids and paid).
        days_overdue: Days past due, 0 when not overdue.
    """

    id: int
    kind: str
    number: str | None
    status: str
    overdue: bool
    customer_id: int
    customer_code: str
    customer_name: str
    issue_date: date
    due_date: date
    currency: str
    total: Decimal
    balance: Decimal
    days_overdue: int


def _text_match(session: Session, words: str) -> ColumnElement[bool]:
    """Invoices whose number contains ``words`` or whose customer matches them: the numbers
    from the unique (kind, number) index, the customers' invoices from the customer index
    (see :mod:`arapp.services.text_search`)."""
    dialect = session.get_bind().dialect.name
    by_customer = Invoice.customer_id.in_(select(Customer.id).where(matches(words)))
    return any_of(session, Invoice.id, [by_customer, like_text(Invoice.number, words, dialect)])


def _search(session: Session, f: InvoiceFilter) -> ColumnElement[bool] | None:
    words = f.text.strip()
    return _text_match(session, words) if words else None


def _kind_and_status(
    f: InvoiceFilter, as_of: date, walk: bool, dialect: str
) -> list[ColumnElement[bool]]:
    """The status filter's conditions; ``walk``: tested row by row while the sort's index is
    read in order, rather than looked up in their own indexes (see ``keyset.is_common``).

    Open and overdue invoices are read from their own index in the sort's order
    (``ix_invoice_open_<sort>``), whose condition the list repeats: SQLite is kept from looking
    them up by status (gathering them all to sort them) and from looking up the kind, which
    nearly every open document shares; both are tested in that index.
    """
    parts: list[ColumnElement[bool]] = []
    kind: SQLColumnExpression[str] = Invoice.kind
    status: SQLColumnExpression[str] = Invoice.status
    if walk or f.status in OPEN_FILTERS:
        kind = not_by_index(kind, dialect)
    if walk:
        status = not_by_index(status, dialect)
    chosen = f.status
    if chosen is InvoiceStatusFilter.CREDIT_NOTES:
        parts.append(kind == DocumentKind.CREDIT_NOTE)
    elif chosen is not InvoiceStatusFilter.ALL:
        parts.append(kind == DocumentKind.INVOICE)
    is_open = NotLookedUp(open_invoice())
    if chosen is InvoiceStatusFilter.DRAFT:
        parts.append(status == InvoiceStatus.DRAFT)
    elif chosen is InvoiceStatusFilter.OPEN:
        parts.append(is_open)
    elif chosen is InvoiceStatusFilter.OVERDUE:
        parts.extend([is_open, NotLookedUp(Invoice.due_date < as_of)])
    elif chosen is InvoiceStatusFilter.PAID:
        parts.append(status == InvoiceStatus.PAID)
    elif chosen is InvoiceStatusFilter.VOID:
        parts.append(status == InvoiceStatus.VOID)
    return parts


def _conditions(
    f: InvoiceFilter,
    as_of: date,
    text_match: ColumnElement[bool] | None,
    walk: bool = False,
    dialect: str = "",
) -> ColumnElement[bool]:
    parts = _kind_and_status(f, as_of, walk, dialect)
    if f.customer_id is not None:
        parts.append(Invoice.customer_id == f.customer_id)
    if f.date_from is not None:
        parts.append(Invoice.issue_date >= f.date_from)
    if f.date_to is not None:
        parts.append(Invoice.issue_date <= f.date_to)
    if f.segment is not None:
        parts.append(in_segments(Invoice.customer_id, frozenset({f.segment})))
    if text_match is not None:
        parts.append(text_match)
    return and_(true(), *parts)


def _walk(session: Session, f: InvoiceFilter, as_of: date, dialect: str) -> bool:
    """Whether the status filter is common enough to test row by row while the sort's index
    over every invoice is read in order. Never for open and overdue invoices: they have
    indexes of their own in each sort order."""
    if f.status is InvoiceStatusFilter.ALL or dialect != "sqlite" or f.customer_id is not None:
        return False
    if f.status in OPEN_FILTERS:
        return False
    return is_common(session, Invoice.id, and_(*_kind_and_status(f, as_of, True, dialect)))


def _balance() -> ColumnElement[Decimal]:
    return Invoice.total - Invoice.amount_paid


def _sort_key(sort: InvoiceSort) -> SQLColumnExpression[Any]:
    keys: dict[Any, SQLColumnExpression[Any]] = {
        InvoiceSort.NUMBER: Invoice.number,
        InvoiceSort.CUSTOMER: Customer.search_text,
        InvoiceSort.ISSUE_DATE: Invoice.issue_date,
        InvoiceSort.DUE_DATE: Invoice.due_date,
        InvoiceSort.TOTAL: Invoice.total,
        InvoiceSort.BALANCE: _balance(),
        InvoiceSort.STATUS: Invoice.status,
    }
    return keys[sort]


def _with_key(query: Select[Any], sort: InvoiceSort) -> Select[Any]:
    if sort is InvoiceSort.CUSTOMER:
        return query.join(Customer, Customer.id == Invoice.customer_id)
    return query


def _customers_in_order(
    f: InvoiceFilter, sort: InvoiceSort, walk: bool, dialect: str
) -> ColumnElement[bool]:
    """By customer with a common status filter or open invoices, on SQLite: a bound every name
    meets (``>= ''``), which makes SQLite read the customers in name order from their index
    and each one's invoices from an index on the customer (open ones: ``ix_invoice_open``),
    a chunk from a few thousand customers, where it would otherwise join every invoice of the
    filter to its customer and sort them all (paid ones: 5-9 s)."""
    if sort is InvoiceSort.CUSTOMER and (walk or f.status in OPEN_FILTERS) and dialect == "sqlite":
        return Customer.search_text >= ""
    return true()


def invoice_ids(
    ctx: AppContext,
    f: InvoiceFilter = InvoiceFilter(),
    sort: InvoiceSort = InvoiceSort.ISSUE_DATE,
    descending: bool = True,
    as_of: date | None = None,
    limit: int | None = None,
    offset: int = 0,
    after: int | None = None,
) -> list[int]:
    """Ids in display order; ``limit``/``offset`` fetch them a chunk at a time (the Invoices
    tab asks for more as the user scrolls, so a million invoices open at once).

    ``after``: the id shown just before the wanted ones (at ``offset - 1``); they are then
    read by a seek on the sort's index (:mod:`arapp.services.keyset`) instead of stepping over
    ``offset`` rows. If that invoice is gone, ``offset`` is used.
    """
    key = _sort_key(sort)
    as_of = as_of or ctx.today()
    with ctx.db.read() as session:
        dialect = session.get_bind().dialect.name
        walk = _walk(session, f, as_of, dialect)
        where = and_(
            _conditions(f, as_of, _search(session, f), walk, dialect),
            _customers_in_order(f, sort, walk, dialect),
        )
        return page_of_ids(
            session,
            _with_key(select(Invoice.id).where(where), sort),
            key,
            Invoice.id,
            descending,
            marker=_with_key(select(key, Invoice.id), sort),
            after=after,
            offset=offset,
            limit=limit,
        )


def invoice_count(
    ctx: AppContext, f: InvoiceFilter = InvoiceFilter(), as_of: date | None = None
) -> int:
    """How many invoices the filter shows (one ``COUNT`` over an index, no sums)."""
    with ctx.db.read() as session:
        dialect = session.get_bind().dialect.name
        where = _conditions(f, as_of or ctx.today(), _search(session, f), dialect=dialect)
        return session.scalar(select(func.count()).select_from(Invoice).where(where)) or 0


def invoice_rows(
    ctx: AppContext, ids: list[int], as_of: date | None = None
) -> dict[int, InvoiceRow]:
    if not ids:
        return {}
    as_of = as_of or ctx.today()
    query = (
        select(Invoice, Customer.code, Customer.name)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.id.in_(ids))
    )
    rows = {}
    with ctx.db.read() as session:
        for inv, code, name in session.execute(query):
            places = Decimal(1).scaleb(-minor_units(inv.currency))
            is_open = inv.status in OPEN_STATUSES
            balance = (inv.total - inv.amount_paid) if is_open else Decimal(0)
            days = (as_of - inv.due_date).days
            overdue = is_open and inv.kind == DocumentKind.INVOICE and days > 0 and balance > 0
            rows[inv.id] = InvoiceRow(
                id=inv.id,
                kind=inv.kind,
                number=inv.number,
                status=inv.status,
                overdue=overdue,
                customer_id=inv.customer_id,
                customer_code=code,
                customer_name=name,
                issue_date=inv.issue_date,
                due_date=inv.due_date,
                currency=inv.currency,
                total=inv.total.quantize(places),
                balance=balance.quantize(places),
                days_overdue=days if overdue else 0,
            )
    return rows


@dataclass(frozen=True)
class ListTotals:
    """Sums of what the filter shows, per currency.

    Attributes:
        count: Number of documents.
        by_currency: ``{currency: (total, balance)}``.
    """

    count: int
    by_currency: dict[str, tuple[Decimal, Decimal]]


def invoice_totals(
    ctx: AppContext, f: InvoiceFilter = InvoiceFilter(), as_of: date | None = None
) -> ListTotals:
    is_open = open_invoice()
    sign = case((Invoice.kind == DocumentKind.CREDIT_NOTE, -1), else_=1)
    query = select(
        Invoice.currency,
        func.count(),
        money_sum(
            case(
                (Invoice.status.in_(in_order(DRAFT_OR_VOID)), literal(Decimal(0), Money)),
                else_=Invoice.total * sign,
            )
        ),
        money_sum(case((is_open, _balance() * sign), else_=literal(Decimal(0), Money))),
    ).group_by(Invoice.currency)
    with ctx.db.read() as session:
        where = _conditions(f, as_of or ctx.today(), _search(session, f))
        found = session.execute(query.where(where)).all()
    return ListTotals(
        sum(n for _, n, _, _ in found),
        {cur: (total or Decimal(0), balance or Decimal(0)) for cur, _, total, balance in found},
    )
