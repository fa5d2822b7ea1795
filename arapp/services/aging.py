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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, lru_cache

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Integer,
    ScalarSelect,
    SQLColumnExpression,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    not_,
    or_,
    select,
    type_coerce,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
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
from arapp.db.types import MONEY_SCALE, Money, from_units, to_units
from arapp.domain.aging import AgingBucket, AgingRow, bucket_for
from arapp.domain.errors import ValidationError
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import minor_units, quantize
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


@dataclass(frozen=True)
class AgingReport:
    """The aging of every customer with a balance, as of a day.

    Attributes:
        as_of: The day.
        by: Aged by due date or invoice date.
        currency: The report's currency.
        lines: Customers with a non-zero balance, by name.
        total: The sum of the lines.
    """

    as_of: date
    by: AgeBy
    currency: str
    lines: tuple[AgingLine, ...]
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
        if as_of >= ctx.today() and not _issued_after(session, as_of):
            sums, names = _current_sums(session, as_of, by, currency)
        else:
            sums = defaultdict(lambda: [0] * len(AgingBucket))
            for raw in _historic_items(session, as_of, None):
                ref = raw[4] if by is AgeBy.INVOICE or raw[1] == "payment" else raw[5]
                sums[raw[0]][bucket_for(ref, as_of)] += to_units(raw[7])
            names = _names(session, [cid for cid, units in sums.items() if any(units)], currency)
    lines = _lines(sums, names, currency)
    total = [sum(column) for column in zip(*(sums[cid] for cid in names), strict=True)] or [0] * 5
    return AgingReport(as_of, by, currency, lines, AgingRow.of(_money(total, currency)))


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


def _issued_after(session: Session, as_of: date) -> bool:
    """Whether documents dated after ``as_of`` exist (the fast path would count them)."""
    later = select(Invoice.id).where(
        Invoice.issue_date > as_of, Invoice.status != InvoiceStatus.DRAFT
    )
    return session.scalar(select(later.exists())) or bool(
        session.scalar(select(select(Payment.id).where(Payment.date > as_of).exists()))
    )


def _bucket_sums(
    amount: SQLColumnExpression[int], day: SQLColumnExpression[date], as_of: date
) -> list[ColumnElement[int]]:
    """SQL for a group's total of ``amount`` (integer units) and its totals dated before each
    bucket boundary: ``as_of`` and 30, 60 and 90 days before it (computed here: portable).
    Each row is compared with the four
    boundaries once; a ``CASE`` choosing the bucket per column compares up to five times each.
    The buckets are the differences: total - p0, p0 - p30, p30 - p60, p60 - p90 and p90.
    """
    before = [day < as_of - timedelta(days=days) for days in (0, 30, 60, 90)]
    sums = [func.sum(amount), *(func.sum(case((b, amount), else_=literal(0))) for b in before)]
    return [cast(total, BigInteger) for total in sums]  # PostgreSQL: numeric otherwise


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


def _current_sums(
    session: Session, as_of: date, by: AgeBy, currency: str
) -> tuple[dict[int, list[int]], dict[int, tuple[str, str]]]:
    """Per customer of ``currency``: open units per bucket, in one query.

    Open invoices and credit notes (the partial covering index ``ix_invoice_open``) and
    unapplied payment credit (``ix_payment_credit``) are each grouped per customer, the two
    put together and joined to the customers; each row is compared with the four bucket
    boundaries once (see ``_bucket_sums``).
    """
    open_units = type_coerce(Invoice.total, Integer) - type_coerce(Invoice.amount_paid, Integer)
    signed = case((Invoice.kind == DocumentKind.CREDIT_NOTE, -open_units), else_=open_units)
    day = Invoice.issue_date if by is AgeBy.INVOICE else Invoice.due_date
    credit = -type_coerce(Payment.unapplied, Integer)
    parts = union_all(
        select(Invoice.customer_id.label("cid"), *_bucket_sums(signed, day, as_of))
        .where(open_invoice())
        .group_by(Invoice.customer_id),
        select(Payment.customer_id, *_bucket_sums(credit, Payment.date, as_of))
        .where(Payment.unapplied > 0)
        .group_by(Payment.customer_id),
    ).subquery()
    total, p0, p30, p60, p90 = (cast(func.sum(c), BigInteger) for c in list(parts.c)[1:])
    buckets = (total - p0, p0 - p30, p30 - p60, p60 - p90, p90)
    query = (
        select(parts.c.cid, Customer.code, Customer.name, *buckets)
        .join_from(parts, Customer, Customer.id == parts.c.cid)
        .where(Customer.currency == currency)
        .group_by(parts.c.cid, Customer.code, Customer.name)
    )
    sums: dict[int, list[int]] = {}
    names: dict[int, tuple[str, str]] = {}
    # Core rows (session.connection()) fetched at once: no per-row ORM work
    for customer_id, code, name, *amounts in session.connection().execute(query).all():
        sums[customer_id] = amounts
        names[customer_id] = (code, name)
    return sums, names


def _names(session: Session, ids: list[int], currency: str) -> dict[int, tuple[str, str]]:
    names = {}
    for chunk in chunked(ids):
        for cid, code, name in session.execute(
            select(Customer.id, Customer.code, Customer.name).where(
                Customer.id.in_(chunk), Customer.currency == currency
            )
        ):
            names[cid] = (code, name)
    return names


def _lines(
    sums: dict[int, list[int]], names: dict[int, tuple[str, str]], currency: str
) -> tuple[AgingLine, ...]:
    lines = [
        AgingLine(cid, code, name, currency, tuple(sums[cid]))
        for cid, (code, name) in names.items()
        if any(sums[cid])
    ]
    lines.sort(key=lambda line: (line.name.casefold(), line.code))
    return tuple(lines)


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
            select(PaymentAllocation.payment_id)
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(PaymentAllocation.date > as_of, Payment.date <= as_of),
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
                    select(PaymentAllocation.payment_id).where(PaymentAllocation.date > as_of)
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
