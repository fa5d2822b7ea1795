# SPDX-License-Identifier: MIT
"""The customer list behind the Customers tab and ``arapp customer list``.

Built for 100,000 customers: :func:`customer_ids` filters and sorts in SQL and returns only ids;
:func:`customer_page` gives one page of them and the count, the search going through the index
of :mod:`arapp.services.customer_search`; :func:`customer_rows` fetches the few rows on screen,
with their open balance and overdue amount summed from open invoices only (the partial index
``ix_invoice_open``).
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
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from arapp.db.models import Customer, CustomerSegment, Invoice, Payment, money_sum, open_invoice
from arapp.db.types import Money
from arapp.domain.customer import CustomerStatus
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import minor_units
from arapp.domain.segments import Segment
from arapp.services.company import company_currency
from arapp.services.context import AppContext
from arapp.services.customer_search import MANY, count_matches, matches
from arapp.services.keyset import after_row, page_of_ids
from arapp.services.segments import in_segments

#: Read through the tables, not the ORM classes: the window's first screen is this list, and the
#: first ORM query configures every mapper (0.03 s at start) that the first screen does not need.
_CUSTOMER = Customer.__table__
_C, _I, _P = _CUSTOMER.c, Invoice.__table__.c, Payment.__table__.c
_SEGMENT = CustomerSegment.__table__
_S = _SEGMENT.c


class StatusFilter(StrEnum):
    CURRENT = "current"  # active and on credit hold: everyone still trading
    ACTIVE = "active"
    CREDIT_HOLD = "credit_hold"
    ARCHIVED = "archived"
    ALL = "all"
    #: Customers whose address is there but incomplete (no city or no country): those the
    #: address migration (0023) could not read fully, and any typed so since.
    ADDRESS_CHECK = "address_check"


class SortKey(StrEnum):
    CODE = "code"
    NAME = "name"
    CONTACT = "contact"
    EMAIL = "email"
    PHONE = "phone"
    TERMS = "terms"
    CREDIT_LIMIT = "credit_limit"
    BALANCE = "balance"
    OVERDUE = "overdue"
    STATUS = "status"
    #: By segment, the best payers first (:data:`SEGMENT_ORDER`); none worked out yet last.
    SEGMENT = "segment"


#: The order of the sort by segment: how well customers pay, best first.
SEGMENT_ORDER = (Segment.PROMPT, Segment.NEW, Segment.LATE_BUT_PAYS, Segment.SLOW, Segment.AT_RISK)


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list.

    Attributes:
        id: Customer id.
        code: Code.
        name: Name.
        contact_person: Who to address.
        email: E-mail addresses.
        phone: Phone.
        terms: Payment terms text.
        currency: Currency of the amounts.
        credit_limit: ``None`` when unlimited.
        balance: Open invoices less open credit notes and unapplied payments (negative when the
            customer is in credit).
        overdue: Part of the balance past its due date as of the listing date.
        status: Active, on hold, archived.
        agency_since: The day it was handed to the collections agency, while it is with it.
        segment: The payment-behaviour segment as last worked out (``None``: not yet).
        segment_reason: Why, in words; ``segment_as_of``: the day it was worked out for.
    """

    id: int
    code: str
    name: str
    contact_person: str
    email: str
    phone: str
    terms: str
    currency: str
    credit_limit: Decimal | None
    balance: Decimal
    overdue: Decimal
    status: CustomerStatus
    agency_since: date | None = None
    segment: Segment | None = None
    segment_reason: str = ""
    segment_as_of: date | None = None

    @property
    def over_limit(self) -> bool:
        return self.credit_limit is not None and self.balance > self.credit_limit


def address_incomplete() -> ColumnElement[bool]:
    """The customers whose address needs a look (:func:`arapp.domain.addresses.needs_a_look`)."""
    return and_(
        or_(_C.street != "", _C.postcode != "", _C.city != ""),
        or_(_C.city == "", _C.country == ""),
    )


def _segment_condition(segment: Segment | None) -> ColumnElement[bool]:
    """The customers of ``segment`` as kept (:mod:`arapp.services.segments`); all if None."""
    return true() if segment is None else in_segments(_C.id, frozenset({segment}))


