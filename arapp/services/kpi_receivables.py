# SPDX-License-Identifier: MIT
"""Receivables on many days at once, for the KPI trend: the aging report's figures without
running the aging report on each day.

The aging total as of a day X is the sum of every open item: invoices less what was paid,
credited and written off on them by X, open credit notes, and unapplied payment credit. Each
allocation takes as much off an invoice as it adds to its payment's credit, and each credit
note's use as much as it takes off its invoice, so the sum collapses (``tests/integration/
reports/test_kpi_receivables.py`` holds it to the aging report on every day of books with
payments, reversals, voids, credit notes, write-offs and refunds):

    total(X) = documents issued by X and not voided by X (credit notes negative)
             - payments received by X and not reversed by X
             - write-offs and discounts dated by X and not reversed by X
             + refunds paid by X

So one day's total comes from the aging report itself (the anchor, the last day asked for)
and every earlier day's from the movements dated after it, summed per day in SQL: the
documents issued and voided, payments received and reversed, adjustments made and reversed,
refunds. The Current column (items not yet due) is summed per day in SQL over the few
documents issued within the longest terms before that day, with the aging report's own rules
(:mod:`arapp.services.aging_sums`) for what is open of each; on a day when a customer who had
refunds also received a payment (refunds take the oldest credit first), that day's Current
column is the aging report's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    ScalarSelect,
    SQLColumnExpression,
    Subquery,
    and_,
    bindparam,
    case,
    func,
    literal,
    not_,
    or_,
    select,
    type_coerce,
    union,
)
from sqlalchemy.orm import Session

from arapp.db.models import (
    Adjustment,
    CreditAllocation,
    Invoice,
    Payment,
    PaymentAllocation,
    Refund,
)
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.services.aging_sums import allocation_counts
from arapp.services.kpi_facts import REVERSED, SalesRow, Scope, literal_text


def literal_text_int(value: int) -> BindParameter[int]:
    """An integer constant written into the SQL (a partial index's ``unapplied > 0``)."""
    return bindparam(None, value, literal_execute=True)


def _units(column: SQLColumnExpression[Any]) -> ColumnElement[int]:
    return type_coerce(column, Integer)


def _payments(scope: Scope) -> ColumnElement[bool]:
    if scope.customer_id is not None:
        return Payment.customer_id == scope.customer_id
    return Payment.currency == scope.currency


def _refunds(scope: Scope) -> ColumnElement[bool]:
    if scope.customer_id is not None:
        return Refund.customer_id == scope.customer_id
    return Refund.currency == scope.currency


def _per_day(session: Session, day: Any, units: Any, *where: Any) -> dict[date, int]:
    query = select(day, func.sum(units)).where(*where).group_by(day)
    return {when: int(total) for when, total in session.execute(query)}


def movements_by_day(
    session: Session, after: date, last: date, scope: Scope, sales: Iterable[SalesRow]
) -> dict[date, int]:
    """How the aging total changes on each day in (after, last], in stored units; ``sales``
    are the documents issued per day (from :func:`arapp.services.kpi_facts.sales_rows`,
    covering those days)."""
    change: dict[date, int] = {}

    def add(amounts: dict[date, int], sign: int) -> None:
        for day, units in amounts.items():
            change[day] = change.get(day, 0) + sign * units

    for day, _voided, units in sales:
        if after < day <= last:
            change[day] = change.get(day, 0) + units
    signed = case(
        (Invoice.kind == DocumentKind.CREDIT_NOTE, -_units(Invoice.total)),
        else_=_units(Invoice.total),
    )
    add(
        _per_day(
            session, Invoice.voided_on, signed, Invoice.status == literal_text(InvoiceStatus.VOID),
            Invoice.voided_on > after, Invoice.voided_on <= last, scope.documents(),
        ),
        -1,
    )  # fmt: skip
    add(
        _per_day(
            session, Payment.date, _units(Payment.amount), Payment.date > after,
            Payment.date <= last, _payments(scope),
        ),
        -1,
    )  # fmt: skip
    add(
        _per_day(
            session, Payment.reversed_on, _units(Payment.amount),
            Payment.status == literal_text(REVERSED),
            Payment.reversed_on > after, Payment.reversed_on <= last, _payments(scope),
        ),
        1,
    )  # fmt: skip
    adjusted = select(Adjustment).join(Invoice, Invoice.id == Adjustment.invoice_id)
    adjustments = adjusted.where(scope.documents()).subquery()
    add(
        _per_day(
            session, adjustments.c.date, _units(adjustments.c.amount),
            adjustments.c.date > after, adjustments.c.date <= last,
        ),
        -1,
    )  # fmt: skip
    add(
        _per_day(
            session, adjustments.c.reversed_on, _units(adjustments.c.amount),
            adjustments.c.reversed.is_(True), adjustments.c.reversed_on > after,
            adjustments.c.reversed_on <= last,
        ),
        1,
    )  # fmt: skip
    add(
        _per_day(
            session, Refund.date, _units(Refund.amount), Refund.date > after,
            Refund.date <= last, _refunds(scope),
        ),
        1,
    )  # fmt: skip
    return change


def longest_terms(session: Session, since: date, scope: Scope) -> int:
    """The most days from issue to due date of any document due on or after ``since``."""
    # the latest due date per issue day in SQL, the gap here (no date arithmetic in SQL)
    widest = (
        select(Invoice.issue_date, func.max(Invoice.due_date))
        .where(Invoice.due_date >= since, Invoice.status != InvoiceStatus.DRAFT, scope.documents())
        .group_by(Invoice.issue_date)
    )
    return max(((due - issued).days for issued, due in session.execute(widest)), default=0)


def _sum_of(amount: Any, *conditions: ColumnElement[bool]) -> ScalarSelect[int]:
    return (
        select(func.coalesce(func.sum(_units(amount)), literal(0)))
        .where(*conditions)
        .scalar_subquery()
    )


def _counts(day: date) -> ColumnElement[bool]:
    return and_(Payment.date <= day, or_(Payment.reversed_on.is_(None), Payment.reversed_on > day))


def _open_left(day: date) -> ColumnElement[int]:
    """What is open of a document as of ``day`` in stored units, with the aging report's rules
    (a credit note's unused part negative)."""
    paid = _sum_of(
        PaymentAllocation.amount, PaymentAllocation.invoice_id == Invoice.id,
        *allocation_counts(day),
    )  # fmt: skip
    credited = _sum_of(
        CreditAllocation.amount, CreditAllocation.invoice_id == Invoice.id,
        CreditAllocation.date <= day,
    )  # fmt: skip
    used = _sum_of(
        CreditAllocation.amount, CreditAllocation.credit_note_id == Invoice.id,
        CreditAllocation.date <= day,
    )  # fmt: skip
    adjusted = _sum_of(
        Adjustment.amount, Adjustment.invoice_id == Invoice.id, Adjustment.date <= day,
        or_(Adjustment.reversed.is_(False), Adjustment.reversed_on > day),
    )  # fmt: skip
    total = _units(Invoice.total)
    return case(
        (Invoice.kind == DocumentKind.CREDIT_NOTE, used - total),
        else_=total - paid - credited - adjusted,
    )


def _still_counted(day: date, scope: Scope) -> list[ColumnElement[bool]]:
    """A document issued by ``day``, neither voided nor paid off by then, of ``scope``."""
    return [
        Invoice.issue_date <= day,
        Invoice.status != InvoiceStatus.DRAFT,
        not_(and_(Invoice.status == InvoiceStatus.VOID, Invoice.voided_on <= day)),
        not_(and_(Invoice.status == InvoiceStatus.PAID, Invoice.paid_date <= day)),
        scope.documents(),
    ]


def _credit_left(day: date, scope: Scope, first: date, last: date) -> Subquery:
    """``(day, left)``: the unapplied credit as of ``day`` of each payment received in
    [first, last] that can have had some then (refunds aside: the callers check none can
    have taken it). Those are, each through its own index, the payments with credit now, those
    allocated after ``day`` and those reversed after it (the aging report's candidates)."""
    allocated = _sum_of(
        PaymentAllocation.amount, PaymentAllocation.payment_id == Payment.id,
        PaymentAllocation.date <= day,
    )  # fmt: skip
    with_credit = select(Payment.id).where(Payment.unapplied > literal_text_int(0))
    if (last - first).days < _FEW_DAYS:  # a few days' payments, through the date index
        with_credit = with_credit.where(Payment.date >= first, Payment.date <= last)
    # (else every payment with credit now, through the credit index: fewer than a quarter's
    # payments, each found by its key; the query below keeps those received in the span)
    candidates = union(
        with_credit,
        select(PaymentAllocation.payment_id).where(
            PaymentAllocation.late(),
            PaymentAllocation.date > day,
            PaymentAllocation.payment_date >= first,
            PaymentAllocation.payment_date <= last,
        ),
        select(Payment.id).where(
            Payment.status == literal_text(REVERSED), Payment.reversed_on > day,
            Payment.date >= first, Payment.date <= last,
        ),
    )  # fmt: skip
    credit = (_units(Payment.amount) - allocated).label("left")
    return (
        select(Payment.date.label("day"), credit)
        .where(
            Payment.id.in_(candidates),
            Payment.date >= first,
            Payment.date <= last,
            _counts(day),
            _payments(scope),
        )
        .subquery()
    )


#: Spans of fewer days than this find the payments with credit by their date.
_FEW_DAYS = 7


def _refund_clash(session: Session, day: date, scope: Scope, first: date, last: date) -> bool:
    """Whether a customer with refunds by ``day`` received a payment in [first, last] (refunds
    take the oldest credit first: that payment's credit is the aging report's to judge)."""
    refunded = select(Refund.customer_id).where(Refund.date <= day, _refunds(scope))
    clash = select(Payment.id).where(
        Payment.date >= first, Payment.date <= last, _payments(scope),
        Payment.customer_id.in_(refunded),
    )  # fmt: skip
    return bool(session.scalar(select(clash.exists())))


def current_units(session: Session, day: date, terms: int, scope: Scope) -> int | None:
    """The aging report's Current column as of ``day`` in stored units, or None when a
    customer with refunds received a payment that day (the caller asks the aging report)."""
    if _refund_clash(session, day, scope, day, day):
        return None
    documents = select(func.coalesce(func.sum(_open_left(day)), literal(0))).where(
        Invoice.issue_date >= day - timedelta(days=terms),
        Invoice.due_date >= day,
        *_still_counted(day, scope),
    )
    fresh = _credit_left(day, scope, day, day)
    on_day = select(func.coalesce(func.sum(fresh.c.left), literal(0))).where(fresh.c.left > 0)
    return int(session.scalar(documents) or 0) - int(session.scalar(on_day) or 0)


#: The overdue buckets summed per day by :func:`overdue_units`: days past due, inclusive.
OVERDUE_SPANS = ((1, 30), (31, 60), (61, 90))


def overdue_units(
    session: Session, day: date, terms: int, scope: Scope
) -> tuple[int, int, int] | None:
    """The aging report's 1-30, 31-60 and 61-90 columns (by due date) as of ``day`` in stored
    units, summed in SQL over the documents due in the 90 days before ``day`` (``terms``:
    the longest terms of any document due since), and the unapplied credit of the payments
    received in them; None when a customer with refunds received a payment in those days
    (the caller asks the aging report). The 90+ column is the total less the others."""
    first = day - timedelta(days=OVERDUE_SPANS[-1][1])
    if _refund_clash(session, day, scope, first, day - timedelta(days=1)):
        return None

    spans = [(day - timedelta(days=hi), day - timedelta(days=lo)) for lo, hi in OVERDUE_SPANS]
    left = _open_left(day)
    documents = select(
        *(
            func.coalesce(
                func.sum(case((Invoice.due_date.between(lo, hi), left), else_=literal(0))),
                literal(0),
            )
            for lo, hi in spans
        )
    ).where(
        Invoice.issue_date >= first - timedelta(days=terms),
        Invoice.due_date >= first,
        Invoice.due_date < day,
        *_still_counted(day, scope),
    )
    credit = _credit_left(day, scope, first, day - timedelta(days=1))
    credits = select(
        *(
            func.coalesce(
                func.sum(case((credit.c.day.between(lo, hi), credit.c.left), else_=literal(0))),
                literal(0),
            )
            for lo, hi in spans
        )
    ).where(credit.c.left > 0)
    owed = session.execute(documents).one()
    held = session.execute(credits).one()
    a, b, c = (int(o or 0) - int(h or 0) for o, h in zip(owed, held, strict=True))
    return a, b, c


def series(
    anchor: tuple[date, int], change: dict[date, int], days: Iterable[date]
) -> dict[date, int]:
    """The total on each of ``days`` (none after the anchor's day) from the anchor's total
    and the changes per day before it: total(X) = total(anchor) - changes in (X, anchor]."""
    last, units = anchor
    steps = sorted((day for day in change if day <= last), reverse=True)
    out: dict[date, int] = {}
    index = 0
    for day in sorted(set(days), reverse=True):
        while index < len(steps) and steps[index] > day:
            units -= change[steps[index]]
            index += 1
        out[day] = units
    return out


__all__ = [
    "OVERDUE_SPANS",
    "current_units",
    "longest_terms",
    "movements_by_day",
    "overdue_units",
    "series",
]
