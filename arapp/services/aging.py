# SPDX-License-Identifier: MIT
"""The aging report: who owes what, and for how long, as of any day.

Open items are invoices (positive), open credit notes and unapplied payment credit (negative).
Each is aged by its own date: invoices and credit notes by due date (or by invoice date when
asked), payment credit by the payment date. Buckets follow :mod:`arapp.domain.aging`. A report is
in one currency (customers in other currencies have their own report); a customer's total is the
balance shown everywhere else.

Two ways to the same figures:

* as of today (or later), the open items are read from the covering partial index on open
  invoices and the kept ``amount_paid``/``unapplied`` figures: one grouped query. This is exact
  because nothing is dated after today (payments cannot be, allocations take the later of the
  payment and invoice dates, voids and reversals are dated the day they happen); when an invoice
  or payment is dated after the day asked for, the report takes the second way;
* as of an earlier day, each candidate item's open amount is rebuilt from the allocations,
  credits, adjustments and refunds dated on or before that day, counting voids and reversals
  only from the day they happened. ``tests/integration/reports/test_aging_report.py`` checks
  that a day's report computed later equals the report computed on that day.

Both ways bucket and sum per customer in SQL (:mod:`arapp.services.aging_sums`) and hand one
plain tuple per customer to Python; a line object is made when a line is read. The drill-down
(:func:`aging_items`) rebuilds one customer's items one by one: it is the reference the grouped
SQL is held to (``tests/integration/reports/test_aging_sums.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, lru_cache
from operator import itemgetter
from typing import overload

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    ScalarSelect,
    SQLColumnExpression,
    and_,
    bindparam,
    func,
    literal,
    not_,
    or_,
    select,
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
    money_sum,
    open_invoice,
)
from arapp.db.types import MONEY_SCALE, Money, from_units
from arapp.domain.aging import AgingBucket, AgingRow, bucket_for
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import minor_units, quantize
from arapp.services.aging_sums import SumRow, company_sums, customer_sums
from arapp.services.company import company_currency
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors


class AgeBy(StrEnum):
    DUE = "due"
    INVOICE = "invoice"


@dataclass(frozen=True)
class AgingLine:
    """One customer's open balance per bucket.

    Attributes:
        customer_id: Customer.
        code: Customer code.
        name: Customer name.
        currency: The report's currency.
        units: The amounts per bucket as stored: integer counts of 1/10,000 of the currency
            unit. ``row`` turns them into money when first read, so a report of 100,000
            customers converts only the lines that are shown or exported.
    """

    customer_id: int
    code: str
    name: str
    currency: str
    units: tuple[int, ...]

    @cached_property
    def row(self) -> AgingRow:
        """The amounts per bucket and the total, in the currency."""
        return AgingRow.of(_money(self.units, self.currency))


class AgingLines(Sequence[AgingLine]):
    """The report's lines, in order, each made from its plain row when first read.

    A report of 100,000 customers keeps one tuple per customer (from SQL); a line object is
    made only for the rows someone reads (the table shows a screenful), then kept, so a line
    read twice is the same object. Compares equal to any sequence of the same lines.
    """

    __slots__ = ("_currency", "_made", "_rows")

    def __init__(self, rows: Sequence[SumRow], currency: str) -> None:
        self._rows = rows
        self._currency = currency
        self._made: list[AgingLine | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> AgingLine: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[AgingLine, ...]: ...
    def __getitem__(self, index: int | slice) -> AgingLine | tuple[AgingLine, ...]:
        if isinstance(index, slice):
            return tuple(self[n] for n in range(*index.indices(len(self._rows))))
        line = self._made[index]
        if line is None:
            cid, code, name, *units = self._rows[index]
            line = self._made[index] = AgingLine(cid, code, name, self._currency, tuple(units))
        return line

    def __iter__(self) -> Iterator[AgingLine]:
        return (self[n] for n in range(len(self._rows)))

    @property
    def customer_ids(self) -> list[int]:
        """The customers, in the lines' order (without making a line object)."""
        return [row[0] for row in self._rows]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash((self._currency, tuple(self._rows)))

    def __repr__(self) -> str:
        return f"AgingLines({len(self)} lines, {self._currency})"


@dataclass(frozen=True)
class AgingReport:
    """The aging of every customer with a balance, as of a day.

    Attributes:
        as_of: The day.
        by: Aged by due date or invoice date.
        currency: The report's currency.
        lines: Customers with a non-zero balance, by name (case folded), then by code.
        total: The sum of the lines.
    """

    as_of: date
    by: AgeBy
    currency: str
    lines: AgingLines
    total: AgingRow


@dataclass(frozen=True)
class AgingItem:
    """One open item behind a customer's aging line (the drill-down).

    Attributes:
        kind: invoice, credit_note or payment.
        id: The document's id.
        reference: Its number (payment: its reference).
        issue_date: Document date.
        due_date: Due date (payment: its date).
        total: Its full amount (positive).
        open: What is open of it as of the day (negative for credit).
        days: Days past due (by invoice date: days since the invoice date).
        bucket: Its aging bucket.
    """

    kind: str
    id: int
    reference: str
    issue_date: date
    due_date: date
    total: Decimal
    open: Decimal
    days: int
    bucket: AgingBucket