def _status_condition(status: StatusFilter) -> ColumnElement[bool]:
    if status is StatusFilter.ALL:
        return true()
    if status is StatusFilter.ADDRESS_CHECK:
        return and_(_C.status != CustomerStatus.ARCHIVED.value, address_incomplete())
    if status is StatusFilter.CURRENT:
        return _C.status != CustomerStatus.ARCHIVED.value
    return _C.status == status.value


def _signed_open_amount() -> ColumnElement[Decimal]:
    """What an open invoice still asks (a credit note's counts against the customer)."""
    open_amount = type_coerce(_I.total - _I.amount_paid, Money)
    return case((_I.kind == DocumentKind.CREDIT_NOTE, -open_amount), else_=open_amount)


def _overdue_part(signed: ColumnElement[Decimal], as_of: date) -> ColumnElement[Decimal]:
    return case((_I.due_date < as_of, signed), else_=literal(Decimal(0), Money))


def _open_amounts(as_of: date) -> Select:
    """Per customer: open balance and overdue part, from open invoices only (all customers:
    the balance and overdue sorts)."""
    signed = _signed_open_amount()
    return (
        select(
            _I.customer_id.label("customer_id"),
            money_sum(signed).label("balance"),
            money_sum(_overdue_part(signed, as_of)).label("overdue"),
        )
        .where(open_invoice())
        .group_by(_I.customer_id)
    )


def _page_amounts(as_of: date, customer_ids: list[int]) -> Select:
    """Open balance and overdue part of each customer of a page (``None`` for one with no open
    invoice), summed customer by customer through ``ix_invoice_open``.

    Not one ``GROUP BY`` over ``customer_id IN (...)``: SQLite (without statistics, as the app
    keeps its books) reads that through ``ix_invoice_open_status`` instead, every open invoice
    of the books for one page (0.25 s on a million invoices, at start and on each scroll)."""
    signed = _signed_open_amount()

    def summed(amount: ColumnElement[Decimal]) -> Any:
        of_customer = and_(open_invoice(), _I.customer_id == _C.id)
        return select(money_sum(amount)).where(of_customer).scalar_subquery()

    return select(
        _C.id.label("customer_id"),
        summed(signed).label("balance"),
        summed(_overdue_part(signed, as_of)).label("overdue"),
    ).where(_C.id.in_(customer_ids))


def _credit(customer_ids: list[int] | None = None) -> Select:
    """Per customer: payments neither allocated nor refunded (index ix_payment_credit)."""
    query = (
        select(_P.customer_id.label("customer_id"), money_sum(_P.unapplied).label("credit"))
        .where(_P.unapplied > 0)
        .group_by(_P.customer_id)
    )
    if customer_ids is not None:
        query = query.where(_P.customer_id.in_(customer_ids))
    return query


def _sorted(
    query: Select[Any], sort: SortKey, as_of: date
) -> tuple[Select[Any], SQLColumnExpression[Any]]:
    """``query`` joined to what ``sort`` needs, and the sort key."""
    if sort in (SortKey.BALANCE, SortKey.OVERDUE):
        amounts = _open_amounts(as_of).subquery()
        query = query.outerjoin(amounts, amounts.c.customer_id == _C.id)
        key: SQLColumnExpression[Any] = func.coalesce(amounts.c[sort.value], 0)
        if sort is SortKey.BALANCE:
            credit = _credit().subquery()
            query = query.outerjoin(credit, credit.c.customer_id == _C.id)
            key = key - func.coalesce(credit.c.credit, 0)
        return query, key
    if sort is SortKey.SEGMENT:
        query = query.outerjoin(_SEGMENT, _S.customer_id == _C.id)
        rank = case(
            *((_S.segment == s.value, n) for n, s in enumerate(SEGMENT_ORDER)),
            else_=len(SEGMENT_ORDER),
        )
        return query, rank
    key = {
        SortKey.CODE: _C.code,
        SortKey.NAME: _C.search_text,
        SortKey.CONTACT: func.lower(_C.contact_person),
        SortKey.EMAIL: func.lower(_C.email),
        SortKey.PHONE: _C.phone,
        SortKey.TERMS: _C.payment_terms,
        SortKey.CREDIT_LIMIT: _C.credit_limit,
        SortKey.STATUS: _C.status,
    }[sort]
    return query, key


