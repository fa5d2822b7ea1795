# SPDX-License-Identifier: MIT
"""The facts of the risk model as of a day D, read in SQL into arrays: nothing dated after D.

* **Invoices** issued by D (drafts, credit notes and fee documents left out; one voided by D
  left out, one voided later counted as it stood on D), with their customer, issue and due
  days and total.
* **The day each was paid off as of D**: the last of its movements dated by D (payment
  allocations of payments not reversed by D, credit applied, early-payment discounts and
  small-balance write-offs not reversed by D) once they add up to its total. A bad-debt
  write-off is not a payment: such an invoice stays unpaid, so late.
* **Disputes** opened by D; **promises to pay** whose day passed before D with the first
  invoice they cover not paid off by that day (broken, known the day after); **payment
  plans** agreed by D.

Days come back as whole days since 1970-01-01, computed in SQL (SQLite and PostgreSQL), so a
million rows are read without making a million ``date`` objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    FunctionElement,
    Integer,
    Select,
    SQLColumnExpression,
    func,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from arapp.db.models import (
    Adjustment,
    CreditAllocation,
    Customer,
    Invoice,
    InvoiceHold,
    Payment,
    PaymentAllocation,
    PaymentPlan,
)
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.risk_history import NEVER, History

EPOCH = date(1970, 1, 1)
#: Rows fetched at a time.
_CHUNK = 50_000


class _DayNumber(FunctionElement[int]):
    """Whole days from 1970-01-01 to a date column."""

    name = "day_number"
    type = Integer()
    inherit_cache = True


@compiles(_DayNumber)
def _day_plain(element: _DayNumber, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = list(element.clauses)
    return f"({compiler.process(day, **kw)} - DATE '1970-01-01')"


@compiles(_DayNumber, "sqlite")
def _day_sqlite(element: _DayNumber, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = list(element.clauses)
    return f"CAST(julianday({compiler.process(day, **kw)}) - 2440587.5 AS INTEGER)"


def day_number(day: date) -> int:
    return (day - EPOCH).days


def _units(column: SQLColumnExpression[Any]) -> ColumnElement[int]:
    return type_coerce(column, Integer)


def _live_invoices(as_of: date) -> list[ColumnElement[bool]]:
    return [
        Invoice.kind == DocumentKind.INVOICE,
        Invoice.status != InvoiceStatus.DRAFT,
        Invoice.issue_date <= as_of,
        or_(Invoice.voided_on.is_(None), Invoice.voided_on > as_of),
        Invoice.total > 0,
    ]


def _ints(rows: Sequence[Any], width: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    if not rows:
        return np.zeros((0, width), dtype=np.int64)
    return np.array(rows, dtype=np.int64)


def _int_rows(session: Session, query: Select[Any] | Any, width: int) -> Any:
    """The rows of ``query``, whose columns are all whole numbers, as an array. They are
    fetched from the driver's cursor as plain tuples: every column is an integer in the
    database already, and making a million SQLAlchemy rows costs ten times more than that."""
    result = session.connection().execute(query)
    parts = [np.zeros((0, width), dtype=np.int64)]
    try:
        while rows := result.cursor.fetchmany(_CHUNK):  # a chunk at a time: less memory
            parts.append(_ints(rows, width))
    finally:
        result.close()
    return np.concatenate(parts)


def _paid_off(session: Session, as_of: date) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Rows (invoice id, units moved by D, last movement's day) of every invoice moved by D."""
    moved = union_all(
        select(
            PaymentAllocation.invoice_id.label("iid"),
            _units(PaymentAllocation.amount).label("units"),
            _DayNumber(PaymentAllocation.date).label("day"),
        )
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(
            PaymentAllocation.date <= as_of,
            or_(Payment.status != "reversed", Payment.reversed_on > as_of),
        ),
        select(
            CreditAllocation.invoice_id,
            _units(CreditAllocation.amount),
            _DayNumber(CreditAllocation.date),
        ).where(CreditAllocation.date <= as_of),
        select(Adjustment.invoice_id, _units(Adjustment.amount), _DayNumber(Adjustment.date)).where(
            Adjustment.date <= as_of,
            Adjustment.kind != "bad_debt",
            or_(Adjustment.reversed.is_(False), Adjustment.reversed_on > as_of),
        ),
    ).subquery()
    query = select(moved.c.iid, func.sum(moved.c.units), func.max(moved.c.day)).group_by(
        moved.c.iid
    )
    return _int_rows(session, query, 3)