# (customer id, kind, id, reference, issue date, due date, total, signed open amount)
_Raw = tuple[int, str, int, str, date, date, Decimal, Decimal]


def _check(by: AgeBy | str) -> AgeBy:
    try:
        return AgeBy(by)
    except ValueError:
        raise InputErrors([ValidationError("by", "Age by “due” or “invoice” date.")]) from None


def aging_report(
    ctx: AppContext, as_of: date | None = None, by: AgeBy | str = AgeBy.DUE, currency: str = ""
) -> AgingReport:
    """The aging as of ``as_of`` (default today) in ``currency`` (default the company's)."""
    as_of, by = as_of or ctx.today(), _check(by)
    with ctx.db.read() as session:
        currency = currency.strip().upper() or company_currency(session)
        current = as_of >= ctx.today() and not issued_after(session, as_of)
        rows = customer_sums(session, as_of, by is AgeBy.INVOICE, currency, current)
    # the report's order, by name case folded, then by code (unique): sorted by code, then
    # stably by the folded name alone, which keeps equal names in their codes' order (the same
    # order as one sort by both, without a key tuple per customer)
    rows.sort(key=itemgetter(1))
    rows.sort(key=_folded_name)
    total = [sum(map(itemgetter(n), rows)) for n in range(3, 8)]  # each column in C
    lines = AgingLines(rows, currency)
    return AgingReport(as_of, by, currency, lines, AgingRow.of(_money(total, currency)))


def aging_total(ctx: AppContext, as_of: date | None = None, currency: str = "") -> AgingRow:
    """The aging report's total row (by due date) as of ``as_of`` (today) in ``currency``
    (the company's), summed at once rather than customer by customer: the same figures, a
    fraction of the time (the Insight tab's first figures)."""
    as_of = as_of or ctx.today()
    with ctx.db.read() as session:
        currency = currency.strip().upper() or company_currency(session)
        current = as_of >= ctx.today() and not issued_after(session, as_of)
        units = company_sums(session, as_of, False, currency, current)
    return AgingRow.of(_money(units, currency))


def _folded_name(row: SumRow) -> str:
    return row[2].casefold()


def aging_items(
    ctx: AppContext, customer_id: int, as_of: date | None = None, by: AgeBy | str = AgeBy.DUE
) -> list[AgingItem]:
    """The open items of one customer as of ``as_of``, oldest first; they add up to its line."""
    as_of, by = as_of or ctx.today(), _check(by)
    with ctx.db.read() as session:
        customer = session.get(Customer, customer_id)
        currency = customer.currency if customer else "EUR"
        items = []
        for _c, kind, item_id, ref, issued, due, total, open_ in _historic_items(
            session, as_of, [customer_id]
        ):
            aged_from = issued if by is AgeBy.INVOICE or kind == "payment" else due
            items.append(
                AgingItem(
                    kind, item_id, ref, issued, due, quantize(total, currency),
                    quantize(open_, currency), (as_of - aged_from).days,
                    bucket_for(aged_from, as_of),
                )
            )  # fmt: skip
    return sorted(items, key=lambda i: (-i.days, i.kind, i.reference))


def issued_after(session: Session, as_of: date) -> bool:
    """Whether documents dated after ``as_of`` exist (the fast path would count them)."""
    later = select(Invoice.id).where(
        Invoice.issue_date > as_of, Invoice.status != InvoiceStatus.DRAFT
    )
    return session.scalar(select(later.exists())) or bool(
        session.scalar(select(select(Payment.id).where(Payment.date > as_of).exists()))
    )