def customer_ids(
    ctx: AppContext,
    text: str = "",
    status: StatusFilter = StatusFilter.CURRENT,
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    as_of: date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    after: int | None = None,
    many: bool = False,
    segment: Segment | None = None,
) -> list[int]:
    """Ids of the matching customers in display order (ties broken by id, so order is stable).

    ``limit``/``offset`` read them a chunk at a time; ``after``, the id shown just before the
    wanted ones, reads them by a seek instead (:mod:`arapp.services.keyset`; the sort by name
    has the index ``(search_text, id)``); if that customer is gone, ``offset`` is used.
    ``many``: the count said many customers match (see :func:`customer_page`). Every id at once
    (no ``limit``) when many match is one ``LIKE`` scan, cheaper than fetching that many matches
    from the search index.
    """
    if limit is None and not many and text.strip():
        many = count_customers(ctx, status, text, segment) >= MANY
    plain = many and (limit is None or sort in WALKED_SORTS)
    as_of = as_of or ctx.today()
    query, key = _sorted(
        select(_C.id).where(
            _status_condition(status), _segment_condition(segment), matches(text, many=plain)
        ),
        sort,
        as_of,
    )
    mark, mark_key = _sorted(select(_C.id), sort, as_of)
    with ctx.db.read() as session:
        return page_of_ids(
            session,
            query,
            key,
            _C.id,
            descending,
            marker=mark.with_only_columns(mark_key, _C.id),
            after=after,
            offset=offset,
            limit=limit,
        )


def _boundary(
    session: Session,
    customer_id: int,
    sort: SortKey,
    as_of: date,
    *where: ColumnElement[bool],
) -> tuple[Any, int] | None:
    """The sort key and id of ``customer_id`` (``None``: gone, or not meeting ``where``)."""
    mark, mark_key = _sorted(select(_C.id), sort, as_of)
    found = session.execute(
        mark.with_only_columns(mark_key, _C.id).where(_C.id == customer_id, *where)
    ).first()
    return None if found is None else (found[0], found[1])


def customer_position(
    ctx: AppContext,
    customer_id: int,
    text: str = "",
    status: StatusFilter = StatusFilter.CURRENT,
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    as_of: date | None = None,
    *,
    many: bool = False,
    segment: Segment | None = None,
) -> int | None:
    """Where ``customer_id`` is in :func:`customer_ids` (its index there), or ``None`` when it
    does not match the search and the status filter (or is gone).

    One count of the matches before it: the keyset condition that reads past a row
    (:func:`~arapp.services.keyset.after_row`) in the opposite order, so the database counts
    along the sort's index up to the customer instead of anyone reading every id. ``many`` as
    for :func:`customer_ids` (the count said many match: walk the sort's index with ``LIKE``).
    """
    as_of = as_of or ctx.today()
    plain = many and sort in WALKED_SORTS
    with ctx.db.read() as session:
        # Whether it matches: a look-up by id, tested with LIKE (the index would fetch every
        # match of the search to answer for one customer).
        boundary = _boundary(
            session,
            customer_id,
            sort,
            as_of,
            _status_condition(status),
            _segment_condition(segment),
            matches(text, many=True),
        )
        if boundary is None:
            return None
        query, key = _sorted(
            select(func.count()).select_from(_CUSTOMER),
            sort,
            as_of,
        )
        dialect = session.get_bind().dialect.name
        before = after_row(key, _C.id, boundary, not descending, dialect)
        query = query.where(
            _status_condition(status),
            _segment_condition(segment),
            matches(text, many=plain),
            before,
        )
        return session.scalar(query) or 0


WALKED_SORTS = frozenset({SortKey.NAME, SortKey.CODE, SortKey.STATUS})
"""Sorts an index serves in order (name: ``ix_customer_search_text``)."""