def read_history(session: Session, as_of: date) -> tuple[History, list[int]]:
    """The history as of ``as_of`` and the customer ids (customer n of the arrays is the n-th)."""
    invoices = _int_rows(
        session,
        select(
            Invoice.id,
            Invoice.customer_id,
            _DayNumber(Invoice.issue_date),
            _DayNumber(Invoice.due_date),
            _units(Invoice.total),
        )
        .where(*_live_invoices(as_of))
        .order_by(Invoice.id),
        5,
    )
    ids, total = invoices[:, 0], invoices[:, 4]
    paid = np.full(len(ids), NEVER, dtype=np.int64)
    moved = _paid_off(session, as_of)
    if len(moved) and len(ids):
        at = np.searchsorted(ids, moved[:, 0])
        found = (at < len(ids)) & (ids[np.minimum(at, len(ids) - 1)] == moved[:, 0])
        at, moved = at[found], moved[found]
        done = moved[:, 1] >= total[at]
        paid[at[done]] = moved[done, 2]
    customer_ids, customer = np.unique(invoices[:, 1], return_inverse=True)
    number = {int(cid): n for n, cid in enumerate(customer_ids)}

    def events(rows: Sequence[Any]) -> tuple[Any, Any]:
        kept = [(number[c], d) for c, d in rows if c in number]
        array = _ints(kept, 2)
        return array[:, 0], array[:, 1]

    disputes = session.execute(
        select(Invoice.customer_id, _DayNumber(InvoiceHold.opened_on))
        .join(Invoice, Invoice.id == InvoiceHold.invoice_id)
        .where(InvoiceHold.kind == "dispute", InvoiceHold.opened_on <= as_of)
    ).all()
    promises = session.execute(
        select(InvoiceHold.invoice_id, _DayNumber(InvoiceHold.until)).where(
            InvoiceHold.kind == "promise",
            InvoiceHold.until < as_of,
            InvoiceHold.opened_on <= as_of,
            or_(InvoiceHold.resolved_on.is_(None), InvoiceHold.resolved_on > InvoiceHold.until),
        )
    ).all()
    plans = session.execute(
        select(PaymentPlan.customer_id, _DayNumber(PaymentPlan.agreed_on)).where(
            PaymentPlan.agreed_on <= as_of
        )
    ).all()
    broken = []
    for invoice_id, until in promises:
        where = int(np.searchsorted(ids, invoice_id))
        if where < len(ids) and ids[where] == invoice_id and paid[where] > until:
            broken.append((int(invoices[where, 1]), until + 1))
    dispute_customer, dispute_day = events(disputes)
    broken_customer, broken_day = events(broken)
    plan_customer, plan_day = events(plans)
    # each column its own array: the rows read (five columns of a million) are let go
    history = History(
        customer=customer.astype(np.int64),
        issued=np.ascontiguousarray(invoices[:, 2]),
        due=np.ascontiguousarray(invoices[:, 3]),
        amount=total.astype(np.float64),
        paid=paid,
        dispute_customer=dispute_customer,
        dispute_day=dispute_day,
        broken_customer=broken_customer,
        broken_day=broken_day,
        plan_customer=plan_customer,
        plan_day=plan_day,
    )
    return history, [int(c) for c in customer_ids]


def customers_issued(session: Session, as_of: date) -> dict[int, tuple[str, str, str]]:
    """Every customer with an invoice issued by ``as_of`` (voided ones too): id to (code,
    name, terms)."""
    issued = select(Invoice.customer_id).where(
        Invoice.kind == DocumentKind.INVOICE,
        Invoice.status != InvoiceStatus.DRAFT,
        Invoice.issue_date <= as_of,
    )
    rows = session.execute(
        select(Customer.id, Customer.code, Customer.name, Customer.payment_terms).where(
            Customer.id.in_(issued)
        )
    )
    return {cid: (code, name, terms) for cid, code, name, terms in rows}


__all__ = ["EPOCH", "customers_issued", "day_number", "read_history"]