def _money(units: Sequence[int], currency: str) -> list[Decimal]:
    """Stored units as amounts of ``currency``: exact when they are whole minor units (sums of
    open amounts always are), else rounded by the one rule."""
    places, step, zero = _layout(currency)
    return [
        zero
        if not u
        else Decimal(u // step).scaleb(-places)
        if u % step == 0
        else quantize(from_units(u), currency)
        for u in units
    ]


@lru_cache(maxsize=64)
def _layout(currency: str) -> tuple[int, int, Decimal]:
    places = minor_units(currency)
    return places, 10 ** (MONEY_SCALE - places), Decimal(0).scaleb(-places)


def _sum_of(
    amount: SQLColumnExpression[Decimal], *conditions: ColumnElement[bool]
) -> ScalarSelect[Decimal]:
    """A correlated ``SUM`` for one row of the outer query (0 over no rows), read by index."""
    return (
        select(func.coalesce(money_sum(amount), literal(Decimal(0), Money)))
        .where(*conditions)
        .scalar_subquery()
    )


def _literal(value: str) -> BindParameter[str]:
    """A constant written into the SQL: SQLite matches a partial index only to literals."""
    return bindparam(None, value, literal_execute=True)


def _counts(as_of: date) -> ColumnElement[bool]:
    """A payment counts as of ``as_of``: received by then and not reversed by then."""
    return and_(
        Payment.date <= as_of, or_(Payment.reversed_on.is_(None), Payment.reversed_on > as_of)
    )


def _historic_items(
    session: Session, as_of: date, customer_ids: list[int] | None
) -> Iterator[_Raw]:
    """Every item open as of ``as_of``, its open amount rebuilt from dated movements.

    Candidates are the documents dated by then and not settled or voided by then: those open
    now, and those paid or voided since (partial indexes on those days, so a recent day reads
    few); only their movements are summed (by index, per candidate).
    """
    paid = (
        select(func.coalesce(money_sum(PaymentAllocation.amount), literal(Decimal(0), Money)))
        .join_from(PaymentAllocation, Payment, Payment.id == PaymentAllocation.payment_id)
        .where(
            PaymentAllocation.invoice_id == Invoice.id,
            PaymentAllocation.date <= as_of,
            _counts(as_of),
        )
        .scalar_subquery()
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
    query = select(
        Invoice.customer_id, Invoice.kind, Invoice.id, Invoice.number, Invoice.issue_date,
        Invoice.due_date, Invoice.total, paid, credited, used, adjusted,
    )  # fmt: skip
    if customer_ids is None:
        # open now, or paid or voided since: three partial indexes, no scan of the history
        # (paid invoices always have their paid_date, voided ones their voided_on)
        candidates = union_all(
            select(Invoice.id).where(open_invoice(), Invoice.issue_date <= as_of),
            select(Invoice.id).where(
                Invoice.status == _literal(InvoiceStatus.PAID),
                Invoice.paid_date > as_of,
                Invoice.issue_date <= as_of,
            ),
            select(Invoice.id).where(
                Invoice.status == _literal(InvoiceStatus.VOID),
                Invoice.voided_on > as_of,
                Invoice.issue_date <= as_of,
            ),
        )
        query = query.where(Invoice.id.in_(candidates))
    else:  # a few customers: their invoices by the customer index
        query = query.where(
            Invoice.customer_id.in_(customer_ids),
            Invoice.issue_date <= as_of,
            Invoice.status != InvoiceStatus.DRAFT,
            not_(and_(Invoice.status == InvoiceStatus.PAID, Invoice.paid_date <= as_of)),
            not_(and_(Invoice.status == InvoiceStatus.VOID, Invoice.voided_on <= as_of)),
        )
    for cid, kind, iid, number, issued, due, total, pay, cin, cout, adj in session.execute(query):
        left = -(total - cout) if kind == DocumentKind.CREDIT_NOTE else total - pay - cin - adj
        if left:
            yield cid, kind, iid, number or "", issued, due, total, left
    yield from _historic_credit(session, as_of, customer_ids)


def _historic_credit(
    session: Session, as_of: date, customer_ids: list[int] | None
) -> Iterator[_Raw]:
    """Unapplied payment credit as of ``as_of``; refunds take the oldest credit first.

    Only payments that can have had credit then are read: with credit now, reversed since,
    allocated after the day, or of a customer who had refunds (for the oldest-first rule).
    """
    allocated = _sum_of(
        PaymentAllocation.amount,
        PaymentAllocation.payment_id == Payment.id,
        PaymentAllocation.date <= as_of,
    )
    query = (
        select(
            Payment.customer_id,
            Payment.id,
            Payment.reference,
            Payment.date,
            Payment.amount,
            allocated,
        )
        .where(_counts(as_of))
        .order_by(Payment.customer_id, Payment.date, Payment.id)
    )
    refunds_q = select(Refund.customer_id, money_sum(Refund.amount)).where(Refund.date <= as_of)
    if customer_ids is None:
        # each part read through its own index (an OR of them would read every payment)
        candidates = union(
            select(Payment.id).where(Payment.unapplied > 0, Payment.date <= as_of),
            select(Payment.id).where(
                Payment.status == _literal("reversed"), Payment.reversed_on > as_of
            ),
            select(PaymentAllocation.payment_id).where(
                PaymentAllocation.late(),
                PaymentAllocation.date > as_of,
                PaymentAllocation.payment_date <= as_of,
            ),
            select(Payment.id).where(
                Payment.customer_id.in_(select(Refund.customer_id)), Payment.date <= as_of
            ),
        )
        query = query.where(Payment.id.in_(candidates))
    else:
        query = query.where(
            Payment.customer_id.in_(customer_ids),
            or_(
                Payment.unapplied > 0,
                Payment.reversed_on > as_of,
                Payment.id.in_(
                    select(PaymentAllocation.payment_id).where(
                        PaymentAllocation.late(), PaymentAllocation.date > as_of
                    )
                ),
                Payment.customer_id.in_(select(Refund.customer_id)),
            ),
        )
        refunds_q = refunds_q.where(Refund.customer_id.in_(customer_ids))
    refunded = dict(session.execute(refunds_q.group_by(Refund.customer_id)).all())
    for cid, pid, reference, day, amount, used in session.execute(query):
        left = amount - used
        taken = min(left, refunded.get(cid) or Decimal(0))
        if taken > 0:
            refunded[cid] -= taken
            left -= taken
        if left > 0:
            yield cid, "payment", pid, reference, day, day, amount, -left