@dataclass(frozen=True)
class CustomerPage:
    """One page of a search and the number of all its matches.

    Attributes:
        ids: The page's customer ids in display order.
        total: How many customers match the search and the status filter.
    """

    ids: list[int]
    total: int


def customer_page(
    ctx: AppContext,
    text: str = "",
    status: StatusFilter = StatusFilter.CURRENT,
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    as_of: date | None = None,
    limit: int = 50,
    segment: Segment | None = None,
) -> CustomerPage:
    """The first ``limit`` matches in display order and the count: what a keystroke needs."""
    total = count_customers(ctx, status, text, segment)
    ids = customer_ids(
        ctx, text, status, sort, descending, as_of, limit=limit, many=total >= MANY,
        segment=segment,
    )  # fmt: skip
    return CustomerPage(ids, total)


def customer_rows(
    ctx: AppContext, ids: list[int], as_of: date | None = None
) -> dict[int, CustomerRow]:
    """The rows for ``ids`` (a screenful), keyed by id; ids that vanished are left out."""
    if not ids:
        return {}
    as_of = as_of or ctx.today()
    with ctx.db.read() as session:
        amounts = {
            row.customer_id: (row.balance, row.overdue)
            for row in session.execute(_page_amounts(as_of, ids))
            if row.balance is not None
        }
        credit = {row.customer_id: row.credit for row in session.execute(_credit(ids))}
        kept = {
            row.customer_id: (Segment(row.segment), row.reason, row.as_of)
            for row in session.execute(
                select(CustomerSegment.__table__).where(_S.customer_id.in_(ids))
            )
        }
        rows = {}
        for c in session.execute(select(_CUSTOMER).where(_C.id.in_(ids))):
            segment, why, segment_day = kept.get(c.id, (None, "", None))
            places = Decimal(1).scaleb(-minor_units(c.currency))
            balance, overdue = amounts.get(c.id, (Decimal(0), Decimal(0)))
            balance -= credit.get(c.id, Decimal(0))
            rows[c.id] = CustomerRow(
                id=c.id,
                code=c.code,
                name=c.name,
                contact_person=c.contact_person,
                email=c.email,
                phone=c.phone,
                terms=c.payment_terms,
                currency=c.currency,
                credit_limit=None if c.credit_limit is None else c.credit_limit.quantize(places),
                balance=balance.quantize(places),
                overdue=overdue.quantize(places),
                status=CustomerStatus(c.status),
                agency_since=c.agency_since,
                segment=segment,
                segment_reason=why,
                segment_as_of=segment_day,
            )
        return rows


def addresses_to_check(ctx: AppContext) -> list[tuple[str, str]]:
    """Code and name of each customer (not archived) whose address needs a look, by code."""
    with ctx.db.read() as session:
        query = (
            select(_C.code, _C.name)
            .where(_status_condition(StatusFilter.ADDRESS_CHECK))
            .order_by(_C.code)
        )
        return [(code, name) for code, name in session.execute(query)]


def count_customers(
    ctx: AppContext,
    status: StatusFilter = StatusFilter.CURRENT,
    text: str = "",
    segment: Segment | None = None,
) -> int:
    """How many customers :func:`customer_ids` lists, counted through the search index
    (with a segment, in SQL through the segment index)."""
    with ctx.db.read() as session:
        if status is StatusFilter.ADDRESS_CHECK or segment is not None:
            total = None
        elif status is StatusFilter.ALL:
            total = count_matches(session, text)
        elif status is StatusFilter.CURRENT:
            total = count_matches(session, text, without=CustomerStatus.ARCHIVED.value)
        else:
            total = count_matches(session, text, only=status.value)
        if total is not None:
            return total
        query = select(func.count()).select_from(_CUSTOMER)
        query = query.where(_status_condition(status), _segment_condition(segment), matches(text))
        return session.scalar(query) or 0


def customer_currencies(ctx: AppContext) -> list[str]:
    """The currencies customers are billed in, the company's first (for currency choices)."""
    with ctx.db.read() as session:
        used = set(session.scalars(select(_C.currency).distinct()))
        own = company_currency(session)
    return [own, *sorted(used - {own})]
